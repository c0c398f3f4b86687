import { createConcurrentSink, createRunner, createSource, type RunnerHandle } from "@grammyjs/runner";
import { type Bot, GrammyError } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../../core/ports/logger.port.ts";
import { within } from "../shared/within.ts";
import { toPlatformError } from "./telegram.errors.ts";

/** Long polling's tuning. */
export interface PollingOptions {
  /** How long one getUpdates waits for updates. */
  readonly timeoutSeconds: number;
  readonly allowedUpdates: readonly string[];
  /** At most this many updates handled at once. */
  readonly concurrency?: number;
  /**
   * An update still being handled after this long stops holding the offset back (it is confirmed to
   * Telegram while it finishes), so one stuck update cannot stop the bot from receiving.
   */
  readonly stuckAfterMs?: number;
  readonly logger: Logger;
}

/** Long polling that is running. */
export interface Polling {
  isRunning(): boolean;
  /** Updates fetched and not yet handled. */
  readonly inFlight: number;
  /**
   * Stops fetching, waits up to `timeoutMs` for the updates being handled, then confirms to Telegram the
   * ones handled; returns how many were still being handled (they will be fetched again by the next start).
   */
  stop(timeoutMs: number): Promise<number>;
}

/** The part of an abort signal used here (the runner passes a polyfill's, not the DOM type). */
interface Cancellation {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** getUpdates returns at most this many updates. */
const FETCH_LIMIT = 100;

/** While updates being handled hold the offset back, fetch again at most this often. */
const REFETCH_MS = 250;

/** Waits between failed fetches, doubling up to the last. */
const RETRY_DELAYS_MS = [100, 200, 400, 800, 1_600, 3_200, 5_000];

/**
 * Long polling through @grammyjs/runner's concurrent sink, with a getUpdates offset that only passes an
 * update once it has been handled. Telegram forgets every update below the offset, so the runner's own
 * fetcher (which moves the offset past a batch as soon as it is fetched) lets a crash lose the updates still
 * being handled. Here the offset is the oldest update still in flight: a fetch may return updates already
 * being handled, which are skipped, and when it returns nothing new the next fetch waits for one to finish.
 * Fetching also waits (a quarter of a second at most) while the updates between the offset and the newest
 * fetched would fill half of a fetch, so that a fetch brings mostly new updates rather than the same again.
 */
export function startPolling(bot: Bot, options: PollingOptions): Polling {
  const inFlight = new Set<number>();
  /** The offset past the newest update fetched. */
  let next = 0;
  const waiters = new Set<() => void>();
  const settled = (updateId: number) => {
    inFlight.delete(updateId);
    for (const wake of [...waiters]) wake();
  };
  const offset = () => {
    let oldest = next;
    for (const id of inFlight) if (id < oldest) oldest = id;
    return oldest;
  };
  /** Resolves when an update settles, the signal aborts, or `maxMs` passes. */
  const oneSettles = (signal: Cancellation, maxMs: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      waiters.add(done);
      signal.addEventListener("abort", done);
    });

  const fetchUpdates = async (limit: number, signal: Cancellation): Promise<Update[]> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await bot.api.getUpdates(
          {
            offset: offset(),
            limit,
            timeout: options.timeoutSeconds,
            allowed_updates: [...options.allowedUpdates] as never,
          },
          signal as never,
        );
      } catch (error) {
        // A wrong token or another instance polling will not get better by waiting.
        if (signal.aborted || (error instanceof GrammyError && [401, 409].includes(error.error_code))) throw error;
        options.logger.warn({ code: toPlatformError(error)?.code }, "telegram getUpdates failed; trying again");
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 5_000;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  const source = createSource<Update>({
    supply: async (batchSize, signal) => {
      await bot.init();
      for (;;) {
        const until = Date.now() + REFETCH_MS;
        while (next - offset() >= FETCH_LIMIT / 2 && !signal.aborted && Date.now() < until) {
          await oneSettles(signal, until - Date.now());
        }
        if (signal.aborted) return [];
        const updates = await fetchUpdates(Math.max(1, Math.min(batchSize, FETCH_LIMIT)), signal);
        const fresh = updates.filter((update) => update.update_id >= next);
        for (const update of fresh) inFlight.add(update.update_id);
        const last = updates.at(-1);
        if (last) next = Math.max(next, last.update_id + 1);
        if (fresh.length > 0 || updates.length === 0) return fresh;
        // Everything fetched is being handled already, and Telegram answers at once while it holds updates,
        // so there is no long poll: wait a little (or for one to finish) before asking again.
        if (updates.some((update) => inFlight.has(update.update_id))) await oneSettles(signal, REFETCH_MS);
        if (signal.aborted) return [];
      }
    },
  });
  const sink = createConcurrentSink<Update, unknown>(
    {
      consume: async (update) => {
        try {
          await bot.handleUpdate(update);
        } finally {
          settled(update.update_id);
        }
      },
    },
    async (error) => {
      try {
        await bot.errorHandler(error as Parameters<Bot["errorHandler"]>[0]);
      } catch (second) {
        options.logger.error({ err: second }, "telegram error handler failed");
      }
    },
    {
      concurrency: options.concurrency ?? 500,
      timeout: {
        milliseconds: options.stuckAfterMs ?? 60_000,
        handler: (update: Update) => {
          options.logger.warn({ updateId: update.update_id }, "telegram update still being handled; confirmed anyway");
          settled(update.update_id);
        },
      },
    },
  );
  const runner: RunnerHandle = createRunner(source, sink);
  runner.start();
  void runner
    .task()
    ?.catch((error: unknown) =>
      options.logger.error({ code: toPlatformError(error)?.code }, "telegram polling stopped"),
    );

  return {
    isRunning: () => runner.isRunning(),
    get inFlight() {
      return inFlight.size;
    },
    async stop(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      await within(runner.stop() ?? Promise.resolve(), timeoutMs);
      while (inFlight.size > 0 && Date.now() < deadline) {
        await oneSettles(new AbortController().signal, Math.max(0, deadline - Date.now()));
      }
      const confirmed = offset();
      if (confirmed > 0) {
        // Confirms the updates handled so far, so the next start does not fetch them again.
        await within(
          bot.api.getUpdates({ offset: confirmed, limit: 1, timeout: 0 }),
          Math.max(0, deadline - Date.now()),
        );
      }
      return inFlight.size;
    },
  };
}
