// When schedules fire. Pure and platform-neutral: the engine in src/scheduling asks this module what is
// due, and campaign previews ask it for the next fire times, so both agree to the instant.
import { err, ok, type Result } from "../errors/result.ts";
import type { ScheduleSpec } from "../ports/scheduler.port.ts";
import { isValidTimeZone } from "../time/local-time.ts";
import { type CronExpression, cronMatchesDay, parseCron } from "./cron-expression.ts";
import { instantOf, parseLocalDateTime, wallClockAt } from "./zoned-time.ts";

/** A one-off: fires once at `at`. */
export interface OneOffTiming {
  readonly kind: "once";
  readonly at: Date;
  readonly timeZone: string;
}

/**
 * A recurring series: the occurrences of `cron` read in `timeZone`, from `startsAt` up to and including
 * `endsAt`, at most `count` of them. Like an iCalendar COUNT, the count bounds the series itself, so
 * occurrences that were skipped (missed beyond the grace window, or while paused) use it up too.
 */
export interface RecurringTiming {
  readonly kind: "cron";
  readonly cron: CronExpression;
  readonly timeZone: string;
  readonly startsAt: Date;
  readonly endsAt: Date | null;
  readonly count: number | null;
}

/** When a schedule fires. */
export type ScheduleTiming = OneOffTiming | RecurringTiming;

/** Where a schedule stands: its next fire (null when none is left) and, for a counted series, the fires left including that one. */
export interface SeriesPosition {
  readonly nextFireAt: Date | null;
  readonly remaining: number | null;
}

// Long enough to reach the next 29 February from anywhere, so a valid but rare expression is still found.
const SEARCH_DAYS = 366 * 8 + 2;

/** The first occurrence of `cron` in `timeZone` strictly after `after`, or null if none in eight years. */
export function nextOccurrence(cron: CronExpression, timeZone: string, after: Date): Date | null {
  const from = wallClockAt(after, timeZone);
  const day = new Date(Date.UTC(from.year, from.month - 1, from.day));
  for (let offset = 0; offset < SEARCH_DAYS; offset++, day.setUTCDate(day.getUTCDate() + 1)) {
    const [year, month, date] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    if (!cronMatchesDay(cron, year, month, date)) continue;
    for (const hour of cron.hours) {
      if (offset === 0 && hour < from.hour) continue;
      for (const minute of cron.minutes) {
        if (offset === 0 && hour === from.hour && minute < from.minute) continue;
        // Wall times inside a spring-forward gap all map to the end of the gap and a repeated hour maps to its
        // first pass, so checking against `after` is what makes each of them fire exactly once.
        const at = instantOf({ year, month, day: date, hour, minute, second: 0 }, timeZone);
        if (at.getTime() > after.getTime()) return at;
      }
    }
  }
  return null;
}

/** The series' next fire strictly after `after`, ignoring the count. */
function nextInSeries(timing: RecurringTiming, after: Date): Date | null {
  const floor = new Date(Math.max(after.getTime(), timing.startsAt.getTime() - 1));
  const at = nextOccurrence(timing.cron, timing.timeZone, floor);
  return at && (!timing.endsAt || at.getTime() <= timing.endsAt.getTime()) ? at : null;
}

/**
 * The position of a freshly stored schedule at `from`: a one-off's single fire (even if already past, so
 * the engine's grace window decides), or a series' first fire at or after `from`, counting the occurrences
 * before it against the count.
 */
export function positionAt(timing: ScheduleTiming, from: Date): SeriesPosition {
  if (timing.kind === "once") return { nextFireAt: timing.at, remaining: null };
  if (timing.count === null) return { nextFireAt: nextInSeries(timing, new Date(from.getTime() - 1)), remaining: null };
  let remaining = timing.count;
  let at = nextInSeries(timing, new Date(timing.startsAt.getTime() - 1));
  while (at && remaining > 0 && at.getTime() < from.getTime()) {
    remaining--;
    at = nextInSeries(timing, at);
  }
  return remaining > 0 && at ? { nextFireAt: at, remaining } : { nextFireAt: null, remaining: 0 };
}

