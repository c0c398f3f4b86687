import { instantOf } from "../scheduling/zoned-time.ts";
import { localDay } from "../time/local-time.ts";

/**
 * The period a digest reports on: seven consecutive calendar days in the community's time zone, from
 * `startDay` (included) to `endDay` (excluded). An ISO week runs Monday to Sunday; `/digest now` reports the
 * seven full days ending yesterday, which on a Monday is the ISO week just ended. Days are local calendar
 * days, the same days DailyRollup and MemberActivityDay are keyed by, so a week with a daylight-saving change
 * still holds seven whole days (167 or 169 hours).
 */
export interface DigestWeek {
  /** "2026-W48" for an ISO week; "2026-11-24/2026-11-30" (first and last day) for any other seven days. */
  readonly label: string;
  /** First local day, YYYY-MM-DD. */
  readonly startDay: string;
  /** The local day after the last one, YYYY-MM-DD. */
  readonly endDay: string;
}

const DAY_MS = 86_400_000;
const isoWeekPattern = /^(\d{4})-W(\d{2})$/;

/** The calendar day `days` after `day` (negative: before). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayOf(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The seven days starting on `startDay`, labelled as an ISO week when they are one. */
export function weekStarting(startDay: string): DigestWeek {
  return { label: labelOf(startDay), startDay, endDay: addDays(startDay, 7) };
}

/** Which week a local day falls in, counted from `week`: 0 for it, −1 for the one before, … */
export function weekOffset(day: string, week: DigestWeek): number {
  return Math.floor(daysBetween(week.startDay, day) / 7);
}

/** The week `n` weeks before `week` (n = 1: the previous week). */
export function weeksBefore(week: DigestWeek, n: number): DigestWeek {
  return weekStarting(addDays(week.startDay, -7 * n));
}

/** Every local day of the week, in order. */
export function daysOf(week: DigestWeek): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(week.startDay, i));
}

/** Parses "2026-W48" into its Monday-to-Sunday days; null when it names no ISO week. */
export function parseIsoWeek(text: string): DigestWeek | null {
  const match = isoWeekPattern.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > isoWeeksIn(year)) return null;
  // ISO 8601: week 1 is the week holding 4 January.
  const january4 = `${year}-01-04`;
  const monday = addDays(addDays(january4, -weekdayOf(january4)), 7 * (week - 1));
  return weekStarting(monday);
}

/** The ISO week that holds `day`, as "YYYY-Www". */
export function isoWeekLabel(day: string): string {
  // The ISO year is the year of the week's Thursday.
  const thursday = addDays(day, 3 - weekdayOf(day));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The last full ISO week before the instant, in the time zone: what Monday's digest reports. */
export function lastFullIsoWeek(at: Date, timeZone: string): DigestWeek {
  const today = localDay(at, timeZone);
  return weekStarting(addDays(today, -weekdayOf(today) - 7));
}

/** The seven full days ending yesterday in the time zone: what `/digest now` reports. */
export function sevenDaysToYesterday(at: Date, timeZone: string): DigestWeek {
  return weekStarting(addDays(localDay(at, timeZone), -7));
}

/** The instant a local day starts in the time zone (the first instant after a gap, if midnight is skipped). */
export function dayStart(day: string, timeZone: string): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return instantOf({ year, month, day: date, hour: 0, minute: 0, second: 0 }, timeZone);
}

function labelOf(startDay: string): string {
  return weekdayOf(startDay) === 0 ? isoWeekLabel(startDay) : `${startDay}/${addDays(startDay, 6)}`;
}

function isoWeeksIn(year: number): number {
  // A year has 53 ISO weeks when 28 December falls in week 53.
  return isoWeekLabel(`${year}-12-28`).endsWith("W53") ? 53 : 52;
}
