import type { PollService } from "../polls/poll.service.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { CommunityRepository, SystemSettingRepository } from "../ports/repositories.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import { campaignRunPayloadSchema } from "./campaign-file.schema.ts";
import { campaignRunJob } from "./campaign-plan.ts";

/**
 * Runs scheduled campaigns: each fire of a campaign's schedule posts its poll. The scheduler leases
 * every fire to one instance; a marker keyed by (schedule, fire time) also keeps a fire taken over
 * after a crash from posting the same poll twice.
 */
export function registerCampaignRunner(deps: {
  scheduler: Scheduler;
  polls: PollService;
  communities: CommunityRepository;
  settings: SystemSettingRepository;
  logger: Logger;
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
    const created = await deps.polls.create({
      community,
      definition: { ...run.poll, channelId: run.channelId },
      at: fireAt,
    });
    if (!created.ok) {
      deps.logger.warn({ scheduleId, campaign: run.key, code: created.error.code }, "campaign run refused");
      return;
    }
    await deps.settings.set(marker, created.value.id);
  });
}
