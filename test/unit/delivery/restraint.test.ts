import { describe, expect, it } from "vitest";
import { planDirectPrompt, type RestraintRules } from "../../../src/core/delivery/delivery-planner.ts";
import { promptWeekOf } from "../../../src/core/delivery/prompt-week.ts";
import { quietHoursEnd } from "../../../src/core/delivery/quiet-hours.ts";

const rome = "Europe/Rome";
const night = { start: "22:00", end: "08:00" };
const utc = (iso: string) => new Date(`${iso}Z`);
const HOUR = 3_600_000;

// Europe/Rome in 2026: clocks go forward at 02:00 on Sunday 29 March (CET +1 → CEST +2) and back at
// 03:00 on Sunday 25 October (CEST → CET).
describe("quiet hours in the community's time zone", () => {
  it("are not in force during the day", () => {
    expect(quietHoursEnd(utc("2026-11-30T11:00:00"), rome, night)).toBeNull();
    expect(quietHoursEnd(utc("2026-11-30T11:00:00"), rome, null)).toBeNull();
  });

  it("end at 08:00 local on the next morning when they started the evening before", () => {
    // 23:30 CET on Monday → 08:00 CET on Tuesday.
    expect(quietHoursEnd(utc("2026-11-30T22:30:00"), rome, night)).toEqual(utc("2026-12-01T07:00:00"));
    // 03:00 CET → 08:00 CET the same day.
    expect(quietHoursEnd(utc("2026-12-01T02:00:00"), rome, night)).toEqual(utc("2026-12-01T07:00:00"));
  });

  it("keep their local hours on the night the clocks go forward: the night is an hour shorter", () => {
    const evening = utc("2026-03-28T21:30:00"); // 22:30 CET, Saturday
    const end = quietHoursEnd(evening, rome, night);
    expect(end).toEqual(utc("2026-03-29T06:00:00")); // 08:00 CEST, Sunday
    expect(end!.getTime() - utc("2026-03-28T21:00:00").getTime()).toBe(9 * HOUR);
  });

  it("keep their local hours on the night the clocks go back: the night is an hour longer", () => {
    const end = quietHoursEnd(utc("2026-10-24T20:30:00"), rome, night); // 22:30 CEST, Saturday
    expect(end).toEqual(utc("2026-10-25T07:00:00")); // 08:00 CET, Sunday
    expect(end!.getTime() - utc("2026-10-24T20:00:00").getTime()).toBe(11 * HOUR);
  });

  it("end when the clocks first show a time after the gap, if their end falls in it", () => {
    const gapNight = { start: "23:00", end: "02:30" }; // 02:30 does not exist on 29 March
    expect(quietHoursEnd(utc("2026-03-28T23:30:00"), rome, gapNight)).toEqual(utc("2026-03-29T01:00:00"));
  });

  it("end at the second reading of a repeated time for an instant on the second pass", () => {
    const repeated = { start: "23:00", end: "02:30" }; // 02:00-03:00 happens twice on 25 October
    // 02:15 CEST (first pass) ends at 02:30 CEST; 02:15 CET (second pass) at 02:30 CET.
    expect(quietHoursEnd(utc("2026-10-25T00:15:00"), rome, repeated)).toEqual(utc("2026-10-25T00:30:00"));
    expect(quietHoursEnd(utc("2026-10-25T01:15:00"), rome, repeated)).toEqual(utc("2026-10-25T01:30:00"));
  });

  it("may lie within one day", () => {
    const lunch = { start: "12:30", end: "14:00" };
    expect(quietHoursEnd(utc("2026-07-01T11:00:00"), rome, lunch)).toEqual(utc("2026-07-01T12:00:00"));
    expect(quietHoursEnd(utc("2026-07-01T12:00:00"), rome, lunch)).toBeNull();
  });
});

