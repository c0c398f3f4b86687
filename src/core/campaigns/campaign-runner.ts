import type { Community } from "../domain/community.ts";
import type { AppError } from "../errors/error-codes.ts";
import type { Result } from "../errors/result.ts";
import { offersFrom } from "../offers/offer-feature.ts";
import type { PollService } from "../polls/poll.service.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { CommunityRepository, SystemSettingRepository } from "../ports/repositories.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import { qaFrom } from "../qa/qa-feature.ts";
import type { CoreServices } from "../services.ts";
import { type CampaignRunPayload, campaignRunPayloadSchema } from "./campaign-file.schema.ts";
import { campaignRunJob } from "./campaign-plan.ts";

/** Creates what one run of a campaign stands for, at the fire instant; the id of what it created. */
async function createRun(
  run: CampaignRunPayload,
  community: Community,
  at: Date,
  deps: { polls: PollService; services?: CoreServices },
): Promise<Result<{ id: string }, AppError>> {
  if (run.kind === "poll") {
    return deps.polls.create({ community, definition: { ...run.poll, channelId: run.channelId }, at });
  }
  // Offers and Q&A sessions ride beside CoreServices; a run of either without them is a wiring bug.
  if (!deps.services) throw new Error(`campaign runner: a ${run.kind} run needs the core services`);
  if (run.kind === "offer") {
    const definition = { ...run.offer, channelId: run.channelId };
    return offersFrom(deps.services).offers.create({ community, definition, at });
  }
  return qaFrom(deps.services).sessions.open({
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
  polls: PollService;
  communities: CommunityRepository;
  settings: SystemSettingRepository;
  logger: Logger;
  /** The handlers' services, where the offer and Q&A features are attached (needed for their runs). */
  services?: CoreServices;
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
    const created = await createRun(run, community, fireAt, deps);
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
