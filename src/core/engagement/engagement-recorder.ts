import { type EngagementInput, type EngagementRow, isInteraction } from "../domain/engagement.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { EngagementRepository } from "../ports/repositories.port.ts";
import { localDay, utcHour } from "../time/local-time.ts";

/** Tuning of the recorder's batching. */
export interface EngagementRecorderOptions {
  /** Flush as soon as this many events are pending. */
  readonly maxBatch?: number;
  /** Flush pending events at most this long after the first one arrived. */
  readonly flushIntervalMs?: number;
  /** After a failed write, wait this long before trying again. */
  readonly retryDelayMs?: number;
  readonly logger: Logger;
  /** Called with how many events each committed batch inserted (metrics). */
  readonly onCommitted?: (inserted: number) => void;
}

interface Pending {
  row: EngagementRow;
  done: () => void;
  /** Someone waits for this event to be durable before answering (see record's `urgent`). */
  urgent: boolean;
}

/**
 * The hot path every interaction goes through. Events are buffered and written in batches, one
 * transaction each, flushed at a size or after a short interval, and on shutdown. A person-linked
 * event needs an analytics grant (see EngagementSubject) and an interaction kind; anything else is written
 * without a member.
 * A failed write keeps the batch and tries again, so nothing accepted is dropped.
 */
export class EngagementRecorder {
  readonly #repository: EngagementRepository;
  readonly #maxBatch: number;
  readonly #flushIntervalMs: number;
  readonly #retryDelayMs: number;
  readonly #logger: Logger;
  readonly #onCommitted: ((inserted: number) => void) | undefined;
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;
  #closed = false;

  constructor(repository: EngagementRepository, options: EngagementRecorderOptions) {
    this.#repository = repository;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#flushIntervalMs = options.flushIntervalMs ?? 250;
    this.#retryDelayMs = options.retryDelayMs ?? 1_000;
    this.#logger = options.logger;
    this.#onCommitted = options.onCommitted;
  }

  /** How many events wait to be written. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /**
   * Accepts an event. The returned promise settles when the batch holding it is committed; callers on
   * the hot path need not wait for it. `urgent`: the caller waits for the commit before acknowledging the
   * interaction to the platform, so the event is written at once (group commit: events arriving while a
   * batch is being written go together in the next one) instead of after the flush interval.
   */
  record(input: EngagementInput, options: { urgent?: boolean } = {}): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("EngagementRecorder is closed"));
    const row: EngagementRow = {
      communityId: input.communityId,
      campaignId: input.campaignId ?? null,
      kind: input.kind,
      at: input.at,
      // Only an interaction may name its member: a consent choice never does, so it can make nobody active.
      memberId: input.subject.kind === "member" && isInteraction(input.kind) ? input.subject.grant.memberId : null,
      dedupeKey: input.dedupeKey ?? null,
      day: localDay(input.at, input.timeZone),
      hour: utcHour(input.at),
    };
    const urgent = options.urgent ?? false;
    return new Promise<void>((resolve) => {
      this.#pending.push({ row, done: resolve, urgent });
      if (urgent || this.#pending.length >= this.#maxBatch) this.#kick();
      else this.#arm(this.#flushIntervalMs);
    });
  }

  /**
   * Removes the member from events not yet written, so a withdrawn consent takes effect at once:
   * those events are still counted, anonymously.
   */
  forgetMember(memberId: string): void {
    this.#pending = this.#pending.map((p) =>
      p.row.memberId === memberId ? { ...p, row: { ...p.row, memberId: null } } : p,
    );
  }

  /** Writes everything pending now. */
  async flush(): Promise<void> {
    while (this.#pending.length > 0 || this.#flushing) {
      if (this.#flushing) await this.#flushing;
      else await this.#writeOne(true);
    }
  }

  /** Flushes and refuses further events (shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.flush();
  }

  #arm(delayMs: number): void {
    if (this.#timer || this.#flushing) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#kick();
    }, delayMs);
  }

  #kick(): void {
    if (this.#flushing) return;
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    void this.#writeOne(false);
  }

  async #writeOne(throwOnFailure: boolean): Promise<void> {
    const batch = this.#pending.splice(0, this.#maxBatch);
    if (batch.length === 0) return;
    const run = (async () => {
      try {
        const inserted = await this.#repository.writeBatch(batch.map((p) => p.row));
        this.#onCommitted?.(inserted);
        for (const p of batch) p.done();
        return true;
      } catch (error) {
        this.#pending.unshift(...batch);
        this.#logger.error({ err: error, events: batch.length }, "engagement batch failed; will retry");
        if (throwOnFailure) throw error;
        return false;
      }
    })();
    const flushing = run.then(
      () => undefined,
      () => undefined,
    );
    this.#flushing = flushing;
    // Only this write's own marker is cleared: the next write, kicked off below, sets its own, and flush()
    // must keep waiting for it.
    const done = () => {
      if (this.#flushing === flushing) this.#flushing = null;
    };
    try {
      const succeeded = await run;
      done();
      if (succeeded && (this.#pending.length >= this.#maxBatch || this.#pending.some((p) => p.urgent))) this.#kick();
      else if (this.#pending.length > 0 && !this.#closed)
        this.#arm(succeeded ? this.#flushIntervalMs : this.#retryDelayMs);
    } finally {
      done();
    }
  }
}
