// Wall-clock time in IANA time zones with nothing but Intl, so the core needs no date library. The one
// policy decided here is how a wall-clock time maps to an instant across daylight-saving changes.

/** A wall-clock date-time without a zone: what a clock on the wall reads somewhere. Month is 1-12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** What a clock in `timeZone` reads at an instant (milliseconds dropped). */
export function wallClockAt(at: Date, timeZone: string): LocalDateTime {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 0,
    month: fields.month ?? 0,
    day: fields.day ?? 0,
    // Some ICU versions still write midnight as 24 even with hourCycle h23.
    hour: (fields.hour ?? 0) % 24,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/** The wall-clock reading as if it were UTC: a number that orders and subtracts like wall-clock time. */
export function wallMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

/** How far ahead of UTC the clocks in `timeZone` are at an instant, in milliseconds. */
export function utcOffsetMs(at: number, timeZone: string): number {
  const whole = Math.floor(at / 1000) * 1000;
  return wallMs(wallClockAt(new Date(whole), timeZone)) - whole;
}

/**
 * The instant a wall-clock time in `timeZone` names. Daylight saving makes this a policy, not a lookup:
 * - a time the clocks skipped (spring forward, 02:30 on the last Sunday of March in Europe/Rome) maps to
 *   the first instant after the gap, when the clocks read 03:00: a run planned there still happens, late;
 * - a time the clocks show twice (fall back) maps to its first occurrence, so it happens once.
 */
export function instantOf(local: LocalDateTime, timeZone: string): Date {
  const wall = wallMs(local);
  // A zone's offset changes at most once in any two days, so the offsets a day either side are the only
  // ones the wall-clock time can be read with.
  const offsets = [utcOffsetMs(wall - DAY_MS, timeZone), utcOffsetMs(wall + DAY_MS, timeZone)];
  const candidates = [...new Set(offsets.map((offset) => wall - offset))].sort((a, b) => a - b);
  const valid = candidates.filter((at) => at + utcOffsetMs(at, timeZone) === wall);
  const first = valid[0];
  if (first !== undefined) return new Date(first);
  const earliest = candidates[0] ?? wall;
  const latest = candidates.at(-1) ?? wall;
  return new Date(transitionBetween(earliest, latest, timeZone));
}

/** The first instant, to the second, at which the offset differs from the offset at `before`. */
function transitionBetween(before: number, after: number, timeZone: string): number {
  const offsetBefore = utcOffsetMs(before, timeZone);
  let low = before;
  let high = after;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (utcOffsetMs(middle, timeZone) === offsetBefore) low = middle;
    else high = middle;
  }
  return high;
}

const localDateTimePattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Reads `YYYY-MM-DDTHH:mm[:ss]` (a space may replace the T); null unless it names a real calendar time. */
export function parseLocalDateTime(text: string): LocalDateTime | null {
  const match = localDateTimePattern.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((field) => Number(field ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = { year, month, day, hour, minute, second };
  const check = new Date(wallMs(local));
  const sameCalendarDay =
    check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
  return sameCalendarDay && hour < 24 && minute < 60 && second < 60 ? local : null;
}
