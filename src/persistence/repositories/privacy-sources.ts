import type { PersonalDataSource } from "../../core/privacy/personal-data.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { limitMarkerSource } from "./limit-marker.repository.ts";
import { offerClaimSource } from "./offer-privacy.source.ts";
import { activitySource, engagementSource } from "./privacy-activity-sources.ts";
import { digestSource } from "./privacy-digest-source.ts";
import { consentSource, contactSource, linkSource, memberSource } from "./privacy-member-sources.ts";
import {
  campaignAudienceSource,
  pollVoteSource,
  privateCopySource,
  promptDeliverySource,
} from "./privacy-poll-sources.ts";
import { qaSource } from "./qa-privacy.source.ts";

/**
 * Tables that hold no person-linked data: places, campaigns, anonymous aggregates, operations. A new table
 * belongs here or to a personal-data source; the privacy audit and test/contract/privacy-erasure.test.ts fail
 * on a table that is in neither.
 */
export const personFreeTables: readonly string[] = [
  "_prisma_migrations",
  "BenchmarkSnapshot",
  "Brand",
  "BrandApiKey",
  "Campaign",
  "Community",
  "DailyRollup",
  "HourlyRollup",
  "Offer",
  "OfferCode",
  "ProcessedUpdate",
  "QaSession",
  "Schedule",
  "ScheduleRun",
  "SystemSetting",
];

/**
 * Every person-linked table family on the database, in erasure order: the erasure markers first (they read the
 * votes, claims, questions and upvotes the next sources unlink), then the consent ledger (nothing new is
 * attributed once it is gone), the Member rows last. Add a feature's source before `memberSource`.
 */
export function prismaPersonalDataSources(prisma: DatabaseClient): PersonalDataSource[] {
  return [
    limitMarkerSource(prisma),
    consentSource(prisma),
    engagementSource(prisma),
    activitySource(prisma),
    contactSource(prisma),
    linkSource(prisma),
    pollVoteSource(prisma),
    campaignAudienceSource(prisma),
    promptDeliverySource(prisma),
    privateCopySource(prisma),
    digestSource(prisma),
    offerClaimSource(prisma),
    qaSource(prisma),
    memberSource(prisma),
  ];
}
