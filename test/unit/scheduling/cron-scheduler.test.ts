import { describe, expect, it } from "vitest";
import { isoList, runUntil, schedulerOnFakeClock } from "./fixtures.ts";

const rome = "Europe/Rome";
const hour = 3_600_000;
const minute = 60_000;

describe("a scheduler on a fake clock", () => {
  it("runs a weekly Monday 18:00 Europe/Rome poll at the right UTC instants across both 2026 DST changes", async () => {
    const { clock, scheduler, fires } = schedulerOnFakeClock("2026-03-16T00:00:00Z");
    await scheduler.upsert({
      id: "weekly-poll",
      job: "record",
      payload: { poll: "p1" },
      timeZone: rome,
      cron: "0 18 * * 1",
    });

    await runUntil(clock, scheduler, "2026-11-03T00:00:00Z", hour);

    const ran = isoList(fires);
    expect(ran).toHaveLength(34);
    expect(ran.slice(0, 3)).toEqual([
      "2026-03-16T17:00:00.000Z",
      "2026-03-23T17:00:00.000Z",
      "2026-03-30T16:00:00.000Z",
    ]);
    expect(ran.slice(-3)).toEqual(["2026-10-19T16:00:00.000Z", "2026-10-26T17:00:00.000Z", "2026-11-02T17:00:00.000Z"]);
    expect(fires.every((fire) => fire.ranAt.getTime() === fire.fireAt.getTime())).toBe(true);
    expect(fires[0]?.payload).toEqual({ poll: "p1" });
  });

  it("runs a daily 02:30 Europe/Rome job at 03:00 local when spring-forward skips 02:30, and once when fall-back repeats it", async () => {
    const spring = schedulerOnFakeClock("2026-03-27T12:00:00Z");
    await spring.scheduler.upsert({ id: "daily", job: "record", payload: null, timeZone: rome, cron: "30 2 * * *" });
    await runUntil(spring.clock, spring.scheduler, "2026-03-30T12:00:00Z", 15 * minute);
    expect(isoList(spring.fires)).toEqual([
      "2026-03-28T01:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T00:30:00.000Z",
    ]);

    const autumn = schedulerOnFakeClock("2026-10-23T12:00:00Z");
    await autumn.scheduler.upsert({ id: "daily", job: "record", payload: null, timeZone: rome, cron: "30 2 * * *" });
    await runUntil(autumn.clock, autumn.scheduler, "2026-10-26T12:00:00Z", 15 * minute);
    expect(isoList(autumn.fires)).toEqual([
      "2026-10-24T00:30:00.000Z",
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
  });

  it("runs a one-off in America/New_York once, at its instant", async () => {
    const { clock, scheduler, fires, repository } = schedulerOnFakeClock("2026-07-04T12:00:00Z");
    const at = new Date("2026-07-04T13:00:00Z");
    await scheduler.upsert({ id: "launch", job: "record", payload: null, timeZone: "America/New_York", runAt: at });

    await runUntil(clock, scheduler, "2026-07-05T00:00:00Z", minute);

    expect(isoList(fires)).toEqual([at.toISOString()]);
    expect(await scheduler.get("launch")).toMatchObject({ state: "finished", nextFireAt: null, lastFireAt: at });
    expect(await repository.runs("launch")).toMatchObject([{ fireAt: at, owner: "instance-a", outcome: "succeeded" }]);
  });
});

describe("fires missed while no instance was running", () => {
  it("catches up a fire missed by less than the grace window, once", async () => {
    const { clock, scheduler, fires } = schedulerOnFakeClock("2026-05-04T00:00:00Z", { graceMs: 15 * minute });
    await scheduler.upsert({ id: "weekly", job: "record", payload: null, timeZone: rome, cron: "0 18 * * 1" });

    clock.set("2026-05-04T16:10:00Z");
    expect(await scheduler.runDueFires()).toBe(1);
    expect(await scheduler.runDueFires()).toBe(0);

    expect(fires).toMatchObject([
      { fireAt: new Date("2026-05-04T16:00:00Z"), ranAt: new Date("2026-05-04T16:10:00Z") },
    ]);
    expect(await scheduler.get("weekly")).toMatchObject({ nextFireAt: new Date("2026-05-11T16:00:00Z") });
  });

  it("skips and logs a fire missed by more than the grace window, then runs the next one on time", async () => {
    const { clock, scheduler, fires, logger } = schedulerOnFakeClock("2026-05-04T00:00:00Z", { graceMs: 15 * minute });
    await scheduler.upsert({ id: "weekly", job: "record", payload: null, timeZone: rome, cron: "0 18 * * 1" });

    clock.set("2026-05-04T17:00:00Z");
    expect(await scheduler.runDueFires()).toBe(0);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        message: "missed fires outside the grace window skipped",
        fields: expect.objectContaining({ scheduleId: "weekly", missedFrom: new Date("2026-05-04T16:00:00Z") }),
      }),
    );

    clock.set("2026-05-11T16:00:00Z");
    expect(await scheduler.runDueFires()).toBe(1);
    expect(isoList(fires)).toEqual(["2026-05-11T16:00:00.000Z"]);
  });

  it("runs only the latest of several fires missed inside the grace window", async () => {
    const { clock, scheduler, fires } = schedulerOnFakeClock("2026-05-04T10:00:00Z", { graceMs: hour });
    await scheduler.upsert({ id: "five-minutes", job: "record", payload: null, timeZone: rome, cron: "*/5 * * * *" });

    clock.set("2026-05-04T10:32:00Z");
    expect(await scheduler.runDueFires()).toBe(1);

    expect(isoList(fires)).toEqual(["2026-05-04T10:30:00.000Z"]);
    expect(await scheduler.get("five-minutes")).toMatchObject({ nextFireAt: new Date("2026-05-04T10:35:00Z") });
  });

  it("skips a one-off missed by more than the grace window and finishes it", async () => {
    const { clock, scheduler, fires } = schedulerOnFakeClock("2026-05-04T10:00:00Z", { graceMs: 15 * minute });
    await scheduler.upsert({
      id: "once",
      job: "record",
      payload: null,
      timeZone: rome,
      runAt: new Date("2026-05-04T11:00:00Z"),
    });

    clock.set("2026-05-04T12:00:00Z");
    await scheduler.runDueFires();

    expect(fires).toEqual([]);
    expect(await scheduler.get("once")).toMatchObject({ state: "finished", nextFireAt: null, lastFireAt: null });
  });
});

