import type { ConsentService } from "../consent/consent.service.ts";
import type { EngagementRecorder } from "../engagement/engagement-recorder.ts";
import type { Translator } from "../i18n/translator.ts";
import type { AudienceRepository } from "../ports/audience.repository.port.ts";
import type { ChatPlatforms } from "../ports/chat-platforms.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { BrandRepository, CommunityRepository, ConsentRepository } from "../ports/repositories.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import { ErasedLimits, type LimitMarkerRepository } from "../privacy/limit-marker.ts";
import { AudienceService } from "../targeting/audience.service.ts";
import { BrandApiKeys } from "./brand-api-keys.ts";
import type { BrandApiKeyRepository, OfferRepository } from "./offer.repository.port.ts";
import { OfferService } from "./offer.service.ts";
import { OfferKeys } from "./offer-keys.ts";
import { OfferMessages } from "./offer-messages.ts";
import { OfferRedemption } from "./offer-redemption.ts";

/** The repositories the offer feature reads and writes. */
export interface OfferFeatureRepositories {
  readonly brands: BrandRepository;
  readonly communities: CommunityRepository;
  readonly consents: ConsentRepository;
  readonly audience: AudienceRepository;
  readonly offers: OfferRepository;
  readonly brandApiKeys: BrandApiKeyRepository;
  readonly limitMarkers: LimitMarkerRepository;
}

/** The offer feature as the composition root wires it. */
export interface OfferFeature {
  /** Defining, claiming, details, listing and closing offers. */
  readonly offers: OfferService;
  /** The shop's side: public keys and redemption. */
  readonly redemption: OfferRedemption;
  /** The brands' API keys for redemption. */
  readonly apiKeys: BrandApiKeys;
  /** The brands' signing keys. */
  readonly keys: OfferKeys;
  /** Resolves once the offers' background posts and edits have settled (before the platforms stop). */
  idle(): Promise<void>;
}

/**
 * Builds the offer feature and registers its jobs (offer.open, offer.close) with the scheduler; buildCore calls
 * it once.
 */
export function createOfferFeature(deps: {
  repositories: OfferFeatureRepositories;
  consent: ConsentService;
  engagement: EngagementRecorder;
  chat: ChatPlatforms;
  scheduler: Scheduler;
  translator: Translator;
  /** CIRCOLO_SECRET: the brands' signing keys are derived from it. */
  secret: string;
  logger: Logger;
}): OfferFeature {
  const { repositories } = deps;
  const logger = deps.logger.child({ component: "offers" });
  const keys = new OfferKeys(deps.secret);
  const offers = new OfferService({
    offers: repositories.offers,
    messages: new OfferMessages({
      offers: repositories.offers,
      communities: repositories.communities,
      chat: deps.chat,
      translator: deps.translator,
      logger,
    }),
    audience: new AudienceService(repositories.audience, repositories.consents),
    scheduler: deps.scheduler,
    communities: repositories.communities,
    keys,
    erased: new ErasedLimits(deps.secret, repositories.limitMarkers),
    logger,
  });
  offers.registerJobs();
  const redemption = new OfferRedemption({
    offers: repositories.offers,
    communities: repositories.communities,
    brands: repositories.brands,
    keys,
    consent: deps.consent,
    engagement: deps.engagement,
    logger,
  });
  return {
    offers,
    redemption,
    apiKeys: new BrandApiKeys(repositories.brandApiKeys),
    keys,
    idle: () => offers.idle(),
  };
}
