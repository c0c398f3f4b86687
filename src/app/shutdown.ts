import type pino from "pino";

/**
 * How long each stage of shutdown may take, in ms. Together they stay under the 10 s that `docker stop` (and
 * most process managers) grant after SIGTERM before SIGKILL. A stage that overruns is logged and left behind,
 * so shutdown always ends: a platform that does not answer costs its stages' time, never more.
 */
export const shutdownDeadlines = {
  /** No schedule fires from here on. */
  scheduler: 1_000,
  /** The platforms stop taking updates and answer those in flight. */
  receiving: 2_500,
  /** Poll, offer and Q&A messages that answered updates asked to edit. */
  background: 1_000,
  /** Replies and edits still queued are sent, then the platforms disconnect (anything still waiting is cancelled). */
  platforms: 2_500,
  http: 500,
  /** Buffered engagement events are written: the one stage that must finish for nothing to be lost. */
  events: 1_500,
  database: 500,
} as const;

/** The sum of the stages: past this, the entry point gives up on a clean stop. */
export const shutdownBudgetMs = Object.values(shutdownDeadlines).reduce((sum, ms) => sum + ms, 0);

/** One stage's outcome. */
export type StageOutcome = "done" | "timed out" | "failed";

/**
 * Runs one stage of shutdown with its deadline: resolves when the work settles or the deadline passes,
 * whichever is first, logging the latter. Never rejects, so the stages after it still run.
 */
export async function shutdownStage(
  logger: pino.Logger,
  stage: keyof typeof shutdownDeadlines,
  work: () => Promise<unknown>,
): Promise<StageOutcome> {
  const ms = shutdownDeadlines[stage];
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<StageOutcome>((resolve) => {
    timer = setTimeout(() => resolve("timed out"), ms);
  });
  const settled = Promise.resolve()
    .then(work)
    .then(
      (): StageOutcome => "done",
      (error: unknown): StageOutcome => {
        logger.error({ stage, err: error }, "shutdown stage failed");
        return "failed";
      },
    );
  const outcome = await Promise.race([settled, late]);
  clearTimeout(timer);
  if (outcome === "timed out") logger.warn({ stage, deadlineMs: ms }, "shutdown stage did not finish in time");
  else logger.info({ stage, outcome, ms: Math.round(performance.now() - started) }, "shutdown stage ended");
  return outcome;
}