describe("pause, resume and cancel", () => {
  it("fires nothing while paused, skips what was planned meanwhile and resumes from now", async () => {
    const { clock, scheduler, fires } = schedulerOnFakeClock("2026-05-01T00:00:00Z");
    await scheduler.upsert({ id: "daily", job: "record", payload: null, timeZone: rome, cron: "0 9 * * *" });
    await runUntil(clock, scheduler, "2026-05-02T00:00:00Z", hour);

    expect(await scheduler.pause("daily")).toMatchObject({ state: "paused" });
    await runUntil(clock, scheduler, "2026-05-04T08:00:00Z", hour);
    expect(await scheduler.resume("daily")).toMatchObject({
      state: "active",
      nextFireAt: new Date("2026-05-05T07:00:00Z"),
    });
    await runUntil(clock, scheduler, "2026-05-06T00:00:00Z", hour);

    expect(isoList(fires)).toEqual(["2026-05-01T07:00:00.000Z", "2026-05-05T07:00:00.000Z"]);
  });

  it("cancels a schedule for good: no fire, and resuming does not revive it", async () => {
    const { clock, scheduler, fires } = schedulerOnFakeClock("2026-05-01T00:00:00Z");
    await scheduler.upsert({ id: "daily", job: "record", payload: null, timeZone: rome, cron: "0 9 * * *" });

    expect(await scheduler.cancel("daily")).toMatchObject({ state: "cancelled", nextFireAt: null });
    expect(await scheduler.resume("daily")).toMatchObject({ state: "cancelled" });
    await runUntil(clock, scheduler, "2026-05-03T00:00:00Z", hour);

    expect(fires).toEqual([]);
    expect(await scheduler.pause("no-such-schedule")).toBeNull();
  });
});

