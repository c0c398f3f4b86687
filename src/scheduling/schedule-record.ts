// How a spec becomes a stored schedule and back. Kept apart from the engine's timing loop because it is
// where "storing the same plan twice changes nothing" is decided.
import type { ScheduleRecord } from "../core/ports/schedule-repository.port.ts";
import type { ScheduleSpec, ScheduleState, ScheduleStatus } from "../core/ports/scheduler.port.ts";
import {
  advancePast,
  positionAt,
  type ScheduleTiming,
  type SeriesPosition,
  timingOf,
} from "../core/scheduling/next-fire.ts";

/**
 * The record to store for a spec, given what is stored under its id. An unchanged timing keeps the
 * schedule's progress and state (a changed count only re-counts the fires left); a changed timing
 * restarts the schedule from `now`. Throws RangeError on an invalid spec.
 */
export function recordFor(spec: ScheduleSpec, existing: ScheduleRecord | null, now: Date): ScheduleRecord {
  const sameSeries =
    existing?.cron != null && existing.cron === spec.cron?.trim() && existing.timeZone === spec.timeZone;
  const checked = timingOf(spec, sameSeries ? (existing.runAt ?? now) : now);
  if (!checked.ok) throw new RangeError(`schedule ${spec.id}: ${checked.error.field}: ${checked.error.message}`);
  const timing = checked.value;
  const base = {
    id: spec.id,
    job: spec.job,
    payload: spec.payload ?? null,
    timeZone: spec.timeZone,
    cron: timing.kind === "cron" ? timing.cron.source : null,
    runAt: timing.kind === "cron" ? timing.startsAt : timing.at,
    endsAt: timing.kind === "cron" ? timing.endsAt : null,
    communityId: spec.communityId ?? null,
    campaignId: spec.campaignId ?? null,
    lastFireAt: existing?.lastFireAt ?? null,
  };
  if (!existing || !sameTiming(existing, base)) return { ...base, ...withState("active", positionAt(timing, now)) };
  if (existing.state === "cancelled" || timing.kind === "once") {
    return { ...base, state: existing.state, nextFireAt: existing.nextFireAt, remaining: existing.remaining };
  }
  // Re-count from where the series stands, so a raised or lowered count takes effect and an unchanged one
  // lands exactly where the series already is.
  const cursor = existing.state !== "finished" && existing.nextFireAt ? existing.nextFireAt : now;
  const state = existing.state === "finished" ? "active" : existing.state;
  return { ...base, ...withState(state, positionAt(timing, cursor)) };
}

/** Whether storing `next` over `existing` would change nothing. */
export function sameRecord(next: ScheduleRecord, existing: ScheduleRecord): boolean {
  const time = (at: Date | null) => at?.getTime() ?? null;
  return (
    next.job === existing.job &&
    JSON.stringify(next.payload) === JSON.stringify(existing.payload) &&
    next.timeZone === existing.timeZone &&
    next.cron === existing.cron &&
    time(next.runAt) === time(existing.runAt) &&
    time(next.endsAt) === time(existing.endsAt) &&
    next.remaining === existing.remaining &&
    next.state === existing.state &&
    time(next.nextFireAt) === time(existing.nextFireAt) &&
    time(next.lastFireAt) === time(existing.lastFireAt) &&
    next.communityId === existing.communityId &&
    next.campaignId === existing.campaignId
  );
}

function sameTiming(existing: ScheduleRecord, next: Pick<ScheduleRecord, "cron" | "runAt" | "endsAt" | "timeZone">) {
  return (
    existing.cron === next.cron &&
    existing.timeZone === next.timeZone &&
    existing.runAt?.getTime() === next.runAt?.getTime() &&
    existing.endsAt?.getTime() === next.endsAt?.getTime()
  );
}

/** A position with the state that goes with it: a live schedule with no fire left is finished. */
export function withState(state: ScheduleState, position: SeriesPosition) {
  return { ...position, state: position.nextFireAt || state === "cancelled" ? state : ("finished" as const) };
}

/**
 * The timing of a stored schedule. A record keeps the fires left rather than the original count, so this
 * timing is only ever advanced from the record's position (advancePast), never re-counted from the start.
 */
export function timingOfRecord(record: ScheduleRecord): ScheduleTiming {
  const recurring = record.cron !== null;
  const spec: ScheduleSpec = {
    ...record,
    runAt: recurring ? null : record.runAt,
    startsAt: recurring ? record.runAt : null,
    count: null,
  };
  const checked = timingOf(spec, record.runAt ?? new Date(0));
  if (!checked.ok)
    throw new RangeError(`stored schedule ${record.id}: ${checked.error.field}: ${checked.error.message}`);
  return checked.value;
}

/** Where a paused schedule resumes: its first fire from `now` on; fires planned while paused are skipped. */
export function resumePosition(record: ScheduleRecord, now: Date): SeriesPosition {
  const position = { nextFireAt: record.nextFireAt, remaining: record.remaining };
  return advancePast(timingOfRecord(record), position, new Date(now.getTime() - 1));
}

/** A record without its payload, as listings show it. */
export function statusOf(record: ScheduleRecord): ScheduleStatus {
  const { payload: _payload, ...status } = record;
  return status;
}
