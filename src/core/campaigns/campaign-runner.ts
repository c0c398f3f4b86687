import type { Community } from "../domain/community.ts";
import type { AppError } from "../errors/error-codes.ts";
import type { Result } from "../errors/result.ts";
import type { OfferFeature } from "../offers/offer-feature.ts";
import type { PollService } from "../polls/poll.service.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { CommunityRepository, SystemSettingRepository } from "../ports/repositories.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import type { QaFeature } from "../qa/qa-feature.ts";
import { type CampaignRunPayload, campaignRunPayloadSchema } from "./campaign-file.schema.ts";
import { campaignRunJob } from "./campaign-plan.ts";

/** The features a campaign run creates things with. */
export interface CampaignFeatures {
  readonly polls: PollService;
  readonly offers: OfferFeature;
  readonly qa: QaFeature;
}

/** Creates what one run of a campaign stands for, at the fire instant; the id of what it created. */
async function createRun(
  run: CampaignRunPayload,
  community: Community,
  at: Date,
  features: CampaignFeatures,
): Promise<Result<{ id: string }, AppError>> {
  if (run.kind === "poll") {
    return features.polls.create({ community, definition: { ...run.poll, channelId: run.channelId }, at });
  }
  if (run.kind === "offer") {
    const definition = { ...run.offer, channelId: run.channelId };
    return features.offers.offers.create({ community, definition, at });
  }
  return features.qa.sessions.open({
    community,
    channelId: run.channelId,
    topic: run.qa.topic,
    ends: run.qa.ends,
    moderated: run.qa.moderated,
    maxOpenPerMember: run.qa.maxOpenPerMember,
    at,
  });
}

/**
 * Runs scheduled campaigns: each fire of a campaign's schedule posts its poll, offer or Q&A session, through the
 * same services as the chat commands (so targeting, direct-prompt quiet hours and weekly caps apply as at any
 * other time, counted from the fire instant). The scheduler leases every fire to one instance; a marker keyed by
 * (schedule, fire time) also keeps a fire taken over after a crash from posting twice.
 */
export function registerCampaignRunner(deps: {
  scheduler: Scheduler;
  communities: CommunityRepository;
  settings: SystemSettingRepository;
  logger: Logger;
  features: CampaignFeatures;
}): void {
  deps.scheduler.register(campaignRunJob, async ({ scheduleId, fireAt, payload }) => {
    const marker = `campaign-run:${scheduleId}:${fireAt.toISOString()}`;
    if (await deps.settings.get(marker)) return;
    const run = campaignRunPayloadSchema.parse(payload);
    const community = await deps.communities.get(run.communityId);
    if (!community?.active) {
      deps.logger.warn({ scheduleId, campaign: run.key }, "campaign skipped: its community is gone or inactive");
      return;
    }
    const created = await createRun(run, community, fireAt, deps.features);
    if (!created.ok) {
      deps.logger.warn(
        { scheduleId, campaign: run.key, kind: run.kind, code: created.error.code },
        "campaign run refused",
      );
      return;
    }
    await deps.settings.set(marker, created.value.id);
  });
}
