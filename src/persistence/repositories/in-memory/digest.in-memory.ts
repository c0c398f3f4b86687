import type {
  ActiveDay,
  BenchmarkImportOutcome,
  BenchmarkPeerSet,
  BenchmarkSummary,
  ConsentTally,
  DailyKindTotal,
  DigestDeliveryKey,
  DigestRepository,
  DigestScope,
  DigestSubscription,
  HourlyKindTotal,
  MemberJoin,
  StoredBenchmark,
} from "../../../core/digest/digest.repository.port.ts";
import type { ConsentPurpose } from "../../../core/domain/consent.ts";
import { type InMemoryStore, rowKey } from "./in-memory-store.ts";

/** The digest's own tables of one store. */
interface DigestTables {
  readonly subscriptions: Map<string, DigestSubscription>;
  readonly deliveries: Map<string, { memberId: string | null; at: Date }>;
  /** Imported benchmark snapshots by source and week. */
  readonly benchmarks: Map<string, StoredBenchmark>;
}

// Beside the shared store rather than in it, so every repository set built on one store sees the same rows.
const tablesOf = new WeakMap<InMemoryStore, DigestTables>();

/** One row per (community, week, recipient, member), as the database's key is. */
function deliveryKey(key: DigestDeliveryKey): string {
  return rowKey(key.communityId, key.week, key.recipient, key.memberId ?? "");
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The digest's reads and tables in memory, with the database's semantics: rows of an erased member are gone
 * (the schema cascades them), a subscription or a delivery is stored once.
 */
export class DigestRepositoryInMemory implements DigestRepository {
  readonly #store: InMemoryStore;
  readonly #tables: DigestTables;

  constructor(store: InMemoryStore) {
    this.#store = store;
    let tables = tablesOf.get(store);
    if (!tables) {
      tables = { subscriptions: new Map(), deliveries: new Map(), benchmarks: new Map() };
      tablesOf.set(store, tables);
    }
    this.#tables = tables;
  }

  async dailyTotals(communityId: string, fromDay: string, toDay: string): Promise<DailyKindTotal[]> {
    return [...this.#store.dailyRollups.values()]
      .filter((r) => r.communityId === communityId && r.day >= fromDay && r.day < toDay)
      .map(({ communityId: _, ...row }) => ({ ...row }))
      .sort((a, b) => byString(a.day, b.day) || byString(a.kind, b.kind));
  }

  async hourlyTotals(communityId: string, from: Date, to: Date): Promise<HourlyKindTotal[]> {
    return [...this.#store.hourlyRollups.values()]
      .filter((r) => r.communityId === communityId && r.hour >= from && r.hour < to)
      .map((r) => ({ hour: new Date(r.hour), kind: r.kind, count: r.count }))
      .sort((a, b) => a.hour.getTime() - b.hour.getTime() || byString(a.kind, b.kind));
  }

  async activeDays(
    communityId: string,
    fromDay: string,
    toDay: string,
    excludedKinds: readonly string[],
  ): Promise<ActiveDay[]> {
    const excluded = new Set(excludedKinds);
    const distinct = new Map<string, ActiveDay>();
    for (const r of this.#store.memberActivity.values()) {
      if (r.communityId !== communityId || r.day < fromDay || r.day >= toDay || excluded.has(r.kind)) continue;
      distinct.set(rowKey(r.memberId, r.day), { memberId: r.memberId, day: r.day });
    }
    return [...distinct.values()].sort((a, b) => byString(a.day, b.day) || byString(a.memberId, b.memberId));
  }

  async joins(communityId: string, from: Date, to: Date): Promise<MemberJoin[]> {
    return [...this.#store.members.values()]
      .filter((m) => m.communityId === communityId && m.joinedAt >= from && m.joinedAt < to)
      .map((m) => ({ memberId: m.id, joinedAt: new Date(m.joinedAt) }))
      .sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime() || byString(a.memberId, b.memberId));
  }

  async consentTally(communityId: string, at: Date): Promise<ConsentTally> {
    const known = new Set(
      [...this.#store.members.values()]
        .filter((m) => m.communityId === communityId && m.joinedAt < at)
        .map((m) => m.id),
    );
    const ledger = this.#store.consents
      .filter(
        (c) => c.communityId === communityId && c.memberId !== null && c.purpose !== null && c.action !== "erased",
      )
      .filter((c) => c.at < at)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
    const latest = new Map<string, { memberId: string; purpose: ConsentPurpose; action: string }>();
    for (const c of ledger) {
      latest.set(rowKey(c.memberId as string, c.purpose as string), {
        memberId: c.memberId as string,
        purpose: c.purpose as ConsentPurpose,
        action: c.action,
      });
    }
    const granted: Record<ConsentPurpose, number> = { analytics: 0, personalization: 0, direct_messages: 0 };
    for (const entry of latest.values()) {
      if (entry.action === "granted" && known.has(entry.memberId)) granted[entry.purpose] += 1;
    }
    return { members: known.size, granted };
  }

  async subscribe(subscription: DigestSubscription): Promise<boolean> {
    this.#store.requireCommunity(subscription.communityId);
    this.#store.requireMember(subscription.memberId);
    this.#forgetErased();
    const key = rowKey(subscription.communityId, subscription.memberId, subscription.scope);
    if (this.#tables.subscriptions.has(key)) return false;
    this.#tables.subscriptions.set(key, { ...subscription, createdAt: new Date(subscription.createdAt) });
    return true;
  }

  async unsubscribe(communityId: string, memberId: string, scope: DigestScope): Promise<boolean> {
    this.#forgetErased();
    return this.#tables.subscriptions.delete(rowKey(communityId, memberId, scope));
  }

  async subscriptions(communityId: string): Promise<DigestSubscription[]> {
    this.#forgetErased();
    return [...this.#tables.subscriptions.values()]
      .filter((s) => s.communityId === communityId)
      .map((s) => ({ ...s, createdAt: new Date(s.createdAt) }))
      .sort(
        (a, b) =>
          a.createdAt.getTime() - b.createdAt.getTime() ||
          byString(a.memberId, b.memberId) ||
          byString(a.scope, b.scope),
      );
  }

  async delivered(key: DigestDeliveryKey): Promise<boolean> {
    this.#forgetErased();
    return this.#tables.deliveries.has(deliveryKey(key));
  }

  async recordDelivery(key: DigestDeliveryKey, at: Date): Promise<void> {
    this.#store.requireCommunity(key.communityId);
    if (key.memberId !== null) this.#store.requireMember(key.memberId);
    const rowId = deliveryKey(key);
    if (!this.#tables.deliveries.has(rowId))
      this.#tables.deliveries.set(rowId, { memberId: key.memberId, at: new Date(at) });
  }

  async importBenchmark(benchmark: StoredBenchmark): Promise<BenchmarkImportOutcome> {
    const key = rowKey(benchmark.snapshot.source, benchmark.snapshot.week);
    const existing = this.#tables.benchmarks.get(key);
    if (existing?.digest === benchmark.digest) return "unchanged";
    this.#tables.benchmarks.set(key, structuredClone(benchmark));
    return existing ? "replaced" : "imported";
  }

  async benchmarkPeers(week: string): Promise<BenchmarkPeerSet[]> {
    return [...this.#tables.benchmarks.values()]
      .filter((b) => b.snapshot.week === week)
      .map((b) => ({ source: b.snapshot.source, week: b.snapshot.week, peers: structuredClone(b.snapshot.peers) }))
      .sort((a, b) => byString(a.source, b.source));
  }

  async benchmarks(): Promise<BenchmarkSummary[]> {
    return [...this.#tables.benchmarks.values()]
      .map(({ snapshot, importedAt }) => ({
        source: snapshot.source,
        week: snapshot.week,
        communities: snapshot.peers.length,
        k: snapshot.k,
        epsilon: snapshot.epsilon,
        importedAt: new Date(importedAt),
      }))
      .sort((a, b) => byString(b.week, a.week) || byString(a.source, b.source));
  }

  async removeBenchmark(source: string, week: string): Promise<boolean> {
    return this.#tables.benchmarks.delete(rowKey(source, week));
  }

  /** Drops the rows of members erased from the shared store, as the schema's ON DELETE CASCADE does. */
  #forgetErased(): void {
    const { members } = this.#store;
    for (const [key, s] of this.#tables.subscriptions)
      if (!members.has(s.memberId)) this.#tables.subscriptions.delete(key);
    for (const [key, d] of this.#tables.deliveries) {
      if (d.memberId !== null && !members.has(d.memberId)) this.#tables.deliveries.delete(key);
    }
  }
}
