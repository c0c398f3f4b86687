import { randomBytes } from "node:crypto";
import type { Community } from "../domain/community.ts";
import { type AppError, fail } from "../errors/error-codes.ts";
import { ok, type Result } from "../errors/result.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import { type ChatCampaignContent, checkCampaignContent } from "./campaign-content.ts";
import { campaignRunJob, campaignScheduleId } from "./campaign-plan.ts";
import { type ChatScheduleInput, readChatSchedule } from "./chat-schedule.ts";

/** A campaign a chat command scheduled. */
export interface ScheduledChatCampaign {
  readonly scheduleId: string;
  readonly kind: ChatCampaignContent["kind"];
  /** The next runs: one for a one-off, up to five for a repeat. */
  readonly nextRuns: readonly Date[];
  readonly repeating: boolean;
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
  const checked = checkCampaignContent(content, channelId, firstRun, community.timeZone);
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
