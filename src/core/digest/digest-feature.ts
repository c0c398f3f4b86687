import type { ConsentService } from "../consent/consent.service.ts";
import type { Translator } from "../i18n/translator.ts";
import type { ChatPlatforms } from "../ports/chat-platforms.ts";
import type { Clock } from "../ports/clock.port.ts";
import type { ContactDirectory } from "../ports/contact-directory.port.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { Repositories } from "../ports/repositories.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import type { ChartRenderer } from "./chart.port.ts";
import { DigestService } from "./digest.service.ts";
import { DigestDelivery } from "./digest-delivery.ts";

/** The digest feature as handlers and the composition root use it. */
export interface DigestFeature {
  readonly service: DigestService;
  readonly delivery: DigestDelivery;
  /**
   * Upserts every active community's built-in "digest.weekly" schedule (Monday 09:00 local time); the core's
   * lifecycle calls it before the scheduler starts.
   */
  arm(): Promise<void>;
}

/**
 * Builds the digest feature and registers its weekly job with the scheduler; buildCore calls it once. The chart
 * renderer comes from outside the core; private copies go to the contacts the privacy feature keeps.
 */
export function createDigestFeature(deps: {
  repositories: Pick<Repositories, "communities" | "brands" | "digests" | "campaignMetrics">;
  consent: ConsentService;
  chat: ChatPlatforms;
  scheduler: Scheduler;
  clock: Clock;
  chart: ChartRenderer;
  translator: Translator;
  contacts: ContactDirectory;
  logger: Logger;
}): DigestFeature {
  const { repositories } = deps;
  const logger = deps.logger.child({ component: "digest" });
  const service = new DigestService({
    communities: repositories.communities,
    brands: repositories.brands,
    digests: repositories.digests,
    campaigns: repositories.campaignMetrics,
    chart: deps.chart,
    translator: deps.translator,
    clock: deps.clock,
    logger,
  });
  const delivery = new DigestDelivery({
    digests: service,
    communities: repositories.communities,
    scheduler: deps.scheduler,
    chat: deps.chat,
    consent: deps.consent,
    contacts: deps.contacts,
    logger,
  });
  return {
    service,
    delivery,
    async arm() {
      const { communities, written } = await delivery.armAll();
      deps.logger.info({ communities, written }, "weekly digest schedules armed");
    },
  };
}
