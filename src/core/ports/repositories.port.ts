import type { CampaignMetricsSource } from "../digest/campaign-metrics.port.ts";
import type { DigestRepository } from "../digest/digest.repository.port.ts";
import type { Brand, Community, CommunitySettings } from "../domain/community.ts";
import type { ConsentEntry, ConsentPurpose } from "../domain/consent.ts";
import type { EngagementRow } from "../domain/engagement.ts";
import type { Member } from "../domain/member.ts";
import type { Locale, Platform } from "../domain/platform.ts";
import type { BrandApiKeyRepository, OfferRepository } from "../offers/offer.repository.port.ts";
import type { LimitMarkerRepository } from "../privacy/limit-marker.ts";
import type { PersonalDataSource } from "../privacy/personal-data.port.ts";
import type { PrivacyRepository } from "../privacy/privacy.repository.port.ts";
import type { QaRepository } from "../qa/qa.repository.port.ts";
import type { AudienceRepository } from "./audience.repository.port.ts";
import type { DeliveryRepository } from "./delivery.repository.port.ts";
import type { PollRepository } from "./poll.repository.port.ts";
import type { ScheduleRepository } from "./schedule-repository.port.ts";

/** Brands. */
export interface BrandRepository {
  create(input: { id: string; name: string }): Promise<Brand>;
  get(id: string): Promise<Brand | null>;
  list(): Promise<Brand[]>;
}

/** What an operator may change about a community besides its settings. */
export interface CommunityProfileChanges {
  readonly brandId?: string;
  readonly timeZone?: string;
  readonly locale?: Locale;
}

/** What a community looks like when the bot first sees it. */
export interface NewCommunity {
  readonly id: string;
  readonly brandId: string;
  readonly platform: Platform;
  readonly platformId: string;
  readonly title: string;
  readonly timeZone: string;
  readonly locale: Locale;
  readonly settings: CommunitySettings;
}

/** Communities. */
export interface CommunityRepository {
  /** Creates the community, or reactivates and retitles it if the bot had seen it before. */
  upsertByPlatformId(input: NewCommunity): Promise<Community>;
  get(id: string): Promise<Community | null>;
  /** The community at this platform id, or else the one that was there before a move (changePlatformId). */
  findByPlatformId(platform: Platform, platformId: string): Promise<Community | null>;
  listByBrand(brandId: string): Promise<Community[]>;
  listActive(): Promise<Community[]>;
  /**
   * Up to `limit` active communities whose id sorts after `after` (from the first with null), in id order: walks
   * every community a page at a time, so start-up never holds all of them at once.
   */
  listActivePage(after: string | null, limit: number): Promise<Community[]>;
  setActive(id: string, active: boolean): Promise<void>;
  updateSettings(id: string, settings: CommunitySettings): Promise<Community>;
  /** Moves the community to another brand, time zone or language (an operator's step); null if unknown. */
  updateProfile(id: string, changes: CommunityProfileChanges): Promise<Community | null>;
  /**
   * Moves a community to a new platform id (Telegram group → supergroup) keeping all its data: the old id stays
   * findable (its old messages and their buttons live there), and what was posted in the old chat itself (its
   * campaigns, its Q&A sessions, a staff channel) now posts in the new one.
   */
  changePlatformId(platform: Platform, fromPlatformId: string, toPlatformId: string): Promise<Community | null>;
}

/** Members, addressed by pseudonym. */
export interface MemberRepository {
  /** Finds the member, creating it on first sight; refreshes lastSeenAt, roles and locale. */
  touch(input: {
    id: string;
    communityId: string;
    pseudonym: string;
    at: Date;
    roles: readonly string[];
    locale: string | null;
  }): Promise<Member>;
  findByPseudonym(communityId: string, pseudonym: string): Promise<Member | null>;
  get(id: string): Promise<Member | null>;
  /** Deletes the member; person-linked rows cascade or are unlinked by the schema. */
  delete(id: string): Promise<void>;
}

/** The append-only consent ledger. */
export interface ConsentRepository {
  append(entry: ConsentEntry & { communityId: string }): Promise<void>;
  /** Every ledger entry of the member, oldest first. */
  history(memberId: string): Promise<ConsentEntry[]>;
  /** Latest entries per purpose for many members at once (for batch checks). */
  current(memberIds: readonly string[], purpose: ConsentPurpose): Promise<Map<string, ConsentEntry>>;
  /** Records that an erasure happened, without identity. */
  appendErasureTombstone(communityId: string, noticeVersion: string, at: Date): Promise<void>;
}

/** Engagement events and their rollups: the hot path. */
export interface EngagementRepository {
  /**
   * Writes a batch in one transaction: inserts the events (skipping any whose dedupeKey exists) and
   * moves DailyRollup, HourlyRollup and MemberActivityDay by exactly the events inserted.
   * Returns how many events were inserted.
   */
  writeBatch(rows: readonly EngagementRow[]): Promise<number>;
}

/** Platform updates already handled. */
export interface ProcessedUpdateRepository {
  /** Marks the update handled; false when it already was (a redelivery). */
  markProcessed(platform: Platform, updateId: string, at: Date): Promise<boolean>;
  /** Forgets updates older than the cutoff (redeliveries stop long before). */
  prune(olderThan: Date): Promise<number>;
}

/** Small operational key/value settings. */
export interface SystemSettingRepository {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** Whether the database answers. */
export interface HealthCheck {
  ping(): Promise<boolean>;
}

/** Everything the core needs from storage. */
export interface Repositories {
  readonly brands: BrandRepository;
  readonly communities: CommunityRepository;
  readonly members: MemberRepository;
  readonly consents: ConsentRepository;
  readonly engagement: EngagementRepository;
  readonly processedUpdates: ProcessedUpdateRepository;
  readonly settings: SystemSettingRepository;
  readonly schedules: ScheduleRepository;
  readonly polls: PollRepository;
  readonly audience: AudienceRepository;
  readonly deliveries: DeliveryRepository;
  /** What the weekly digest reads (rollups, never raw events) and keeps (subscriptions, deliveries). */
  readonly digests: DigestRepository;
  /** Campaign-specific facts for the digest, from each campaign kind's own tables. */
  readonly campaignMetrics: CampaignMetricsSource;
  /** Q&A sessions, their questions and upvotes. */
  readonly qa: QaRepository;
  /** Offers, their claims and codes; and the brands' API keys for redeeming them. */
  readonly offers: OfferRepository;
  readonly brandApiKeys: BrandApiKeyRepository;
  /** Account links, link codes, sealed contacts and the reads privacy needs across members. */
  readonly privacy: PrivacyRepository;
  /** What running campaigns' limits keep of people who erased their data (see src/core/privacy/limit-marker.ts). */
  readonly limitMarkers: LimitMarkerRepository;
  /** Every person-linked table family, in erasure order (see src/core/privacy/personal-data.port.ts). */
  readonly personalData: readonly PersonalDataSource[];
  readonly health: HealthCheck;
}
