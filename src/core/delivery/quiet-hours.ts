import { instantOf, type LocalDateTime, utcOffsetMs, wallClockAt, wallMs } from "../scheduling/zoned-time.ts";

/** Local times (HH:MM, 24-hour) between which nothing is delivered; the span may wrap past midnight. */
export interface QuietHours {
  readonly start: string;
  readonly end: string;
}

/**
 * When the quiet hours that `at` falls in end, in `timeZone`; null when `at` is not in quiet hours (or
 * there are none). Read on the wall clock, so "22:00-08:00" means the same local hours in summer and winter:
 * a night with a daylight-saving change is an hour shorter or longer, never shifted.
 */
export function quietHoursEnd(at: Date, timeZone: string, quiet: QuietHours | null): Date | null {
  if (!quiet) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const local = wallClockAt(at, timeZone);
  const now = local.hour * 60 + local.minute;
  const wraps = start > end;
  const inside = wraps ? now >= start || now < end : now >= start && now < end;
  if (!inside) return null;
  // Past midnight the quiet hours end today; before it (the evening part of a wrapping span), tomorrow.
  const endDay = wraps && now >= start ? addDays(local, 1) : local;
  const endLocal: LocalDateTime = { ...endDay, hour: Math.floor(end / 60), minute: end % 60, second: 0 };
  const found = instantOf(endLocal, timeZone);
  if (found.getTime() > at.getTime()) return found;
  // In the hour the clocks show twice, `at` may be on the second pass, after the first reading of the end
  // time: the quiet hours end when the clocks read it again, at the offset in force now.
  return new Date(wallMs(endLocal) - utcOffsetMs(at.getTime(), timeZone));
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The same wall-clock reading `days` calendar days later. */
export function addDays(local: LocalDateTime, days: number): LocalDateTime {
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return { ...local, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
