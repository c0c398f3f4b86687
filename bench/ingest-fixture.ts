// The ingest workload, fixed before any measurement: 20 Telegram groups in four time zones, 100 members each,
// 60 % of them with an analytics consent, and a stream of /help commands spread over one hour, members picked
// by a seeded generator. Every path (raw ceiling, hot path, whole path, naive) writes the events of the same
// stream: the same communities, members, instants and dedupe keys.
import { defaultCommunitySettings } from "../src/core/domain/community.ts";
import { currentNoticeVersion } from "../src/core/domain/consent.ts";
import type { EngagementRow } from "../src/core/domain/engagement.ts";
import { Pseudonymizer } from "../src/core/identity/pseudonym.ts";
import type { Inbound } from "../src/core/pipeline/inbound.ts";
import { localDay, utcHour } from "../src/core/time/local-time.ts";
import type { DatabaseClient } from "../src/persistence/database-client.ts";

/** The size and mix of the workload. */
export interface IngestShape {
  readonly communities: number;
  readonly membersPerCommunity: number;
  /** Share of members who granted analytics consent (their events name them). */
  readonly consentShare: number;
}

export const ingestShape: IngestShape = { communities: 20, membersPerCommunity: 100, consentShare: 0.6 };

const timeZones = ["Europe/Rome", "Europe/London", "America/New_York", "Asia/Tokyo"] as const;

/** The brand the app's CommunityDirectory puts new communities in (startApp's brandId). */
export const defaultBrandId = "default";

export interface FixtureCommunity {
  readonly id: string;
  readonly platformId: string;
  readonly title: string;
  readonly timeZone: string;
}

export interface FixtureMember {
  readonly id: string;
  readonly userId: string;
  readonly pseudonym: string;
  readonly consenting: boolean;
}

export interface IngestFixture {
  readonly communities: readonly FixtureCommunity[];
  /** Members per community, in the communities' order. */
  readonly members: readonly (readonly FixtureMember[])[];
}

/** One event of the stream: who did what, where and when, and the platform update that carried it. */
export interface IngestEvent {
  readonly community: FixtureCommunity;
  readonly member: FixtureMember;
  readonly at: Date;
  readonly updateId: string;
}

/** The start of the stream's hour. */
const streamStart = Date.UTC(2026, 10, 20, 17, 0, 0);

/** The workload's communities and members; pseudonyms are keyed with the secret the app will run with. */
export function ingestFixture(secret: string, shape: IngestShape = ingestShape): IngestFixture {
  const pseudonyms = new Pseudonymizer(secret);
  const random = seededRandom(20_261_120);
  const communities = Array.from({ length: shape.communities }, (_, c) => ({
    id: `bench-community-${c + 1}`,
    platformId: String(-1_001_000_000_000 - c),
    title: `Bench group ${c + 1}`,
    timeZone: timeZones[c % timeZones.length]!,
  }));
  const members = communities.map((_, c) =>
    Array.from({ length: shape.membersPerCommunity }, (_, m) => {
      const userId = String(500_000 + c * shape.membersPerCommunity + m);
      return {
        id: `bench-member-${c + 1}-${m + 1}`,
        userId,
        pseudonym: pseudonyms.pseudonym("telegram", userId),
        consenting: random() < shape.consentShare,
      };
    }),
  );
  return { communities, members };
}

/** Stores the fixture's brand, communities, members and consent ledger. */
export async function seedIngestFixture(prisma: DatabaseClient, fixture: IngestFixture): Promise<void> {
  const joinedAt = new Date(streamStart - 30 * 86_400_000);
  await prisma.brand.create({ data: { id: defaultBrandId, name: "Bench brand" } });
  await prisma.community.createMany({
    data: fixture.communities.map((c) => ({
      id: c.id,
      brandId: defaultBrandId,
      platform: "telegram" as const,
      platformId: c.platformId,
      title: c.title,
      timeZone: c.timeZone,
      locale: "en",
      settings: defaultCommunitySettings() as object,
    })),
  });
  const all = fixture.communities.flatMap((c, i) => fixture.members[i]!.map((m) => ({ community: c, member: m })));
  await prisma.member.createMany({
    data: all.map(({ community, member }) => ({
      id: member.id,
      communityId: community.id,
      pseudonym: member.pseudonym,
      joinedAt,
      lastSeenAt: joinedAt,
      roles: [],
      locale: "en",
    })),
  });
  await prisma.consentGrant.createMany({
    data: all
      .filter(({ member }) => member.consenting)
      .map(({ community, member }) => ({
        communityId: community.id,
        memberId: member.id,
        purpose: "analytics" as const,
        action: "granted" as const,
        noticeVersion: currentNoticeVersion,
        at: joinedAt,
      })),
  });
}

/** The first `count` events of the stream, spread evenly over its hour. */
export function ingestEvents(fixture: IngestFixture, count: number): IngestEvent[] {
  const random = seededRandom(11);
  const step = 3_600_000 / count;
  return Array.from({ length: count }, (_, i) => {
    const c = Math.floor(random() * fixture.communities.length);
    const members = fixture.members[c]!;
    return {
      community: fixture.communities[c]!,
      member: members[Math.floor(random() * members.length)]!,
      at: new Date(Math.floor(streamStart + i * step)),
      updateId: String(i + 1),
    };
  });
}

/** The event as the recorder hands it to the repository: named only with consent. */
export function toRow(event: IngestEvent): EngagementRow {
  return {
    communityId: event.community.id,
    campaignId: null,
    kind: "command",
    at: event.at,
    memberId: event.member.consenting ? event.member.id : null,
    dedupeKey: `telegram:${event.updateId}`,
    day: localDay(event.at, event.community.timeZone),
    hour: utcHour(event.at),
  };
}

/** The platform update that carries the event: a /help typed in the group, as the Telegram adapter decodes it. */
export function toInbound(event: IngestEvent): Inbound {
  return {
    platform: "telegram",
    updateId: event.updateId,
    receivedAt: event.at,
    community: { platformId: event.community.platformId, title: event.community.title },
    channelId: event.community.platformId,
    user: { id: event.member.userId, languageTag: "en", isAdmin: false, roles: [] },
    request: { type: "command", name: "help", options: {} },
  };
}

/** A small deterministic generator (the same LCG as the contract tests), so every run sees the same stream. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
