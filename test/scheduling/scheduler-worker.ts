// One Circolo instance's scheduler in its own process, for the multi-instance test: it opens the shared
// database, runs a CronScheduler on the real clock and reports every fire to the parent over IPC.
// With HANG=1 its job starts and never finishes, so the parent can kill it mid-run.
import { systemClock } from "../../src/core/ports/clock.port.ts";
import type { Logger } from "../../src/core/ports/logger.port.ts";
import { openDatabase } from "../../src/persistence/database.ts";
import { ScheduleRepositoryPrisma } from "../../src/persistence/repositories/schedule.repository.ts";
import { CronScheduler } from "../../src/scheduling/cron-scheduler.ts";

/** A worker's report of a fire: its job started, or ran to the end. */
export interface FireMessage {
  type: "started" | "ran";
  owner: string;
  scheduleId: string;
  fireAt: string;
}

/** What a worker tells the test. */
export type WorkerMessage = { type: "ready"; owner: string } | FireMessage;

const { DATABASE_URL: url, OWNER: owner = "worker", HANG, LEASE_MS = "2000" } = process.env;
if (!url || !process.send) throw new Error("run me with fork(), DATABASE_URL and OWNER set");

const send = (message: WorkerMessage) => process.send?.(message);

// Only problems reach the test's output; the fires themselves are reported over IPC.
const stderrLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (fields, message) => console.warn(JSON.stringify({ owner, message, ...fields })),
  error: (fields, message) => console.error(JSON.stringify({ owner, message, ...fields })),
  child: () => stderrLogger,
};

const database = await openDatabase(url);
const scheduler = new CronScheduler({
  repository: new ScheduleRepositoryPrisma(database.prisma),
  clock: systemClock,
  logger: stderrLogger,
  owner,
  leaseMs: Number(LEASE_MS),
  graceMs: 120_000,
});

scheduler.register("record", async ({ scheduleId, fireAt }) => {
  send({ type: "started", owner, scheduleId, fireAt: fireAt.toISOString() });
  if (HANG === "1") await new Promise(() => {});
  send({ type: "ran", owner, scheduleId, fireAt: fireAt.toISOString() });
});

process.once("SIGTERM", async () => {
  await scheduler.stop();
  await database.close();
  process.exit(0);
});

await scheduler.start();
send({ type: "ready", owner });
