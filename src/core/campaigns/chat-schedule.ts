// The `start`, `repeat` and `until` options of /poll, /offer create and /qa open, read into the same schedule a
// campaign file declares, so both ways of planning a campaign agree on every instant.
import { resolveClosingTime } from "../polls/closing-time.ts";
import type { ScheduleSpec } from "../ports/scheduler.port.ts";
import { positionAt, timingOf, upcomingFires } from "../scheduling/next-fire.ts";
import { wallClockAt } from "../scheduling/zoned-time.ts";
import { type CampaignSchedule, campaignScheduleSchema, localDateTime } from "./campaign-file.schema.ts";
import { type ScheduleTimingFields, scheduleTimingOf } from "./campaign-plan.ts";

/** Why a start, repeat or until was refused; each has a message under campaign.invalid.<reason>. */
export type InvalidScheduleReason =
  | "start_invalid"
  | "start_past"
  | "start_too_far"
  | "repeat_invalid"
  | "until_invalid"
  | "until_without_repeat"
  | "until_before_start"
  | "no_run"
  | "codes_with_repeat";

/** The scheduling options as a moderator typed them. */
export interface ChatScheduleInput {
  /** When to run (once), or when a repeat starts: a local date-time, or a delay like "in 2h". */
  readonly start?: string | undefined;
  /** A five-field cron expression in the community's time zone. */
  readonly repeat?: string | undefined;
  /** The last local date-time a repeat may run. */
  readonly until?: string | undefined;
}

/** A schedule ready to store, with its first runs. */
export interface ChatSchedule {
  readonly timing: ScheduleTimingFields;
  /** The next runs: one for a one-off, up to five for a repeat. */
  readonly nextRuns: readonly Date[];
  readonly repeating: boolean;
}

/** A refused schedule: the reason and the value the message quotes. */
export interface ScheduleProblem {
  readonly reason: InvalidScheduleReason;
  readonly value: string;
}

/** Whether the moderator asked for a schedule at all (without one, the command acts now, as before). */
export function wantsSchedule(input: ChatScheduleInput): boolean {
  return [input.start, input.repeat, input.until].some((value) => value !== undefined && value.trim() !== "");
}

// "in 2h" and "tra 2h" / "fra 2h" (Italian) are the delays /poll --closes takes, read from now.
const delayPrefix = /^(in|tra|fra)\s+/i;

/** The start as a local date-time text in the campaign-file format ("YYYY-MM-DD HH:mm"). */
function startText(
  typed: string,
  now: Date,
  timeZone: string,
): { ok: true; text: string } | { ok: false; problem: ScheduleProblem } {
  const trimmed = typed.trim();
  if (localDateTime.safeParse(trimmed).success) return { ok: true, text: trimmed.replace("T", " ") };
  const delay = trimmed.replace(delayPrefix, "");
  // Absolute times were handled above: only a delay (or an instant with an offset) is left to read.
  const resolved = resolveClosingTime(delay, now, timeZone);
  if (!resolved.ok) {
    const reason = resolved.reason === "closes_too_far" ? "start_too_far" : "start_invalid";
    return { ok: false, problem: { reason, value: trimmed } };
  }
  // Schedules run on whole minutes: a delay is rounded up to the next one, so "in 2h" is never early.
  const minute = new Date(Math.ceil(resolved.at.getTime() / 60_000) * 60_000);
  const wall = wallClockAt(minute, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    ok: true,
    text: `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}`,
  };
}

/**
 * Reads a moderator's start, repeat and until into a campaign-file schedule, checked by the same zod schema and
 * turned into timing fields by the same code as campaign files. A start must lie ahead; an until needs a
 * repeat and must come after the start; a repeat must run at least once.
 */
export function readChatSchedule(
  input: ChatScheduleInput,
  now: Date,
  timeZone: string,
): { ok: true; schedule: ChatSchedule } | { ok: false; problem: ScheduleProblem } {
  const repeat = input.repeat?.trim() || undefined;
  const until = input.until?.trim() || undefined;
  let start: string | undefined;
  if (input.start?.trim()) {
    const read = startText(input.start, now, timeZone);
    if (!read.ok) return read;
    start = read.text;
  }
  if (until && !repeat) return { ok: false, problem: { reason: "until_without_repeat", value: until } };
  const declared: unknown = repeat
    ? { cron: repeat, ...(start ? { from: start } : {}), ...(until ? { until } : {}) }
    : { at: start };
  const parsed = campaignScheduleSchema.safeParse(declared);
  if (!parsed.success) {
    // The union reports each branch; the branch the input took names the field at fault.
    const fields = parsed.error.issues.flatMap((issue) =>
      issue.code === "invalid_union" ? issue.errors.flat().map((inner) => inner.path[0]) : [issue.path[0]],
    );
    if (repeat && fields.includes("cron")) return { ok: false, problem: { reason: "repeat_invalid", value: repeat } };
    if (until && fields.includes("until")) return { ok: false, problem: { reason: "until_invalid", value: until } };
    return { ok: false, problem: { reason: "start_invalid", value: input.start?.trim() ?? "" } };
  }
  return planned(parsed.data, { start: input.start?.trim() ?? "", until: until ?? "" }, now, timeZone);
}

function planned(
  schedule: CampaignSchedule,
  typed: { start: string; until: string },
  now: Date,
  timeZone: string,
): { ok: true; schedule: ChatSchedule } | { ok: false; problem: ScheduleProblem } {
  const fields = scheduleTimingOf(schedule, timeZone);
  if (!fields.ok) {
    const reason = fields.error.field === "until" ? "until_invalid" : "start_invalid";
    return { ok: false, problem: { reason, value: fields.error.field === "until" ? typed.until : typed.start } };
  }
  const timing = fields.value;
  const begins = timing.runAt ?? timing.startsAt;
  if (begins && begins.getTime() <= now.getTime()) {
    return { ok: false, problem: { reason: "start_past", value: typed.start } };
  }
  if (timing.endsAt && timing.endsAt.getTime() <= (begins ?? now).getTime()) {
    return { ok: false, problem: { reason: "until_before_start", value: typed.until } };
  }
  const spec: ScheduleSpec = { id: "preview", job: "preview", payload: null, timeZone, ...timing };
  const armed = timingOf(spec, now);
  if (!armed.ok) {
    const reason = armed.error.field === "endsAt" ? "until_before_start" : "no_run";
    return { ok: false, problem: { reason, value: typed.until } };
  }
  const repeating = timing.cron !== null;
  const nextRuns = upcomingFires(armed.value, positionAt(armed.value, now), repeating ? 5 : 1);
  if (nextRuns.length === 0) return { ok: false, problem: { reason: "no_run", value: typed.until } };
  return { ok: true, schedule: { timing, nextRuns, repeating } };
}
