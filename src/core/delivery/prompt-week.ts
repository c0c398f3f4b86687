import { instantOf, wallClockAt } from "../scheduling/zoned-time.ts";
import { addDays } from "./quiet-hours.ts";

/** A calendar week in a community's time zone: from Monday 00:00 to the next Monday 00:00, local time. */
export interface PromptWeek {
  readonly start: Date;
  readonly end: Date;
}

/**
 * The local calendar week containing `at`: the period the weekly cap on direct prompts counts in. A week with
 * a daylight-saving change lasts 167 or 169 hours; it still starts and ends at local midnight.
 */
export function promptWeekOf(at: Date, timeZone: string): PromptWeek {
  const local = wallClockAt(at, timeZone);
  const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
  const monday = addDays({ ...local, hour: 0, minute: 0, second: 0 }, -((weekday + 6) % 7));
  return { start: instantOf(monday, timeZone), end: instantOf(addDays(monday, 7), timeZone) };
}
