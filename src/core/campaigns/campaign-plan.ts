import type { Community } from "../domain/community.ts";
import type { ScheduleSpec, ScheduleStatus } from "../ports/scheduler.port.ts";
import { localDateTimeToInstant, positionAt, timingOf, upcomingFires } from "../scheduling/next-fire.ts";
import type { CampaignEntry, CampaignRunPayload } from "./campaign-file.schema.ts";

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
}): { ok: true; plan: PlannedCampaign } | { ok: false; problem: PlanProblem } {
  const { entry, community, existing, now } = input;
  const at = (text: string | undefined, field: string) => {
    if (!text) return { ok: true as const, value: null };
    const instant = localDateTimeToInstant(text.replace(" ", "T"), community.timeZone);
    return instant.ok
      ? { ok: true as const, value: instant.value }
      : {
          ok: false as const,
          problem: { path: `campaigns[${input.index}].schedule.${field}`, message: instant.error.message },
        };
  };
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
  const payload: CampaignRunPayload = {
    kind: "poll",
    key: entry.key,
    communityId: community.id,
    channelId,
    poll: entry.poll,
  };
  const schedule = entry.schedule;
  const runAt = at("at" in schedule ? schedule.at : undefined, "at");
  const from = at("from" in schedule ? schedule.from : undefined, "from");
  const until = at("until" in schedule ? schedule.until : undefined, "until");
  for (const parsed of [runAt, from, until]) if (!parsed.ok) return { ok: false, problem: parsed.problem };
  const spec: ScheduleSpec = {
    id: campaignScheduleId(community.id, entry.key),
    job: campaignRunJob,
    payload,
    timeZone: community.timeZone,
    cron: "cron" in schedule ? schedule.cron : null,
    runAt: runAt.ok ? runAt.value : null,
    // Re-applying keeps the series' original start, so an unchanged file leaves the schedule as it is.
    startsAt: (from.ok ? from.value : null) ?? existing?.startsAt ?? null,
    endsAt: until.ok ? until.value : null,
    count: "count" in schedule ? (schedule.count ?? null) : null,
    communityId: community.id,
  };
  const timing = timingOf(spec, now);
  if (!timing.ok) {
    return { ok: false, problem: { path: `campaigns[${input.index}].schedule`, message: timing.error.message } };
  }
  const nextRuns = upcomingFires(timing.value, positionAt(timing.value, now), 5).filter((d) => d >= now);
  const action = !existing ? "create" : sameSpec(spec, existing.status, existing.payload) ? "unchanged" : "update";
  return { ok: true, plan: { key: entry.key, scheduleId: spec.id, community, action, spec, nextRuns } };
}
