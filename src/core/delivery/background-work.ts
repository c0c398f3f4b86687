import type { Logger } from "../ports/logger.port.ts";

/**
 * Work a feature starts without making the member wait (message edits, private deliveries), kept until it
 * settles so that tests and shutdown can wait for it with idle(). A failure is logged, never thrown.
 */
export class BackgroundWork {
  readonly #logger: Logger;
  readonly #failure: string;
  readonly #pending = new Set<Promise<void>>();

  /** `failure` is the log message for a task that fails (e.g. "poll background task failed"). */
  constructor(logger: Logger, failure: string) {
    this.#logger = logger;
    this.#failure = failure;
  }

  /** Keeps a task until it settles; `failure` overrides the log message for this one. */
  track(task: Promise<unknown>, failure = this.#failure): void {
    const settled = task.then(
      () => undefined,
      (error: unknown) => this.#logger.warn({ err: error }, failure),
    );
    this.#pending.add(settled);
    void settled.finally(() => this.#pending.delete(settled));
  }

  /** Resolves once no background work is left, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}

/**
 * Brings what a key shows (a poll's counts, an offer's remaining codes, a Q&A board) up to date, in the
 * background: runs for one key never overlap, and a request during a run makes exactly one more run, so
 * the last one always reads the state after every change that asked for it.
 */
export class Refresher {
  readonly #refreshOnce: (key: string) => Promise<void>;
  readonly #background: BackgroundWork;
  readonly #failure: string;
  readonly #running = new Map<string, { again: boolean; done: Promise<void> }>();

  constructor(refreshOnce: (key: string) => Promise<void>, background: BackgroundWork, failure: string) {
    this.#refreshOnce = refreshOnce;
    this.#background = background;
    this.#failure = failure;
  }

  /** Asks for `key` to be brought up to date. */
  request(key: string): void {
    const running = this.#running.get(key);
    if (running) {
      running.again = true;
      return;
    }
    const entry = { again: false, done: Promise.resolve() };
    this.#running.set(key, entry);
    entry.done = this.#untilCurrent(key, entry);
    this.#background.track(entry.done, this.#failure);
  }

  /** Resolves once the run in flight for `key` (if any) has finished, so that no stale state lands after. */
  async settled(key: string): Promise<void> {
    await this.#running.get(key)?.done;
  }

  async #untilCurrent(key: string, entry: { again: boolean }): Promise<void> {
    try {
      do {
        entry.again = false;
        await this.#refreshOnce(key);
      } while (entry.again);
    } finally {
      this.#running.delete(key);
    }
  }
}
