import { describe, expect, it } from "vitest";
import type { ScheduleRepository } from "../../../src/core/ports/schedule-repository.port.ts";
import { CronScheduler } from "../../../src/scheduling/cron-scheduler.ts";
import { type FakeClock, RecordingLogger, schedulerOnFakeClock } from "./fixtures.ts";

const rome = "Europe/Rome";
const fireAt = new Date("2026-05-04T10:00:00Z");
const oneOff = { id: "once", job: "record", payload: null, timeZone: rome, runAt: fireAt };

/** A second instance on the same clock and repository, with its own handler. */
function secondInstance(clock: FakeClock, repository: ScheduleRepository, owner = "instance-b") {
  const scheduler = new CronScheduler({ clock, repository, logger: new RecordingLogger(), owner, leaseMs: 60_000 });
  const fires: Date[] = [];
  scheduler.register("record", async (fire) => {
    fires.push(fire.fireAt);
  });
  return { scheduler, fires };
}

/** A promise the test resolves when it wants a handler to finish. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("one fire, several instances", () => {
  it("runs a fire on exactly one of two instances that look at the same moment", async () => {
    const a = schedulerOnFakeClock("2026-05-04T09:00:00Z", { leaseMs: 60_000 });
    const b = secondInstance(a.clock, a.repository);
    await a.scheduler.upsert(oneOff);

    a.clock.set("2026-05-04T10:00:00Z");
    const ran = await Promise.all([a.scheduler.runDueFires(), b.scheduler.runDueFires()]);

    expect(ran[0] + ran[1]).toBe(1);
    expect(a.fires.length + b.fires.length).toBe(1);
    expect(await a.repository.runs("once")).toHaveLength(1);
  });

  it("takes over a fire whose instance died holding the lease, once the lease has expired", async () => {
    const a = schedulerOnFakeClock("2026-05-04T09:00:00Z", { leaseMs: 60_000 });
    await a.scheduler.upsert(oneOff);
    a.clock.set("2026-05-04T10:00:00Z");
    const leaseUntil = new Date("2026-05-04T10:01:00Z");
    await a.repository.claimRun({ scheduleId: "once", fireAt, owner: "dead", now: a.clock.now(), leaseUntil });

    expect(await a.scheduler.runDueFires()).toBe(0);
    a.clock.set("2026-05-04T10:01:01Z");
    expect(await a.scheduler.runDueFires()).toBe(1);
    expect(await a.scheduler.runDueFires()).toBe(0);

    expect(a.fires).toMatchObject([{ fireAt }]);
    expect(await a.repository.runs("once")).toMatchObject([{ owner: "instance-a", outcome: "succeeded" }]);
  });

  it("does not record a completion for an instance whose lease was taken over while its job ran", async () => {
    const a = schedulerOnFakeClock("2026-05-04T09:00:00Z", { leaseMs: 60_000 });
    const b = secondInstance(a.clock, a.repository);
    const slow = gate();
    a.scheduler.register("slow", () => slow.opened);
    b.scheduler.register("slow", async () => {});
    await a.scheduler.upsert({ ...oneOff, job: "slow" });
    a.clock.set("2026-05-04T10:00:00Z");

    const aRunning = a.scheduler.runDueFires();
    await new Promise((resolve) => setImmediate(resolve));
    a.clock.set("2026-05-04T10:02:00Z");
    expect(await b.scheduler.runDueFires()).toBe(1);
    slow.open();
    await aRunning;

    expect(await a.repository.runs("once")).toMatchObject([{ owner: "instance-b", outcome: "succeeded" }]);
    expect(a.logger.messages("warn")).toContain("lease was taken over before the fire completed");
  });

  it("leaves a fire to the instances that have a handler for its job", async () => {
    const a = schedulerOnFakeClock("2026-05-04T09:00:00Z");
    const withoutHandler = new CronScheduler({
      clock: a.clock,
      repository: a.repository,
      logger: new RecordingLogger(),
      owner: "old-build",
    });
    await a.scheduler.upsert(oneOff);
    a.clock.set("2026-05-04T10:00:00Z");

    expect(await withoutHandler.runDueFires()).toBe(0);
    expect(await a.scheduler.runDueFires()).toBe(1);
    expect(await a.repository.runs("once")).toMatchObject([{ owner: "instance-a" }]);
  });
});

describe("handlers", () => {
  it("records a failing fire as failed and moves the schedule on", async () => {
    const a = schedulerOnFakeClock("2026-05-04T00:00:00Z");
    a.scheduler.register("broken", async () => {
      throw new TypeError("bug");
    });
    await a.scheduler.upsert({ id: "daily", job: "broken", payload: null, timeZone: rome, cron: "0 12 * * *" });
    a.clock.set("2026-05-04T10:00:00Z");

    expect(await a.scheduler.runDueFires()).toBe(1);

    expect(await a.repository.runs("daily")).toMatchObject([{ outcome: "failed: TypeError" }]);
    expect(await a.scheduler.get("daily")).toMatchObject({ nextFireAt: new Date("2026-05-05T10:00:00Z") });
    expect(a.logger.messages("error")).toContain("scheduled job failed");
  });

  it("waits for running handlers when stopped", async () => {
    const a = schedulerOnFakeClock("2026-05-04T09:00:00Z");
    const slow = gate();
    let finished = false;
    a.scheduler.register("slow", async () => {
      await slow.opened;
      finished = true;
    });
    await a.scheduler.upsert({ ...oneOff, job: "slow" });
    a.clock.set("2026-05-04T10:00:00Z");
    const running = a.scheduler.runDueFires();
    await new Promise((resolve) => setImmediate(resolve));

    const stopped = a.scheduler.stop().then(() => finished);
    setTimeout(slow.open, 20);

    expect(await stopped).toBe(true);
    await running;
  });
});
