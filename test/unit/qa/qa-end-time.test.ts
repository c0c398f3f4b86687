import { describe, expect, it } from "vitest";
import { resolveEndTime } from "../../../src/core/qa/qa-end-time.ts";

const now = new Date("2026-12-01T17:00:00Z");
const rome = "Europe/Rome";

describe("a session's end time", () => {
  it("reads minutes and hours as elapsed time", () => {
    expect(resolveEndTime("90m", now, rome)).toEqual({ ok: true, at: new Date("2026-12-01T18:30:00Z") });
    expect(resolveEndTime("2h", now, rome)).toEqual({ ok: true, at: new Date("2026-12-01T19:00:00Z") });
    expect(resolveEndTime("1h 30min", now, rome)).toEqual({ ok: true, at: new Date("2026-12-01T18:30:00Z") });
  });

  it("reads days as calendar days in the community's time zone, across a daylight-saving change", () => {
    const beforeChange = new Date("2026-03-28T17:00:00Z"); // 18:00 in Rome, winter time
    expect(resolveEndTime("1d", beforeChange, rome)).toEqual({ ok: true, at: new Date("2026-03-29T16:00:00Z") });
    expect(resolveEndTime("1g", beforeChange, rome)).toEqual({ ok: true, at: new Date("2026-03-29T16:00:00Z") });
  });

  it("reads a local date and time in the community's time zone", () => {
    expect(resolveEndTime("2026-12-01 20:00", now, rome)).toEqual({ ok: true, at: new Date("2026-12-01T19:00:00Z") });
  });

  it("refuses what it cannot read, a past time and more than 30 days", () => {
    expect(resolveEndTime("soon", now, rome)).toEqual({ ok: false, problem: "invalid" });
    expect(resolveEndTime("2026-12-01 17:00", now, rome)).toEqual({ ok: false, problem: "past" });
    expect(resolveEndTime("31d", now, rome)).toEqual({ ok: false, problem: "tooFar" });
    expect(resolveEndTime("30d", now, rome).ok).toBe(true);
  });
});
