import { describe, expect, it } from "vitest";
import {
  addDays,
  dayStart,
  isoWeekLabel,
  lastFullIsoWeek,
  parseIsoWeek,
  sevenDaysToYesterday,
  weeksBefore,
} from "../../../src/core/digest/digest-week.ts";

describe("the digest's weeks", () => {
  it("reads an ISO week as its Monday-to-Sunday days", () => {
    expect(parseIsoWeek("2026-W48")).toEqual({ label: "2026-W48", startDay: "2026-11-23", endDay: "2026-11-30" });
    expect(parseIsoWeek("2026-W01")).toEqual({ label: "2026-W01", startDay: "2025-12-29", endDay: "2026-01-05" });
    expect(parseIsoWeek("2026-W53")?.startDay).toBe("2026-12-28");
  });

  it("refuses what names no ISO week", () => {
    expect(parseIsoWeek("2025-W53")).toBeNull();
    expect(parseIsoWeek("2026-W00")).toBeNull();
    expect(parseIsoWeek("2026-48")).toBeNull();
    expect(parseIsoWeek("last week")).toBeNull();
  });

  it("labels days with the ISO week of their Thursday", () => {
    expect(isoWeekLabel("2027-01-01")).toBe("2026-W53");
    expect(isoWeekLabel("2024-12-30")).toBe("2025-W01");
    expect(isoWeekLabel("2026-11-29")).toBe("2026-W48");
  });

  it("reports on Monday the ISO week that just ended, in the community's time zone", () => {
    // Monday 30 November 2026, 08:30 in Rome (07:30 UTC).
    const monday = new Date("2026-11-30T07:30:00Z");
    expect(lastFullIsoWeek(monday, "Europe/Rome").label).toBe("2026-W48");
    // Still Sunday, 23:30, in Los Angeles at that instant.
    expect(lastFullIsoWeek(monday, "America/Los_Angeles").label).toBe("2026-W47");
  });

  it("gives /digest now the seven full days to yesterday", () => {
    const wednesday = new Date("2026-11-25T15:00:00Z");
    expect(sevenDaysToYesterday(wednesday, "Europe/Rome")).toEqual({
      label: "2026-11-18/2026-11-24",
      startDay: "2026-11-18",
      endDay: "2026-11-25",
    });
    expect(sevenDaysToYesterday(new Date("2026-11-30T08:00:00Z"), "Europe/Rome").label).toBe("2026-W48");
  });

  it("steps back whole weeks and days across month and year ends", () => {
    const week = parseIsoWeek("2026-W02");
    expect(week && weeksBefore(week, 2).label).toBe("2025-W52");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });

  it("starts a local day at local midnight, daylight saving included", () => {
    expect(dayStart("2026-10-25", "Europe/Rome").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(dayStart("2026-10-26", "Europe/Rome").toISOString()).toBe("2026-10-25T23:00:00.000Z");
    expect(dayStart("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(dayStart("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
  });
});
