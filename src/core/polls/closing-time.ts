import { addDays } from "../delivery/quiet-hours.ts";
import { instantOf, parseLocalDateTime, wallClockAt } from "../scheduling/zoned-time.ts";
import type { InvalidPollReason } from "./poll.schema.ts";

/** The longest a poll may stay open. */
export const maxPollDays = 90;

const units: Readonly<Record<string, { kind: "ms"; ms: number } | { kind: "days"; days: number }>> = {
  m: { kind: "ms", ms: 60_000 },
  min: { kind: "ms", ms: 60_000 },
  h: { kind: "ms", ms: 3_600_000 },
  d: { kind: "days", days: 1 },
  // "g" for giorni, as Italian moderators write days.
  g: { kind: "days", days: 1 },
  w: { kind: "days", days: 7 },
};

const durationPattern = /^(\d{1,4}\s*[a-z]+\s*)+$/i;
const durationPart = /(\d{1,4})\s*([a-z]+)/gi;
const withOffset = /(z|[+-]\d{2}:?\d{2})$/i;

/**
 * When a poll closes. Hours and minutes are elapsed time; days and weeks are calendar days in the
 * community's time zone, so "1d" at 18:00 closes at 18:00 tomorrow even across a daylight-saving change.
 * A local date-time is read in the community's time zone; one with an offset or "Z" is an instant.
 */
export function resolveClosingTime(
  closes: string | Date,
  now: Date,
  timeZone: string,
): { ok: true; at: Date } | { ok: false; reason: InvalidPollReason } {
  const at = closes instanceof Date ? closes : parse(closes.trim(), now, timeZone);
  if (!at || Number.isNaN(at.getTime())) return { ok: false, reason: "closes_invalid" };
  if (at.getTime() <= now.getTime()) return { ok: false, reason: "closes_past" };
  if (at.getTime() > now.getTime() + maxPollDays * 86_400_000 + 3_600_000)
    return { ok: false, reason: "closes_too_far" };
  return { ok: true, at };
}

function parse(text: string, now: Date, timeZone: string): Date | null {
  if (durationPattern.test(text)) return afterDuration(text, now, timeZone);
  const local = parseLocalDateTime(text);
  if (local) return instantOf(local, timeZone);
  if (withOffset.test(text) && /^\d{4}-\d{2}-\d{2}T/.test(text)) return new Date(text);
  return null;
}

function afterDuration(text: string, now: Date, timeZone: string): Date | null {
  let ms = 0;
  let days = 0;
  for (const [, amount, unit] of text.matchAll(durationPart)) {
    const step = units[unit!.toLowerCase()];
    if (!step) return null;
    if (step.kind === "ms") ms += Number(amount) * step.ms;
    else days += Number(amount) * step.days;
  }
  const base = days === 0 ? now : instantOf(addDays(wallClockAt(now, timeZone), days), timeZone);
  return new Date(base.getTime() + ms + (days === 0 ? 0 : now.getMilliseconds()));
}
