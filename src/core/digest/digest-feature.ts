import type { Translator } from "../i18n/translator.ts";
import type { ContactDirectory } from "../ports/contact-directory.port.ts";
import type { CoreServices } from "../services.ts";
import type { ChartRenderer } from "./chart.port.ts";
import { DigestService } from "./digest.service.ts";
import { attachDigest, type DigestFeature } from "./digest-access.ts";
import { DigestDelivery } from "./digest-delivery.ts";

/**
 * Builds the digest feature on the core's services, registers its weekly job with the scheduler and makes it
 * reachable from handlers (digestFrom). The chart renderer and the contact directory come from outside the core.
 */
export function createDigestFeature(
  services: CoreServices,
  deps: { chart: ChartRenderer; translator: Translator; contacts: ContactDirectory },
): DigestFeature {
  const { repositories } = services;
  const logger = services.logger.child({ component: "digest" });
  const service = new DigestService({
    communities: repositories.communities,
    brands: repositories.brands,
    digests: repositories.digests,
    campaigns: repositories.campaignMetrics,
    chart: deps.chart,
    translator: deps.translator,
    clock: services.clock,
    logger,
  });
  const delivery = new DigestDelivery({
    digests: service,
    communities: repositories.communities,
    scheduler: services.scheduler,
    chat: services.chat,
    consent: services.consent,
    contacts: deps.contacts,
    logger,
  });
  const feature = { service, delivery };
  attachDigest(services, feature);
  return feature;
}
