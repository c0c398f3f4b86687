import type { ConsentPurpose } from "../domain/consent.ts";
import type { BenchmarkPeer, BenchmarkSnapshot } from "./benchmark/benchmark-snapshot.schema.ts";

/** One DailyRollup row: a local day and an event kind. */
export interface DailyKindTotal {
  readonly day: string;
  readonly kind: string;
  readonly count: number;
  readonly anonymousCount: number;
  readonly distinctMembers: number;
}

/** One HourlyRollup row: the UTC hour it starts at and an event kind. */
export interface HourlyKindTotal {
  readonly hour: Date;
  readonly kind: string;
  readonly count: number;
}

/** A consenting member active on a local day (any kind but the excluded ones), once per member and day. */
export interface ActiveDay {
  readonly memberId: string;
  readonly day: string;
}

/** When a member was first seen. */
export interface MemberJoin {
  readonly memberId: string;
  readonly joinedAt: Date;
}

/** Members known at an instant and, per purpose, how many of them held a grant then. */
export interface ConsentTally {
  readonly members: number;
  readonly granted: Readonly<Record<ConsentPurpose, number>>;
}

/** What a subscriber receives: their community's digest, or the digest of every community of its brand. */
export type DigestScope = "community" | "brand";

/** A moderator who asked for the digest by private message. */
export interface DigestSubscription {
  readonly communityId: string;
  readonly memberId: string;
  readonly scope: DigestScope;
  readonly createdAt: Date;
}

/** Where one week's digest of a community went: the staff channel, or one subscriber's private chat. */
export interface DigestDeliveryKey {
  readonly communityId: string;
  /** The week's label ("2026-W48"). */
  readonly week: string;
  /** "staff", or the subscription's scope for a private copy (with memberId set). */
  readonly recipient: "staff" | DigestScope;
  readonly memberId: string | null;
}

/** A validated benchmark snapshot to store, with the sha256 of its canonical JSON (its identity as a file). */
export interface StoredBenchmark {
  readonly snapshot: BenchmarkSnapshot;
  readonly digest: string;
  readonly importedAt: Date;
}

/** What storing a snapshot did: a new source and week, the very same file again, or a newer file for them. */
export type BenchmarkImportOutcome = "imported" | "unchanged" | "replaced";

/** The anonymous communities of one imported snapshot. */
export interface BenchmarkPeerSet {
  readonly source: string;
  readonly week: string;
  readonly peers: readonly BenchmarkPeer[];
}

/** An imported snapshot as `circolo benchmark list` shows it. */
export interface BenchmarkSummary {
  readonly source: string;
  readonly week: string;
  readonly communities: number;
  readonly k: number;
  readonly epsilon: number | null;
  readonly importedAt: Date;
}

/**
 * What the digest reads (rollups, members, the consent ledger: never raw events) and what it keeps
 * (subscriptions, a ledger of deliveries so that a weekly fire run twice delivers once, and imported benchmark
 * snapshots).
 */
export interface DigestRepository {
  /** DailyRollup rows of the community for local days in [fromDay, toDay). */
  dailyTotals(communityId: string, fromDay: string, toDay: string): Promise<DailyKindTotal[]>;
  /** HourlyRollup rows of the community for hours starting in [from, to). */
  hourlyTotals(communityId: string, from: Date, to: Date): Promise<HourlyKindTotal[]>;
  /**
   * Distinct (member, day) pairs of MemberActivityDay for local days in [fromDay, toDay), leaving out rows of
   * the excluded kinds.
   */
  activeDays(
    communityId: string,
    fromDay: string,
    toDay: string,
    excludedKinds: readonly string[],
  ): Promise<ActiveDay[]>;
  /** Members of the community first seen in [from, to). */
  joins(communityId: string, from: Date, to: Date): Promise<MemberJoin[]>;
  /** Members first seen before `at`, and how many of them held each consent at `at` (latest ledger entry). */
  consentTally(communityId: string, at: Date): Promise<ConsentTally>;

  /** Stores a subscription; false when the member already had it. */
  subscribe(subscription: DigestSubscription): Promise<boolean>;
  /** Removes a subscription; false when there was none. */
  unsubscribe(communityId: string, memberId: string, scope: DigestScope): Promise<boolean>;
  /** The community's subscriptions, oldest first (an erased member's are gone with them). */
  subscriptions(communityId: string): Promise<DigestSubscription[]>;

  /** Whether the digest was already delivered there. */
  delivered(key: DigestDeliveryKey): Promise<boolean>;
  /** Records a delivery; recording the same one twice changes nothing. */
  recordDelivery(key: DigestDeliveryKey, at: Date): Promise<void>;

  /**
   * Stores an imported benchmark snapshot. A snapshot is one per source and week: the same file again changes
   * nothing, another file for the same source and week replaces the first (so its communities count once).
   */
  importBenchmark(benchmark: StoredBenchmark): Promise<BenchmarkImportOutcome>;
  /** The communities of every snapshot imported for the week (an ISO week label), by source. */
  benchmarkPeers(week: string): Promise<BenchmarkPeerSet[]>;
  /** Every imported snapshot, newest week first, then by source. */
  benchmarks(): Promise<BenchmarkSummary[]>;
  /** Removes the snapshot of a source and week; false when there was none. */
  removeBenchmark(source: string, week: string): Promise<boolean>;
}
