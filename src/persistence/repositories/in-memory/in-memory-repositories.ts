import type { Repositories } from "../../../core/ports/repositories.port.ts";
import { AudienceRepositoryInMemory } from "./audience.in-memory.ts";
import { BrandRepositoryInMemory } from "./brand.in-memory.ts";
import { CommunityRepositoryInMemory } from "./community.in-memory.ts";
import { ConsentRepositoryInMemory } from "./consent.in-memory.ts";
import { DeliveryRepositoryInMemory } from "./delivery.in-memory.ts";
import { DigestRepositoryInMemory } from "./digest.in-memory.ts";
import { CampaignMetricsInMemory } from "./digest-campaigns.in-memory.ts";
import { EngagementRepositoryInMemory } from "./engagement.in-memory.ts";
import { HealthCheckInMemory } from "./health.in-memory.ts";
import { InMemoryStore } from "./in-memory-store.ts";
import { LimitMarkerRepositoryInMemory } from "./limit-marker.in-memory.ts";
import { MemberRepositoryInMemory } from "./member.in-memory.ts";
import { BrandApiKeyRepositoryInMemory, OfferRepositoryInMemory } from "./offer.in-memory.ts";
import { PollRepositoryInMemory } from "./poll.in-memory.ts";
import { PrivacyRepositoryInMemory } from "./privacy.in-memory.ts";
import { inMemoryPersonalDataSources } from "./privacy-sources.in-memory.ts";
import { ProcessedUpdateRepositoryInMemory } from "./processed-update.in-memory.ts";
import { QaRepositoryInMemory } from "./qa.in-memory.ts";
import { InMemoryScheduleRepository } from "./schedule.in-memory.ts";
import { SystemSettingRepositoryInMemory } from "./system-setting.in-memory.ts";

/** In-memory repositories with their store and health switch exposed, for tests that look underneath. */
export interface InMemoryRepositories extends Repositories {
  readonly store: InMemoryStore;
  readonly health: HealthCheckInMemory;
  readonly campaignMetrics: CampaignMetricsInMemory;
  readonly qa: QaRepositoryInMemory;
}

/**
 * Every repository port backed by one in-memory store, with the database's semantics (uniqueness, dedupe,
 * rollups, cascades), for fast unit tests of the core. Pass a store to share it between several sets.
 */
export function createInMemoryRepositories(store: InMemoryStore = new InMemoryStore()): InMemoryRepositories {
  return {
    store,
    brands: new BrandRepositoryInMemory(store),
    communities: new CommunityRepositoryInMemory(store),
    members: new MemberRepositoryInMemory(store),
    consents: new ConsentRepositoryInMemory(store),
    engagement: new EngagementRepositoryInMemory(store),
    processedUpdates: new ProcessedUpdateRepositoryInMemory(store),
    settings: new SystemSettingRepositoryInMemory(store),
    schedules: new InMemoryScheduleRepository(),
    polls: new PollRepositoryInMemory(store),
    audience: new AudienceRepositoryInMemory(store),
    deliveries: new DeliveryRepositoryInMemory(store),
    digests: new DigestRepositoryInMemory(store),
    campaignMetrics: new CampaignMetricsInMemory(),
    qa: new QaRepositoryInMemory(store),
    offers: new OfferRepositoryInMemory(store),
    brandApiKeys: new BrandApiKeyRepositoryInMemory(store),
    privacy: new PrivacyRepositoryInMemory(store),
    limitMarkers: new LimitMarkerRepositoryInMemory(store),
    personalData: inMemoryPersonalDataSources(store),
    health: new HealthCheckInMemory(),
  };
}
