import { registerCampaignRunner } from "./campaigns/campaign-runner.ts";
import type { ChartRenderer } from "./digest/chart.port.ts";
import { createDigestFeature } from "./digest/digest-feature.ts";
import type { Translator } from "./i18n/translator.ts";
import { createOfferFeature } from "./offers/offer-feature.ts";
import { createPollFeature } from "./polls/poll-feature.ts";
import type { ContactDirectory } from "./ports/contact-directory.port.ts";
import { createPrivacyFeature } from "./privacy/privacy-feature.ts";
import { createQaFeature } from "./qa/qa-feature.ts";
import type { SharedServices } from "./services.ts";

/** What the features need besides the shared services. */
export interface FeatureDeps {
  readonly translator: Translator;
  /** CIRCOLO_SECRET: voter, contact, link-code, signing and erasure-marker keys are derived from it. */
  readonly secret: string;
  /** Draws the digest's charts (Vega-Lite in the app); the core only knows the port. */
  readonly chart: ChartRenderer;
  /** RETENTION_DAYS (the privacy feature's default when absent). */
  readonly retentionDays?: number;
  /**
   * Where members allowed Circolo to write privately, for direct prompts and private digests: the privacy
   * feature's contact book unless another directory is given.
   */
  readonly contacts?: ContactDirectory;
}

/** What the core's lifecycle asks of every feature that has it. */
export interface FeatureHooks {
  /** Stores the feature's built-in schedules (idempotent); before the scheduler starts. */
  arm(): Promise<void>;
  /** Resolves once the feature's background posts and edits have settled; before the platforms stop. */
  idle(): Promise<void>;
}

/** Whether a feature has a lifecycle hook (features are plain objects or services; most have one or none). */
export function hasHook<K extends keyof FeatureHooks>(feature: object, hook: K): feature is Pick<FeatureHooks, K> {
  return typeof (feature as Partial<FeatureHooks>)[hook] === "function";
}

/**
 * Builds every feature once, keyed by name, and registers their jobs with the scheduler. The order is the
 * order of their dependencies: privacy first (its contact book reaches members privately), then the campaign
 * kinds, then the digest that reports on them; the lifecycle arms and waits for them in that order. Handlers
 * reach each one typed as `ctx.services.<name>`.
 */
export function buildFeatures(shared: SharedServices, deps: FeatureDeps) {
  const { repositories, consent, engagement, chat, scheduler, clock, logger } = shared;
  const { translator, secret } = deps;
  const privacy = createPrivacyFeature({
    repositories,
    consent,
    engagement,
    scheduler,
    secret,
    logger,
    ...(deps.retentionDays === undefined ? {} : { retentionDays: deps.retentionDays }),
  });
  const contacts = deps.contacts ?? privacy.contacts;
  const { polls, prompts } = createPollFeature({
    repositories,
    consent,
    chat,
    scheduler,
    translator,
    secret,
    logger,
    contacts,
  });
  const qa = createQaFeature({ repositories, chat, scheduler, translator, secret, logger });
  const offers = createOfferFeature({ repositories, consent, engagement, chat, scheduler, translator, secret, logger });
  const digest = createDigestFeature({
    repositories,
    consent,
    chat,
    scheduler,
    clock,
    chart: deps.chart,
    translator,
    contacts,
    logger,
  });
  // A member's export lists their offer codes, which only the offers feature can recompute.
  privacy.service.addExportDetail("offerClaims", (records) => offers.offers.withCodes(records));
  registerCampaignRunner({
    scheduler,
    communities: repositories.communities,
    settings: repositories.settings,
    logger: logger.child({ component: "campaigns" }),
    features: { polls, offers, qa },
  });
  return { privacy, polls, prompts, qa, offers, digest };
}

/** Every feature by name, as buildFeatures returns them. */
export type Features = ReturnType<typeof buildFeatures>;
