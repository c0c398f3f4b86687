import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCron } from "../../../src/core/scheduling/cron-expression.ts";
import {
  advancePast,
  localDateTimeToInstant,
  nextOccurrence,
  positionAt,
  type RecurringTiming,
  timingOf,
  upcomingFires,
} from "../../../src/core/scheduling/next-fire.ts";
import { utcOffsetMs, wallClockAt } from "../../../src/core/scheduling/zoned-time.ts";
import { isoList } from "./fixtures.ts";

const rome = "Europe/Rome";

function series(
  cron: string,
  timeZone: string,
  startsAt: string,
  more: Partial<RecurringTiming> = {},
): RecurringTiming {
  const parsed = parseCron(cron);
  if (!parsed.ok) throw new Error(parsed.error);
  return {
    kind: "cron",
    cron: parsed.value,
    timeZone,
    startsAt: new Date(startsAt),
    endsAt: null,
    count: null,
    ...more,
  };
}

function firesFrom(timing: RecurringTiming, from: string, limit: number): string[] {
  return isoList(upcomingFires(timing, positionAt(timing, new Date(from)), limit));
}

describe("fire instants across daylight-saving changes", () => {
  it("fires a weekly Monday 18:00 Europe/Rome schedule at 17:00 UTC in winter and 16:00 UTC in summer", () => {
    const weekly = series("0 18 * * 1", rome, "2026-03-16T00:00:00Z");
    expect(firesFrom(weekly, "2026-03-16T00:00:00Z", 3)).toEqual([
      "2026-03-16T17:00:00.000Z",
      "2026-03-23T17:00:00.000Z",
      "2026-03-30T16:00:00.000Z",
    ]);
    expect(firesFrom(weekly, "2026-10-12T00:00:00Z", 4)).toEqual([
      "2026-10-12T16:00:00.000Z",
      "2026-10-19T16:00:00.000Z",
      "2026-10-26T17:00:00.000Z",
      "2026-11-02T17:00:00.000Z",
    ]);
  });

  it("fires a daily 02:30 Europe/Rome schedule at 03:00 local on the day the clocks skip 02:30", () => {
    const daily = series("30 2 * * *", rome, "2026-03-27T00:00:00Z");
    const fires = firesFrom(daily, "2026-03-27T12:00:00Z", 3);
    expect(fires).toEqual(["2026-03-28T01:30:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"]);
    expect(wallClockAt(new Date(fires[1] ?? ""), rome)).toMatchObject({ day: 29, hour: 3, minute: 0 });
  });

  it("fires a daily 02:30 Europe/Rome schedule once, on the first pass, on the day 02:30 happens twice", () => {
    const daily = series("30 2 * * *", rome, "2026-10-23T00:00:00Z");
    expect(firesFrom(daily, "2026-10-23T12:00:00Z", 3)).toEqual([
      "2026-10-24T00:30:00.000Z",
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
  });

  it("fires every wall time of a repeated hour once and collapses the times of a skipped hour into one fire", () => {
    const everyTwentyMinutes = series("*/20 2 * * *", rome, "2026-01-01T00:00:00Z");
    expect(firesFrom(everyTwentyMinutes, "2026-10-24T23:00:00Z", 4)).toEqual([
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T00:20:00.000Z",
      "2026-10-25T00:40:00.000Z",
      "2026-10-26T01:00:00.000Z",
    ]);
    expect(firesFrom(everyTwentyMinutes, "2026-03-28T23:00:00Z", 2)).toEqual([
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T00:00:00.000Z",
    ]);
  });

  it("handles a half-hour daylight-saving shift (Australia/Lord_Howe)", () => {
    // On 2026-10-04 Lord Howe moves from +10:30 to +11:00 at 02:00 local, so 02:15 does not exist.
    const daily = series("15 2 * * *", "Australia/Lord_Howe", "2026-10-01T00:00:00Z");
    const [skippedDay] = firesFrom(daily, "2026-10-03T12:00:00Z", 1);
    expect(wallClockAt(new Date(skippedDay ?? ""), "Australia/Lord_Howe")).toMatchObject({
      day: 4,
      hour: 2,
      minute: 30,
    });
  });

  it("never fires twice at one instant or wall time, and every fire reads as a planned time or a gap's end", () => {
    const zones = ["Europe/Rome", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata"];
    // Hours around the changes (02:00 in Europe and New York, midnight in Santiago) come up more often.
    const hour = fc.oneof(fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 0, max: 23 }));
    const property = fc.property(
      fc.constantFrom(...zones),
      fc.integer({ min: 0, max: 59 }),
      fc.uniqueArray(hour, { minLength: 1, maxLength: 4 }),
      fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2027-12-31T00:00:00Z"), noInvalidDate: true }),
      (zone, minute, hours, around) => {
        const cron = parseCron(`${minute} ${hours.join(",")} * * *`);
        if (!cron.ok) throw new Error(cron.error);
        let previous = shortlyBeforeNextChange(zone, around);
        const walls = new Set<string>();
        for (let i = 0; i < 12; i++) {
          const fire = nextOccurrence(cron.value, zone, previous);
          if (!fire) throw new Error("a daily expression always has a next fire");
          expect(fire.getTime()).toBeGreaterThan(previous.getTime());
          const wall = wallClockAt(fire, zone);
          const key = `${wall.year}-${wall.month}-${wall.day} ${wall.hour}:${wall.minute}`;
          const planned = wall.minute === minute && hours.includes(wall.hour);
          const gapEnd = utcOffsetMs(fire.getTime() - 1000, zone) < utcOffsetMs(fire.getTime(), zone);
          expect(planned || gapEnd, `${fire.toISOString()} in ${zone}`).toBe(true);
          expect(walls.has(key), `${key} twice in ${zone}`).toBe(false);
          for (const earlier of [30, 60]) {
            const before = wallClockAt(new Date(fire.getTime() - earlier * 60_000), zone);
            expect(before, `${fire.toISOString()} is the second pass of ${key} in ${zone}`).not.toEqual(wall);
          }
          walls.add(key);
          previous = fire;
        }
      },
    );
    fc.assert(property, { numRuns: 300 });
  });
});

/** Two days before the zone's next offset change after `from` (or `from` itself in a zone without one). */
function shortlyBeforeNextChange(zone: string, from: Date): Date {
  const day = 86_400_000;
  const offset = utcOffsetMs(from.getTime(), zone);
  for (let at = from.getTime(); at < from.getTime() + 400 * day; at += day) {
    if (utcOffsetMs(at, zone) !== offset) return new Date(at - 2 * day);
  }
  return from;
}

describe("one-offs at a local date-time", () => {
  it("turns a local time in America/New_York into the instant the clocks there show it", () => {
    expect(localDateTimeToInstant("2026-07-04T09:00", "America/New_York")).toEqual({
      ok: true,
      value: new Date("2026-07-04T13:00:00Z"),
    });
  });

  it("moves a local time skipped by spring-forward to the end of the gap and takes the first of a repeated one", () => {
    expect(localDateTimeToInstant("2026-03-08T02:30", "America/New_York")).toEqual({
      ok: true,
      value: new Date("2026-03-08T07:00:00Z"),
    });
    expect(localDateTimeToInstant("2026-11-01T01:30", "America/New_York")).toEqual({
      ok: true,
      value: new Date("2026-11-01T05:30:00Z"),
    });
  });

  it("refuses dates that do not exist and zones it does not know", () => {
    expect(localDateTimeToInstant("2026-02-30T10:00", rome)).toMatchObject({ ok: false, error: { field: "runAt" } });
    expect(localDateTimeToInstant("2026-04-01T24:00", rome)).toMatchObject({ ok: false, error: { field: "runAt" } });
    expect(localDateTimeToInstant("2026-04-01T10:00", "Europe/Atlantis")).toMatchObject({
      ok: false,
      error: { field: "timeZone" },
    });
  });
});

describe("series bounds", () => {
  it("stops a series after its count, counting occurrences from its start", () => {
    const fourMondays = series("0 18 * * 1", rome, "2026-03-16T00:00:00Z", { count: 4 });
    expect(firesFrom(fourMondays, "2026-03-16T00:00:00Z", 10)).toHaveLength(4);
    // Stored two weeks into the series: two occurrences are behind it, two are left.
    const late = positionAt(fourMondays, new Date("2026-03-24T00:00:00Z"));
    expect(late).toEqual({ nextFireAt: new Date("2026-03-30T16:00:00Z"), remaining: 2 });
  });

  it("includes a fire exactly at the end date and nothing after it", () => {
    const untilApril = series("0 18 * * 1", rome, "2026-03-16T00:00:00Z", { endsAt: new Date("2026-03-30T16:00:00Z") });
    expect(firesFrom(untilApril, "2026-03-16T00:00:00Z", 10)).toEqual([
      "2026-03-16T17:00:00.000Z",
      "2026-03-23T17:00:00.000Z",
      "2026-03-30T16:00:00.000Z",
    ]);
  });

  it("uses up the count for every fire it advances past, run or skipped", () => {
    const three = series("0 18 * * *", rome, "2026-05-01T00:00:00Z", { count: 3 });
    const start = positionAt(three, new Date("2026-05-01T00:00:00Z"));
    expect(advancePast(three, start, new Date("2026-05-02T20:00:00Z"))).toEqual({
      nextFireAt: new Date("2026-05-03T16:00:00Z"),
      remaining: 1,
    });
    expect(advancePast(three, start, new Date("2026-05-09T00:00:00Z"))).toEqual({ nextFireAt: null, remaining: 0 });
  });
});

describe("checking a spec", () => {
  const base = { id: "s1", job: "record", payload: null, timeZone: rome };
  const now = new Date("2026-05-01T00:00:00Z");

  it("names the field at fault", () => {
    expect(timingOf({ ...base, cron: "0 25 * * *" }, now)).toMatchObject({ ok: false, error: { field: "cron" } });
    expect(timingOf({ ...base, cron: "0 0 30 2 *" }, now)).toMatchObject({
      ok: false,
      error: { field: "cron", message: expect.stringContaining("never fires") },
    });
    expect(timingOf({ ...base, cron: "0 9 * * *", count: 0 }, now)).toMatchObject({
      ok: false,
      error: { field: "count" },
    });
    expect(timingOf({ ...base }, now)).toMatchObject({ ok: false, error: { field: "runAt" } });
    expect(timingOf({ ...base, cron: "0 9 * * *", endsAt: new Date("2026-04-01T00:00:00Z") }, now)).toMatchObject({
      ok: false,
      error: { field: "endsAt" },
    });
  });

  it("starts a series without a start date at the moment it is stored", () => {
    expect(timingOf({ ...base, cron: "0 9 * * *" }, now)).toMatchObject({ ok: true, value: { startsAt: now } });
  });
});