/** Consumes every fire at or before `until` and returns the position after them. */
export function advancePast(timing: ScheduleTiming, position: SeriesPosition, until: Date): SeriesPosition {
  const { nextFireAt, remaining } = position;
  if (!nextFireAt || nextFireAt.getTime() > until.getTime()) return position;
  if (timing.kind === "once") return { nextFireAt: null, remaining: null };
  if (remaining === null) return { nextFireAt: nextInSeries(timing, until), remaining: null };
  let left = remaining;
  let at: Date | null = nextFireAt;
  while (at && left > 0 && at.getTime() <= until.getTime()) {
    left--;
    at = nextInSeries(timing, at);
  }
  return left > 0 && at ? { nextFireAt: at, remaining: left } : { nextFireAt: null, remaining: 0 };
}

/** Up to `limit` fires from a position on, in order (for listings and campaign previews). */
export function upcomingFires(timing: ScheduleTiming, position: SeriesPosition, limit: number): Date[] {
  const fires: Date[] = [];
  let current = position;
  while (current.nextFireAt && fires.length < limit) {
    fires.push(current.nextFireAt);
    current = advancePast(timing, current, current.nextFireAt);
  }
  return fires;
}

/** Why a schedule spec cannot be armed: the field at fault and a sentence for the person who wrote it. */
export interface TimingProblem {
  readonly field: "timeZone" | "cron" | "runAt" | "startsAt" | "endsAt" | "count";
  readonly message: string;
}

/**
 * Checks a spec and turns it into a timing. `defaultStart` is when a series without `startsAt` begins
 * (the moment it is first stored).
 */
export function timingOf(spec: ScheduleSpec, defaultStart: Date): Result<ScheduleTiming, TimingProblem> {
  const { timeZone } = spec;
  if (!isValidTimeZone(timeZone)) return err({ field: "timeZone", message: `"${timeZone}" is not an IANA time zone` });
  if (spec.cron == null) {
    if (!spec.runAt) return err({ field: "runAt", message: "a schedule needs either a cron expression or runAt" });
    return ok({ kind: "once", at: spec.runAt, timeZone });
  }
  if (spec.runAt) return err({ field: "runAt", message: "a recurring schedule takes startsAt, not runAt" });
  const cron = parseCron(spec.cron);
  if (!cron.ok) return err({ field: "cron", message: cron.error });
  const count = spec.count ?? null;
  if (count !== null && (!Number.isInteger(count) || count < 1)) {
    return err({ field: "count", message: "count must be a whole number of at least 1" });
  }
  const startsAt = spec.startsAt ?? defaultStart;
  const endsAt = spec.endsAt ?? null;
  if (endsAt && endsAt.getTime() < startsAt.getTime()) {
    return err({ field: "endsAt", message: "the series ends before it starts" });
  }
  const timing: RecurringTiming = { kind: "cron", cron: cron.value, timeZone, startsAt, endsAt, count };
  if (!nextOccurrence(cron.value, timeZone, new Date(startsAt.getTime() - 1))) {
    return err({ field: "cron", message: `"${spec.cron}" never fires (no matching day in eight years)` });
  }
  return ok(timing);
}

/**
 * The instant of a local date-time (`YYYY-MM-DDTHH:mm`) in a time zone, for one-offs a person types in
 * their community's time. A time skipped by daylight saving becomes the first instant after the gap; a
 * time shown twice becomes its first occurrence.
 */
export function localDateTimeToInstant(text: string, timeZone: string): Result<Date, TimingProblem> {
  if (!isValidTimeZone(timeZone)) return err({ field: "timeZone", message: `"${timeZone}" is not an IANA time zone` });
  const local = parseLocalDateTime(text);
  if (!local) return err({ field: "runAt", message: `"${text}" is not a date-time like 2026-03-29T18:00` });
  return ok(instantOf(local, timeZone));
}
