// The only scheduling unit test on the real clock: it proves node-cron drives the scheduler, so it waits
// a second or two of wall time.
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../../src/core/ports/clock.port.ts";
import { InMemoryScheduleRepository } from "../../../src/persistence/repositories/in-memory/schedule.in-memory.ts";
import { CronScheduler } from "../../../src/scheduling/cron-scheduler.ts";
import { RecordingLogger } from "./fixtures.ts";

const rome = "Europe/Rome";

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("node-cron as the wall-clock trigger", () => {
  const fires: Array<{ fireAt: Date; ranAt: Date }> = [];
  let scheduler: CronScheduler;

  function startedScheduler(repository = new InMemoryScheduleRepository()) {
    scheduler = new CronScheduler({
      clock: systemClock,
      repository,
      logger: new RecordingLogger(),
      owner: "real-time",
    });
    scheduler.register("record", async ({ fireAt }) => {
      fires.push({ fireAt, ranAt: new Date() });
    });
    return scheduler;
  }

  afterEach(async () => {
    fires.length = 0;
    await scheduler.stop();
  });

  it("fires a one-off within a tick of its instant once started, and only once", async () => {
    const scheduler = startedScheduler();
    const runAt = new Date(Date.now() + 1_200);
    await scheduler.upsert({ id: "soon", job: "record", payload: null, timeZone: rome, runAt });
    await scheduler.start();

    await waitFor(() => fires.length > 0, 4_000);
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    expect(fires).toHaveLength(1);
    expect(fires[0]?.fireAt).toEqual(runAt);
    const lateness = (fires[0]?.ranAt.getTime() ?? 0) - runAt.getTime();
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(2_000);
  });

  it("re-arms from the repository at start and catches up a fire missed while stopped", async () => {
    const repository = new InMemoryScheduleRepository();
    const runAt = new Date(Date.now() - 5_000);
    await startedScheduler(repository).upsert({ id: "missed", job: "record", payload: null, timeZone: rome, runAt });

    const restarted = startedScheduler(repository);
    await restarted.start();
    await waitFor(() => fires.length > 0, 2_000);

    expect(fires.map((fire) => fire.fireAt)).toEqual([runAt]);
  });

  it("fires nothing after stop", async () => {
    const scheduler = startedScheduler();
    await scheduler.start();
    await scheduler.stop();
    await scheduler.upsert({
      id: "later",
      job: "record",
      payload: null,
      timeZone: rome,
      runAt: new Date(Date.now() + 200),
    });

    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(fires).toEqual([]);
  });
});