describe("series bounds and storing a plan twice", () => {
  it("stops a counted series after its last fire and marks it finished", async () => {
    const { clock, scheduler, fires } = schedulerOnFakeClock("2026-05-01T00:00:00Z");
    await scheduler.upsert({ id: "three", job: "record", payload: null, timeZone: rome, cron: "0 9 * * *", count: 3 });
    await runUntil(clock, scheduler, "2026-05-10T00:00:00Z", hour);

    expect(isoList(fires)).toEqual([
      "2026-05-01T07:00:00.000Z",
      "2026-05-02T07:00:00.000Z",
      "2026-05-03T07:00:00.000Z",
    ]);
    expect(await scheduler.get("three")).toMatchObject({ state: "finished", remaining: 0, nextFireAt: null });
  });

  it("stops a series at its end date", async () => {
    const { clock, scheduler, fires } = schedulerOnFakeClock("2026-05-01T00:00:00Z");
    const endsAt = new Date("2026-05-02T12:00:00Z");
    await scheduler.upsert({ id: "until", job: "record", payload: null, timeZone: rome, cron: "0 9 * * *", endsAt });
    await runUntil(clock, scheduler, "2026-05-10T00:00:00Z", hour);

    expect(isoList(fires)).toEqual(["2026-05-01T07:00:00.000Z", "2026-05-02T07:00:00.000Z"]);
    expect(await scheduler.get("until")).toMatchObject({ state: "finished" });
  });

  it("changes nothing when the same plan is stored again, and re-counts when only its count changes", async () => {
    const { clock, scheduler, fires } = schedulerOnFakeClock("2026-05-01T00:00:00Z");
    const spec = { id: "s", job: "record", payload: null, timeZone: rome, cron: "0 9 * * *", count: 3 };
    await scheduler.upsert(spec);
    await runUntil(clock, scheduler, "2026-05-02T12:00:00Z", hour);
    const before = await scheduler.get("s");

    clock.advance(hour);
    expect(await scheduler.upsert(spec)).toEqual(before);
    expect(await scheduler.upsert({ ...spec, count: 5 })).toMatchObject({ remaining: 3, state: "active" });
    await runUntil(clock, scheduler, "2026-05-10T00:00:00Z", hour);

    expect(fires).toHaveLength(5);
  });

  it("stores many plans at once, writing only those that changed and keeping a paused one paused", async () => {
    const { clock, scheduler } = schedulerOnFakeClock("2026-05-01T00:00:00Z");
    const weekly = (id: string, timeZone = rome) => ({
      id,
      job: "record",
      payload: { id },
      timeZone,
      cron: "0 9 * * 1",
    });
    expect(await scheduler.upsertMany([weekly("a"), weekly("b"), weekly("c")])).toBe(3);
    await scheduler.pause("b");
    const paused = await scheduler.get("b");

    clock.advance(hour);
    expect(await scheduler.upsertMany([weekly("a"), weekly("b"), weekly("c", "America/New_York")])).toBe(1);

    expect(await scheduler.get("b")).toEqual(paused);
    expect(await scheduler.get("c")).toMatchObject({
      timeZone: "America/New_York",
      nextFireAt: new Date("2026-05-04T13:00:00Z"),
    });
    await expect(scheduler.upsertMany([weekly("d"), weekly("e", "Mars/Olympus")])).rejects.toThrow(/timeZone/);
    expect(await scheduler.get("d")).toBeNull();
  });

  it("restarts a schedule from now when its timing changes", async () => {
    const { scheduler } = schedulerOnFakeClock("2026-05-01T00:00:00Z");
    await scheduler.upsert({ id: "s", job: "record", payload: null, timeZone: rome, cron: "0 9 * * *" });

    const moved = await scheduler.upsert({ id: "s", job: "record", payload: null, timeZone: rome, cron: "0 20 * * *" });

    expect(moved).toMatchObject({
      nextFireAt: new Date("2026-05-01T18:00:00Z"),
      runAt: new Date("2026-05-01T00:00:00Z"),
    });
  });

  it("refuses an invalid spec, naming the field", async () => {
    const { scheduler } = schedulerOnFakeClock("2026-05-01T00:00:00Z");
    await expect(
      scheduler.upsert({ id: "bad", job: "record", payload: null, timeZone: "Mars/Olympus", cron: "0 9 * * *" }),
    ).rejects.toThrow(/timeZone/);
    expect(await scheduler.get("bad")).toBeNull();
  });
});