describe("the prompt week", () => {
  it("runs from Monday 00:00 to Monday 00:00 local, 167 hours in the week the clocks go forward", () => {
    const week = promptWeekOf(utc("2026-03-28T12:00:00"), rome);
    expect(week.start).toEqual(utc("2026-03-22T23:00:00"));
    expect(week.end).toEqual(utc("2026-03-29T22:00:00"));
    expect(week.end.getTime() - week.start.getTime()).toBe(167 * HOUR);
  });

  it("lasts 169 hours in the week the clocks go back", () => {
    const week = promptWeekOf(utc("2026-10-25T10:00:00"), rome);
    expect(week.end.getTime() - week.start.getTime()).toBe(169 * HOUR);
  });

  it("starts on the local Monday even when UTC is still on Sunday", () => {
    expect(promptWeekOf(utc("2026-11-29T23:30:00"), rome).start).toEqual(utc("2026-11-29T23:00:00"));
  });
});

describe("planning a direct prompt", () => {
  const rules: RestraintRules = { timeZone: rome, quietHours: night, weeklyCap: 3 };
  const far = utc("2027-01-31T00:00:00");
  const none = async () => 0;

  it("sends at once when neither quiet hours nor the cap stand in the way", async () => {
    expect(
      await planDirectPrompt({ at: utc("2026-11-30T10:00:00"), deadline: far, rules, plannedInWeek: none }),
    ).toEqual({ kind: "send" });
  });

  it("defers a prompt from quiet hours to their end", async () => {
    expect(
      await planDirectPrompt({ at: utc("2026-11-30T22:00:00"), deadline: far, rules, plannedInWeek: none }),
    ).toEqual({ kind: "defer", until: utc("2026-12-01T07:00:00"), reason: "quiet_hours" });
  });

  it("defers a prompt over the weekly cap to the next week's first allowed hour", async () => {
    const thisWeek = promptWeekOf(utc("2026-11-30T10:00:00"), rome).start.getTime();
    const plannedInWeek = async (week: { start: Date }) => (week.start.getTime() === thisWeek ? 3 : 0);
    // Monday 00:00 is in quiet hours: the prompt goes at 08:00.
    expect(await planDirectPrompt({ at: utc("2026-12-02T10:00:00"), deadline: far, rules, plannedInWeek })).toEqual({
      kind: "defer",
      until: utc("2026-12-07T07:00:00"),
      reason: "weekly_cap",
    });
  });

  it("defers across the change to summer time at the right local hour", async () => {
    const plannedInWeek = async (week: { start: Date }) =>
      week.start.getTime() === utc("2026-03-22T23:00:00").getTime() ? 3 : 0;
    const decision = await planDirectPrompt({ at: utc("2026-03-28T12:00:00"), deadline: far, rules, plannedInWeek });
    // Monday 30 March, 08:00 CEST.
    expect(decision).toEqual({ kind: "defer", until: utc("2026-03-30T06:00:00"), reason: "weekly_cap" });
  });

  it("skips, and says why, when the first allowed time is not before the deadline", async () => {
    expect(
      await planDirectPrompt({
        at: utc("2026-11-30T22:00:00"),
        deadline: utc("2026-12-01T06:00:00"),
        rules,
        plannedInWeek: none,
      }),
    ).toEqual({ kind: "skip", reason: "quiet_hours" });
    expect(
      await planDirectPrompt({
        at: utc("2026-12-02T10:00:00"),
        deadline: utc("2026-12-05T10:00:00"),
        rules,
        plannedInWeek: async () => 3,
      }),
    ).toEqual({ kind: "skip", reason: "weekly_cap" });
    expect(await planDirectPrompt({ at: far, deadline: far, rules, plannedInWeek: none })).toEqual({
      kind: "skip",
      reason: "expired",
    });
  });

  it("sends nothing privately when the cap is zero", async () => {
    expect(
      await planDirectPrompt({
        at: utc("2026-11-30T10:00:00"),
        deadline: far,
        rules: { ...rules, weeklyCap: 0 },
        plannedInWeek: none,
      }),
    ).toEqual({ kind: "skip", reason: "weekly_cap" });
  });
});
