import { describe, expect, it } from "vitest";
import { cronMatchesDay, parseCron } from "../../../src/core/scheduling/cron-expression.ts";

function parsed(source: string) {
  const result = parseCron(source);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe("cron expressions", () => {
  it("reads lists, ranges, steps and names", () => {
    const cron = parsed("0,30 9-17/4 * jan-mar MON-FRI");
    expect(cron.minutes).toEqual([0, 30]);
    expect(cron.hours).toEqual([9, 13, 17]);
    expect([...cron.months]).toEqual([1, 2, 3]);
    expect([...cron.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
  });

  it("reads a step from a start value to the end of the field", () => {
    expect(parsed("5/20 * * * *").minutes).toEqual([5, 25, 45]);
  });

  it("treats 7 as Sunday, like 0", () => {
    expect([...parsed("0 0 * * 7").daysOfWeek]).toEqual([0]);
  });

  it("matches a day only when both its day of month and its weekday match", () => {
    const firstMondays = parsed("0 18 1-7 * 1");
    expect(cronMatchesDay(firstMondays, 2026, 6, 1)).toBe(true);
    expect(cronMatchesDay(firstMondays, 2026, 6, 8)).toBe(false);
    expect(cronMatchesDay(firstMondays, 2026, 6, 2)).toBe(false);
  });

  it("explains what is wrong, naming the field", () => {
    expect(parseCron("* * * * * *")).toEqual({
      ok: false,
      error: 'expected 5 fields (minute hour day-of-month month day-of-week), got 6: "* * * * * *"',
    });
    expect(parseCron("60 * * * *")).toEqual({ ok: false, error: 'minute "60": values go from 0 to 59' });
    expect(parseCron("0 0 L * *")).toEqual({ ok: false, error: 'day of month "L": values go from 1 to 31' });
    expect(parseCron("0 0 * * fri-mon")).toEqual({
      ok: false,
      error: 'day of week "fri-mon": the range fri-mon runs backwards',
    });
    expect(parseCron("*/0 * * * *")).toEqual({ ok: false, error: 'minute "*/0": a step must be at least 1' });
    expect(parseCron("0 0 * foo *")).toEqual({ ok: false, error: 'month "foo": values go from 1 to 12 or jan-dec' });
  });
});
