import { registry } from "../../commands/index.ts";
import { CommunityDirectory } from "../../src/core/community/community-directory.ts";
import { ConsentService } from "../../src/core/consent/consent.service.ts";
import { EngagementRecorder } from "../../src/core/engagement/engagement-recorder.ts";
import { Translator } from "../../src/core/i18n/translator.ts";
import { Pseudonymizer } from "../../src/core/identity/pseudonym.ts";
import { attachOffers, createOfferFeature } from "../../src/core/offers/offer-feature.ts";
import type { Inbound } from "../../src/core/pipeline/inbound.ts";
import { noMetrics } from "../../src/core/pipeline/pipeline-metrics.ts";
import { UpdatePipeline } from "../../src/core/pipeline/update-pipeline.ts";
import { createPollFeature } from "../../src/core/polls/poll-feature.ts";
import type { PlatformCapabilities } from "../../src/core/ports/chat-platform.port.ts";
import { ChatPlatforms } from "../../src/core/ports/chat-platforms.ts";
import type { Clock } from "../../src/core/ports/clock.port.ts";
import { silentLogger } from "../../src/core/ports/logger.port.ts";
import { attachPrivacy, createPrivacyFeature } from "../../src/core/privacy/privacy-feature.ts";
import { attachQa, createQaFeature } from "../../src/core/qa/qa-feature.ts";
import type { CommandRegistry, CoreServices } from "../../src/core/services.ts";
import { createInMemoryRepositories } from "../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { CronScheduler } from "../../src/scheduling/cron-scheduler.ts";

/** Capabilities of a Discord-like platform, for core tests. */
export const testCapabilities: PlatformCapabilities = {
  ephemeralReplies: true,
  modals: true,
  selectMenus: true,
  nativePolls: false,
  maxMessageLength: 2000,
  maxButtonsPerRow: 5,
  maxActionRows: 5,
};

/** A settable clock. */
export class FakeClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
}

/**
 * The real core (pipeline, services, scheduler) on in-memory repositories, driven by Inbound updates
 * as an adapter would send them.
 */
export function coreHarness(
  options: {
    registry?: CommandRegistry;
    clock?: FakeClock;
    timeZone?: string;
    /** Ask new members for consent on their first personal reply, as the app does (off by default). */
    consentPrompt?: boolean;
    retentionDays?: number;
  } = {},
) {
  const clock = options.clock ?? new FakeClock(new Date("2026-11-29T10:00:00Z"));
  const repositories = createInMemoryRepositories();
  const engagement = new EngagementRecorder(repositories.engagement, { logger: silentLogger });
  const consent = new ConsentService(repositories.consents, engagement);
  const chat = new ChatPlatforms();
  const scheduler = new CronScheduler({ repository: repositories.schedules, clock, logger: silentLogger });
  const translator = new Translator();
  const privacy = createPrivacyFeature({
    repositories,
    consent,
    engagement,
    scheduler,
    secret: "core-harness-secret-0123456789abcdef",
    logger: silentLogger,
    ...(options.retentionDays ? { retentionDays: options.retentionDays } : {}),
  });
  const { polls } = createPollFeature({
    repositories,
    consent,
    chat,
    scheduler,
    translator,
    secret: "core-harness-secret-0123456789abcdef",
    logger: silentLogger,
    contacts: privacy.contacts,
  });
  const services: CoreServices = {
    repositories,
    consent,
    engagement,
    registry: options.registry ?? registry,
    chat,
    scheduler,
    polls,
    clock,
    logger: silentLogger,
  };
  attachPrivacy(services, privacy);
  const qa = createQaFeature(services, translator, "core-harness-secret-0123456789abcdef");
  attachQa(services, qa);
  attachOffers(
    services,
    createOfferFeature({ ...services, translator, secret: "core-harness-secret-0123456789abcdef" }),
  );
  const directory = new CommunityDirectory(repositories, {
    brandId: "brand",
    brandName: "Brand",
    timeZone: options.timeZone ?? "Europe/Rome",
    locale: "en",
  });
  const pipeline = new UpdatePipeline({
    services,
    directory,
    pseudonyms: new Pseudonymizer("core-harness-secret-0123456789abcdef"),
    translator,
    metrics: noMetrics,
    ...(options.consentPrompt ? { consentPrompt: privacy.prompt } : {}),
  });
  let update = 0;
  const send = (
    request: Inbound["request"],
    who: { userId?: string; admin?: boolean; locale?: string; chat?: string } = {},
  ) =>
    pipeline.handle(
      {
        platform: "telegram",
        updateId: String(++update),
        receivedAt: clock.now(),
        community: { platformId: who.chat ?? "-100777", title: "Community" },
        channelId: who.chat ?? "-100777",
        user: { id: who.userId ?? "1001", languageTag: who.locale ?? "en", isAdmin: who.admin ?? false, roles: [] },
        request,
      },
      testCapabilities,
    );
  return { clock, repositories, services, scheduler, qa, privacy, engagement, chat, directory, pipeline, send };
}
