// What every contract suite receives: a set of repositories, a probe that reads the tables underneath
// (the ports have no read side for rollups or tombstones), and fixtures that give each test its own brand
// and community, so the tests of a suite can share one database.
import { randomUUID } from "node:crypto";
import { type Community, defaultCommunitySettings } from "../../src/core/domain/community.ts";
import type { EngagementKind, EngagementRow } from "../../src/core/domain/engagement.ts";
import type { Member } from "../../src/core/domain/member.ts";
import type { Platform } from "../../src/core/domain/platform.ts";
import type { Repositories } from "../../src/core/ports/repositories.port.ts";
import { localDay, utcHour } from "../../src/core/time/local-time.ts";

/** An EngagementEvent row as stored. */
export interface ProbedEvent {
  communityId: string;
  campaignId: string | null;
  kind: string;
  at: Date;
  memberId: string | null;
  dedupeKey: string | null;
}

export interface ProbedDailyRollup {
  communityId: string;
  day: string;
  kind: string;
  count: number;
  anonymousCount: number;
  distinctMembers: number;
}

export interface ProbedHourlyRollup {
  communityId: string;
  hour: Date;
  kind: string;
  count: number;
}

export interface ProbedMemberActivity {
  communityId: string;
  memberId: string;
  day: string;
  kind: string;
  count: number;
}

export interface ProbedConsent {
  communityId: string;
  memberId: string | null;
  purpose: string | null;
  action: string;
  noticeVersion: string;
  at: Date;
}

/** Reads (and, for settings, writes) the tables behind the repositories of one community. */
export interface StorageProbe {
  /** Events in insertion order. */
  events(communityId: string): Promise<ProbedEvent[]>;
  dailyRollups(communityId: string): Promise<ProbedDailyRollup[]>;
  hourlyRollups(communityId: string): Promise<ProbedHourlyRollup[]>;
  memberActivity(communityId: string): Promise<ProbedMemberActivity[]>;
  /** Ledger rows in insertion order, tombstones included. */
  consentRows(communityId: string): Promise<ProbedConsent[]>;
  /** Stores raw settings JSON, as an older release (or a hand edit) might have left it. */
  overwriteSettings(communityId: string, settings: unknown): Promise<void>;
}

/** One implementation under test, on storage of its own. */
export interface RepositoryHarness {
  readonly repositories: Repositories;
  readonly probe: StorageProbe;
  /** Another set of repositories on the same storage: another connection, as a second instance would have. */
  connectAgain(): Promise<Repositories>;
  /** Closes every connection and deletes the storage. */
  close(): Promise<void>;
}

/** Builds a harness on fresh storage. */
export type MakeRepositories = () => Promise<RepositoryHarness>;

/** A brand and a community of its own, so tests sharing a database never see each other's rows. */
export async function seedCommunity(
  repositories: Repositories,
  overrides: { platform?: Platform; timeZone?: string } = {},
): Promise<Community> {
  const brand = await repositories.brands.create({ id: `brand-${randomUUID()}`, name: "Acme" });
  return repositories.communities.upsertByPlatformId({
    id: `community-${randomUUID()}`,
    brandId: brand.id,
    platform: overrides.platform ?? "telegram",
    platformId: `-100${Math.floor(Math.random() * 1e12)}`,
    title: "Acme fans",
    timeZone: overrides.timeZone ?? "Europe/Rome",
    locale: "it",
    settings: defaultCommunitySettings(),
  });
}

/** A member of the community, first seen at `at`. */
export function seedMember(
  repositories: Repositories,
  communityId: string,
  at = new Date("2026-03-01T09:00:00Z"),
): Promise<Member> {
  return repositories.members.touch({
    id: `member-${randomUUID()}`,
    communityId,
    pseudonym: `pseudonym-${randomUUID()}`,
    at,
    roles: [],
    locale: null,
  });
}

/** An engagement row bucketed as the recorder buckets it: the community's local day and the UTC hour. */
export function eventRow(
  community: Pick<Community, "id" | "timeZone">,
  input: { kind?: EngagementKind; at: Date; memberId?: string | null; dedupeKey?: string | null },
): EngagementRow {
  return {
    communityId: community.id,
    campaignId: null,
    kind: input.kind ?? "vote",
    at: input.at,
    memberId: input.memberId ?? null,
    dedupeKey: input.dedupeKey ?? null,
    day: localDay(input.at, community.timeZone),
    hour: utcHour(input.at),
  };
}

/** A fresh dedupe key, unique across the whole test run. */
export function dedupeKey(): string {
  return `telegram:${randomUUID()}`;
}

/** Sorts copies by a string key, for order-insensitive comparisons. */
export function sortedBy<T>(rows: readonly T[], key: (row: T) => string): T[] {
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** A small deterministic generator, so a failing bulk test can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
