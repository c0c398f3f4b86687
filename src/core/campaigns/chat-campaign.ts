import { randomBytes } from "node:crypto";
import type { Community } from "../domain/community.ts";
import { type AppError, fail } from "../errors/error-codes.ts";
import { ok, type Result } from "../errors/result.ts";
import { createOfferInputSchema, offerReasonOf } from "../offers/offer.schema.ts";
import { resolveValidityWindow } from "../offers/offer-window.ts";
import { resolveClosingTime } from "../polls/closing-time.ts";
import { createPollInputSchema, reasonOf } from "../polls/poll.schema.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import { resolveEndTime } from "../qa/qa-end-time.ts";
import type { CampaignRunPayload } from "./campaign-file.schema.ts";
import { campaignRunJob, campaignScheduleId } from "./campaign-plan.ts";
import { type ChatScheduleInput, readChatSchedule } from "./chat-schedule.ts";

/**
 * What a scheduled run creates, as the command gathered it: the definition its service takes, without the
 * channel (where the command was typed). A poll's or an offer's relative times count from each run.
 */
export type ChatCampaignContent =
  | { readonly kind: "poll"; readonly poll: Readonly<Record<string, unknown>> }
  | { readonly kind: "offer"; readonly offer: Readonly<Record<string, unknown>> }
  | { readonly kind: "qa"; readonly qa: Extract<CampaignRunPayload, { kind: "qa" }>["qa"] };

/** The part of a campaign-run payload that says what to create (the rest says where). */
type RunContent = DistributiveOmit<CampaignRunPayload, "key" | "communityId" | "channelId">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A campaign a chat command scheduled. */
export interface ScheduledChatCampaign {
  readonly scheduleId: string;
  readonly kind: ChatCampaignContent["kind"];
  /** The next runs: one for a one-off, up to five for a repeat. */
  readonly nextRuns: readonly Date[];
  readonly repeating: boolean;
}

/**
 * Checks what a run will create as the service will at its first run (a closing time or an end counts from the
 * run), so a moderator learns about a bad poll, offer or session now rather than from a run that posts nothing.
 * Returns what the schedule's payload keeps.
 */
function checkContent(
  content: ChatCampaignContent,
  channelId: string,
  at: Date,
  timeZone: string,
): Result<RunContent, AppError> {
  if (content.kind === "poll") {
    const parsed = createPollInputSchema.safeParse({ ...content.poll, channelId });
    if (!parsed.success) {
      const { reason, params } = reasonOf(parsed.error.issues);
      return fail("INVALID_POLL", { reason, ...params });
    }
    const closes = resolveClosingTime(parsed.data.closes, at, timeZone);
    if (!closes.ok) return fail("INVALID_POLL", { reason: closes.reason });
    if (parsed.data.mentionRole && parsed.data.segment.kind !== "roles") {
      return fail("INVALID_POLL", { reason: "mention_needs_roles" });
    }
    const { channelId: _where, ...poll } = parsed.data;
    return ok({ kind: "poll", poll });
  }
  if (content.kind === "offer") {
    const parsed = createOfferInputSchema.safeParse({ ...content.offer, channelId });
    if (!parsed.success) {
      const { reason, params } = offerReasonOf(parsed.error.issues);
      return fail("INVALID_OFFER", { reason, ...params });
    }
    const window = resolveValidityWindow(parsed.data, at, timeZone);
    if (!window.ok) return fail("INVALID_OFFER", { reason: window.reason });
    // The offer service re-reads the definition as typed at each run (its schema transforms while parsing).
    return ok({ kind: "offer", offer: { ...content.offer } });
  }
  if (content.qa.ends) {
    const end = resolveEndTime(content.qa.ends, at, timeZone);
    if (!end.ok) return fail("QA_INVALID_END", { reason: end.problem });
  }
  return ok({ kind: "qa", qa: content.qa });
}

/**
 * Schedules what /poll, /offer create or /qa open would create now for later, once (`start`) or on a cron
 * expression (`repeat`, optionally `until`), in the community's time zone. It is stored as a "campaign.run"
 * schedule, like a campaign file's, so /campaign list shows it and /campaign pause|resume|cancel control it.
 * A refused start, repeat, until or content schedules nothing.
 */
export async function scheduleChatCampaign(input: {
  scheduler: Scheduler;
  community: Community;
  channelId: string | null;
  content: ChatCampaignContent;
  when: ChatScheduleInput;
  now: Date;
}): Promise<Result<ScheduledChatCampaign, AppError>> {
  const { community, content } = input;
  const read = readChatSchedule(input.when, input.now, community.timeZone);
  if (!read.ok) return fail("INVALID_SCHEDULE", { reason: read.problem.reason, value: read.problem.value });
  const { schedule } = read;
  if (content.kind === "offer" && schedule.repeating && content.offer.codes !== undefined) {
    return fail("INVALID_SCHEDULE", { reason: "codes_with_repeat", value: "" });
  }
  // Without a channel, polls and offers refuse with their own channel_missing message, as when posting now.
  if (!input.channelId && content.kind === "qa") return fail("QA_CHANNEL_UNKNOWN");
  const channelId = input.channelId ?? "";
  const firstRun = schedule.nextRuns[0]!;
  const checked = checkContent(content, channelId, firstRun, community.timeZone);
  if (!checked.ok) return checked;

  // The key names the kind, so /campaign list tells a scheduled poll from an offer at a glance.
  const key = `${content.kind}-${randomBytes(4).toString("hex")}`;
  const payload = { key, communityId: community.id, channelId, ...checked.value };
  const stored = await input.scheduler.upsert({
    id: campaignScheduleId(community.id, key),
    job: campaignRunJob,
    payload,
    timeZone: community.timeZone,
    ...schedule.timing,
    communityId: community.id,
  });
  return ok({ scheduleId: stored.id, kind: content.kind, nextRuns: schedule.nextRuns, repeating: schedule.repeating });
}
