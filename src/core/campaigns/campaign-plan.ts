import type { Community } from "../domain/community.ts";
import type { AppError } from "../errors/error-codes.ts";
import { err, ok, type Result } from "../errors/result.ts";
import type { ScheduleSpec, ScheduleStatus } from "../ports/scheduler.port.ts";
import { localDateTimeToInstant, positionAt, timingOf, upcomingFires } from "../scheduling/next-fire.ts";
import { type ChatCampaignContent, checkCampaignContent } from "./campaign-content.ts";
import type { CampaignEntry, CampaignRunPayload, CampaignSchedule } from "./campaign-file.schema.ts";

/** The job a campaign's schedule runs. */
export const campaignRunJob = "campaign.run";

/** What applying one campaign would do. */
export interface PlannedCampaign {
  readonly key: string;
  readonly scheduleId: string;
  readonly community: Community;
  readonly action: "create" | "update" | "unchanged";
  readonly spec: ScheduleSpec;
  /** The next five runs (instants). */
  readonly nextRuns: readonly Date[];
}

/** A problem with one campaign that only the database can reveal (unknown community, bad date). */
export interface PlanProblem {
  readonly path: string;
  readonly message: string;
}

/** The schedule id of a campaign: stable for a community and key, so re-applying updates it. */
export function campaignScheduleId(communityId: string, key: string): string {
  return `campaign:${communityId}:${key}`;
}

function sameSpec(spec: ScheduleSpec, existing: ScheduleStatus, existingPayload: unknown): boolean {
  return (
    (spec.cron ?? null) === existing.cron &&
    // A stored series keeps its start in runAt; a one-off keeps its instant there.
    ((spec.cron ? spec.startsAt : spec.runAt)?.getTime() ?? null) === (existing.runAt?.getTime() ?? null) &&
    (spec.endsAt?.getTime() ?? null) === (existing.endsAt?.getTime() ?? null) &&
    spec.timeZone === existing.timeZone &&
    JSON.stringify(spec.payload) === JSON.stringify(existingPayload)
  );
}

/** The timing fields of a schedule spec, read from a campaign schedule in a time zone. */
export type ScheduleTimingFields = Required<Pick<ScheduleSpec, "cron" | "runAt" | "startsAt" | "endsAt" | "count">>;

/**
 * Reads a campaign schedule (campaign files, and the chat commands' start and repeat) into a spec's timing
 * fields: its local date-times are read in the community's time zone. A problem names the field at fault.
 */
export function scheduleTimingOf(
  schedule: CampaignSchedule,
  timeZone: string,
): Result<ScheduleTimingFields, { field: "at" | "from" | "until"; message: string }> {
  const fields = {
    at: "at" in schedule ? schedule.at : undefined,
    from: "from" in schedule ? schedule.from : undefined,
    until: "until" in schedule ? schedule.until : undefined,
  };
  const instants: Partial<Record<keyof typeof fields, Date>> = {};
  for (const field of ["at", "from", "until"] as const) {
    const text = fields[field];
    if (!text) continue;
    const instant = localDateTimeToInstant(text.replace(" ", "T"), timeZone);
    if (!instant.ok) return err({ field, message: instant.error.message });
    instants[field] = instant.value;
  }
  return ok({
    cron: "cron" in schedule ? schedule.cron : null,
    runAt: instants.at ?? null,
    startsAt: instants.from ?? null,
    endsAt: instants.until ?? null,
    count: "count" in schedule ? (schedule.count ?? null) : null,
  });
}

/**
 * Turns one validated campaign into the schedule it stands for and compares it with what is stored.
 * Local date-times are read in the community's time zone.
 */
export function planCampaign(input: {
  entry: CampaignEntry;
  index: number;
  community: Community;
  existing: { status: ScheduleStatus; payload: unknown; startsAt: Date | null } | null;
  now: Date;
  /** Words for a refused poll, offer or session (the CLI reads them in English). */
  describe: (error: AppError) => string;
}): { ok: true; plan: PlannedCampaign } | { ok: false; problem: PlanProblem } {
  const { entry, community, existing, now } = input;
  const channelId = entry.channel ?? (community.platform === "telegram" ? community.platformId : null);
  if (!channelId) {
    return {
      ok: false,
      problem: {
        path: `campaigns[${input.index}].channel`,
        message: "a Discord campaign needs the channel id to post in",
      },
    };
  }
  const timing = scheduleTimingOf(entry.schedule, community.timeZone);
  if (!timing.ok) {
    const problem = { path: `campaigns[${input.index}].schedule.${timing.error.field}`, message: timing.error.message };
    return { ok: false, problem };
  }
  // What each run creates is checked now, as its service will at the first run (relative times from then).
  const content = contentOf(entry);
  const firstRun = timing.value.runAt ?? timing.value.startsAt ?? now;
  const checked = checkCampaignContent(content, channelId, firstRun > now ? firstRun : now, community.timeZone);
  if (!checked.ok) {
    return {
      ok: false,
      problem: { path: `campaigns[${input.index}].${content.kind}`, message: input.describe(checked.error) },
    };
  }
  const payload = {
    ...content,
    key: entry.key,
    communityId: community.id,
    channelId,
  } as CampaignRunPayload;
  const spec: ScheduleSpec = {
    id: campaignScheduleId(community.id, entry.key),
    job: campaignRunJob,
    payload,
    timeZone: community.timeZone,
    ...timing.value,
    // Re-applying keeps the series' original start, so an unchanged file leaves the schedule as it is.
    startsAt: timing.value.startsAt ?? existing?.startsAt ?? null,
    communityId: community.id,
  };
  const armed = timingOf(spec, now);
  if (!armed.ok) {
    return { ok: false, problem: { path: `campaigns[${input.index}].schedule`, message: armed.error.message } };
  }
  const nextRuns = upcomingFires(armed.value, positionAt(armed.value, now), 5).filter((d) => d >= now);
  const action = !existing ? "create" : sameSpec(spec, existing.status, existing.payload) ? "unchanged" : "update";
  return { ok: true, plan: { key: entry.key, scheduleId: spec.id, community, action, spec, nextRuns } };
}

/** What a campaign file's entry creates at each run. */
function contentOf(entry: CampaignEntry): ChatCampaignContent {
  if (entry.offer) return { kind: "offer", offer: entry.offer };
  if (entry.qa) {
    const { topic, ends, queue, limit } = entry.qa;
    return { kind: "qa", qa: { topic, ends: ends ?? null, moderated: queue, maxOpenPerMember: limit } };
  }
  return { kind: "poll", poll: entry.poll ?? {} };
}
