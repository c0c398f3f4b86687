import { instantOf, type LocalDateTime, parseLocalDateTime, wallClockAt } from "../scheduling/zoned-time.ts";

/** The longest a Q&A session may be scheduled to run. */
export const maxSessionDays = 30;

/** Why an end time was refused (a key of the `qa.end` messages). */
export type EndTimeProblem = "invalid" | "past" | "tooFar";

const durationPattern = /^(\d{1,4}\s*(m|min|h|d|g|w)\s*)+$/i;
const durationPart = /(\d{1,4})\s*(min|m|h|d|g|w)/gi;
const hourMs = 3_600_000;

/**
 * When a session ends: a duration from now (90m, 2h, 1d, 1w; "g" for giorni) or a local date and time in
 * the community's time zone (2026-12-01 18:00). Days count calendar days, so "1d" at 18:00 ends at 18:00
 * tomorrow across a daylight-saving change; minutes and hours are elapsed time.
 */
export function resolveEndTime(
  text: string,
  now: Date,
  timeZone: string,
): { ok: true; at: Date } | { ok: false; problem: EndTimeProblem } {
  const trimmed = text.trim();
  const local = parseLocalDateTime(trimmed);
  const at = local ? instantOf(local, timeZone) : durationPattern.test(trimmed) ? after(trimmed, now, timeZone) : null;
  if (!at) return { ok: false, problem: "invalid" };
  if (at.getTime() <= now.getTime()) return { ok: false, problem: "past" };
  if (at.getTime() > now.getTime() + maxSessionDays * 24 * hourMs + hourMs) return { ok: false, problem: "tooFar" };
  return { ok: true, at };
}

function after(text: string, now: Date, timeZone: string): Date {
  let ms = 0;
  let days = 0;
  for (const [, amount, unit] of text.matchAll(durationPart)) {
    const n = Number(amount);
    const u = unit!.toLowerCase();
    if (u === "m" || u === "min") ms += n * 60_000;
    else if (u === "h") ms += n * hourMs;
    else days += u === "w" ? 7 * n : n;
  }
  if (days === 0) return new Date(now.getTime() + ms);
  const wall = wallClockAt(now, timeZone);
  const shifted = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  const target: LocalDateTime = {
    ...wall,
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
  return new Date(instantOf(target, timeZone).getTime() + ms);
}
