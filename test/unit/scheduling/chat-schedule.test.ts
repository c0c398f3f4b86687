import { describe, expect, it } from "vitest";
import { readChatSchedule, wantsSchedule } from "../../../src/core/campaigns/chat-schedule.ts";

const rome = "Europe/Rome";
const now = new Date("2027-03-20T10:00:20Z"); // Saturday, 11:00 in Rome (CET)
const iso = (dates: readonly Date[]) => dates.map((d) => d.toISOString());

describe("a chat command's start, repeat and until", () => {
  it("asks for a schedule only when one of them is given", () => {
    expect(wantsSchedule({})).toBe(false);
    expect(wantsSchedule({ start: " " })).toBe(false);
    expect(wantsSchedule({ repeat: "0 18 * * 1" })).toBe(true);
  });

  it("reads a start as a local date-time in the community's time zone", () => {
    const read = readChatSchedule({ start: "2027-03-28 02:30" }, now, rome);
    // 02:30 does not exist on 28 March 2027 in Rome: it runs at the first instant after the gap.
    expect(read.ok && iso(read.schedule.nextRuns)).toEqual(["2027-03-28T01:00:00.000Z"]);
  });

  it("reads a delay in English or Italian, rounded up to the next whole minute", () => {
    for (const start of ["in 2h", "tra 2h", "2h"]) {
      const read = readChatSchedule({ start }, now, rome);
      expect(read.ok && iso(read.schedule.nextRuns)).toEqual(["2027-03-20T12:01:00.000Z"]);
    }
  });

  it("lists the next five runs of a weekly repeat at 18:00 local time across the March change", () => {
    const read = readChatSchedule({ repeat: "0 18 * * 1", start: "2027-03-21 00:00" }, now, rome);
    expect(read.ok && read.schedule.repeating).toBe(true);
    expect(read.ok && iso(read.schedule.nextRuns)).toEqual([
      "2027-03-22T17:00:00.000Z",
      "2027-03-29T16:00:00.000Z",
      "2027-04-05T16:00:00.000Z",
      "2027-04-12T16:00:00.000Z",
      "2027-04-19T16:00:00.000Z",
    ]);
  });

  it("stops a repeat at its until", () => {
    const read = readChatSchedule({ repeat: "0 18 * * 1", until: "2027-04-01 00:00" }, now, rome);
    expect(read.ok && read.schedule.nextRuns).toHaveLength(2);
    expect(read.ok && read.schedule.timing.endsAt?.toISOString()).toBe("2027-03-31T22:00:00.000Z");
  });

  it.each([
    [{ start: "2027-03-20 10:59" }, "start_past"],
    [{ start: "yesterday" }, "start_invalid"],
    [{ start: "2027-02-30 10:00" }, "start_invalid"],
    [{ start: "in 200d" }, "start_too_far"],
    [{ repeat: "0 18 * *" }, "repeat_invalid"],
    [{ repeat: "0 18 31 2 *" }, "no_run"],
    [{ repeat: "0 18 * * 1", until: "soon" }, "until_invalid"],
    [{ repeat: "0 18 * * 1", start: "2027-04-01 10:00", until: "2027-03-30 10:00" }, "until_before_start"],
    [{ repeat: "0 18 * * 1", until: "2027-03-21 10:00" }, "no_run"],
    [{ until: "2027-04-01 10:00" }, "until_without_repeat"],
  ])("refuses %o with %s", (input, reason) => {
    const read = readChatSchedule(input, now, rome);
    expect(read.ok ? null : read.problem.reason).toBe(reason);
  });
});
