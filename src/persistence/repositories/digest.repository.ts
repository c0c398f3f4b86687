import { z } from "zod";
import { benchmarkPeerSchema } from "../../core/digest/benchmark/benchmark-snapshot.schema.ts";
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
} from "../../core/digest/digest.repository.port.ts";
import type { ConsentPurpose } from "../../core/domain/consent.ts";
import type { DatabaseClient } from "../database-client.ts";
import { Prisma } from "../generated/sqlite/client.ts";
import { isUniqueViolation } from "./processed-update.repository.ts";

/** The DigestDelivery target of a delivery: "staff", or "<scope>:<memberId>" for a private copy. */
export function deliveryTarget(key: DigestDeliveryKey): string {
  return key.recipient === "staff" ? "staff" : `${key.recipient}:${key.memberId ?? ""}`;
}

/**
 * (member, days joined by commas) rows, in member order, as (member, day) pairs ordered by day, then member.
 */
export function spreadActiveDays(rows: readonly (readonly [string, string])[]): ActiveDay[] {
  const byDay = new Map<string, string[]>();
  for (const [memberId, days] of rows) {
    for (const day of days.split(",")) {
      const members = byDay.get(day);
      if (members) members.push(memberId);
      else byDay.set(day, [memberId]);
    }
  }
  const result: ActiveDay[] = [];
  for (const day of [...byDay.keys()].sort()) {
    for (const memberId of byDay.get(day)!) result.push({ memberId, day });
  }
  return result;
}

/**
 * The digest's reads on DailyRollup, HourlyRollup, MemberActivityDay, Member and ConsentGrant (never on
 * EngagementEvent: its cost does not grow with the events stored), and its DigestSubscription and
 * DigestDelivery tables.
 */
export class DigestRepositoryPrisma implements DigestRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async dailyTotals(communityId: string, fromDay: string, toDay: string): Promise<DailyKindTotal[]> {
    const rows = await this.#prisma.dailyRollup.findMany({
      where: { communityId, day: { gte: fromDay, lt: toDay } },
      orderBy: [{ day: "asc" }, { kind: "asc" }],
    });
    return rows.map(({ communityId: _, ...row }) => row);
  }

  async hourlyTotals(communityId: string, from: Date, to: Date): Promise<HourlyKindTotal[]> {
    const rows = await this.#prisma.hourlyRollup.findMany({
      where: { communityId, hour: { gte: from, lt: to } },
      orderBy: [{ hour: "asc" }, { kind: "asc" }],
    });
    return rows.map(({ communityId: _, ...row }) => row);
  }

  async activeDays(
    communityId: string,
    fromDay: string,
    toDay: string,
    excludedKinds: readonly string[],
  ): Promise<ActiveDay[]> {
    const excluded =
      excludedKinds.length > 0 ? Prisma.sql`AND "kind" NOT IN (${Prisma.join([...excludedKinds])})` : Prisma.empty;
    // One row per member with their days joined: a few thousand rows rather than members × days (tens of
    // thousands, whose row mapping was most of a digest's time), spread back into pairs by spreadActiveDays.
    const joined =
      (this.#prisma as unknown as { _activeProvider?: string })._activeProvider === "postgresql"
        ? Prisma.sql`string_agg("day", ',')`
        : Prisma.sql`group_concat("day")`;
    const rows = await this.#prisma.$queryRaw<{ memberId: string; days: string }[]>`
      SELECT "memberId", ${joined} AS "days" FROM (
        SELECT DISTINCT "memberId", "day" FROM "MemberActivityDay"
        WHERE "communityId" = ${communityId} AND "day" >= ${fromDay} AND "day" < ${toDay} ${excluded}
      ) AS "active"
      GROUP BY "memberId" ORDER BY "memberId"`;
    return spreadActiveDays(rows.map((row) => [row.memberId, row.days]));
  }

  async joins(communityId: string, from: Date, to: Date): Promise<MemberJoin[]> {
    const rows = await this.#prisma.member.findMany({
      where: { communityId, joinedAt: { gte: from, lt: to } },
      select: { id: true, joinedAt: true },
      orderBy: [{ joinedAt: "asc" }, { id: "asc" }],
    });
    return rows.map((row) => ({ memberId: row.id, joinedAt: row.joinedAt }));
  }

  async consentTally(communityId: string, at: Date): Promise<ConsentTally> {
    const [members, ledger] = await Promise.all([
      this.#prisma.member.findMany({ where: { communityId, joinedAt: { lt: at } }, select: { id: true } }),
      this.#prisma.consentGrant.findMany({
        where: { communityId, memberId: { not: null }, at: { lt: at }, action: { in: ["granted", "withdrawn"] } },
        select: { memberId: true, purpose: true, action: true },
        orderBy: [{ at: "asc" }, { id: "asc" }],
      }),
    ]);
    const known = new Set(members.map((m) => m.id));
    // Ascending ledger order: each later entry replaces the one before it.
    const latest = new Map<string, string>();
    for (const entry of ledger) {
      if (entry.memberId && entry.purpose) latest.set(`${entry.memberId}\u0000${entry.purpose}`, entry.action);
    }
    const granted: Record<ConsentPurpose, number> = { analytics: 0, personalization: 0, direct_messages: 0 };
    for (const [key, action] of latest) {
      const [memberId, purpose] = key.split("\u0000") as [string, ConsentPurpose];
      if (action === "granted" && known.has(memberId)) granted[purpose] += 1;
    }
    return { members: known.size, granted };
  }

  async subscribe(subscription: DigestSubscription): Promise<boolean> {
    try {
      await this.#prisma.digestSubscription.create({ data: { ...subscription } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async unsubscribe(communityId: string, memberId: string, scope: DigestScope): Promise<boolean> {
    const { count } = await this.#prisma.digestSubscription.deleteMany({ where: { communityId, memberId, scope } });
    return count > 0;
  }

  async subscriptions(communityId: string): Promise<DigestSubscription[]> {
    const rows = await this.#prisma.digestSubscription.findMany({
      where: { communityId },
      orderBy: [{ createdAt: "asc" }, { memberId: "asc" }, { scope: "asc" }],
    });
    return rows.map((row) => ({ ...row, scope: row.scope === "brand" ? "brand" : "community" }));
  }

  async delivered(key: DigestDeliveryKey): Promise<boolean> {
    const row = await this.#prisma.digestDelivery.findUnique({
      where: { communityId_week_target: { communityId: key.communityId, week: key.week, target: deliveryTarget(key) } },
    });
    return row !== null;
  }

  async recordDelivery(key: DigestDeliveryKey, at: Date): Promise<void> {
    try {
      await this.#prisma.digestDelivery.create({
        data: {
          communityId: key.communityId,
          week: key.week,
          target: deliveryTarget(key),
          memberId: key.memberId,
          at,
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async importBenchmark(benchmark: StoredBenchmark): Promise<BenchmarkImportOutcome> {
    const { snapshot } = benchmark;
    const where = { source_week: { source: snapshot.source, week: snapshot.week } };
    const data = {
      format: snapshot.format,
      digest: benchmark.digest,
      k: snapshot.k,
      epsilon: snapshot.epsilon,
      peers: snapshot.peers,
      importedAt: benchmark.importedAt,
    };
    return this.#prisma.$transaction(async (tx) => {
      const existing = await tx.benchmarkSnapshot.findUnique({ where, select: { digest: true } });
      if (existing?.digest === benchmark.digest) return "unchanged";
      await tx.benchmarkSnapshot.upsert({
        where,
        create: { source: snapshot.source, week: snapshot.week, ...data },
        update: data,
      });
      return existing ? "replaced" : "imported";
    });
  }

  async benchmarkPeers(week: string): Promise<BenchmarkPeerSet[]> {
    const rows = await this.#prisma.benchmarkSnapshot.findMany({
      where: { week },
      orderBy: { source: "asc" },
      select: { source: true, week: true, peers: true },
    });
    // A JSON column is re-parsed on read: what was validated on import is what the digest reads.
    return rows.map((row) => ({ source: row.source, week: row.week, peers: storedPeers.parse(row.peers) }));
  }

  async benchmarks(): Promise<BenchmarkSummary[]> {
    const rows = await this.#prisma.benchmarkSnapshot.findMany({ orderBy: [{ week: "desc" }, { source: "asc" }] });
    return rows.map((row) => ({
      source: row.source,
      week: row.week,
      communities: storedPeers.parse(row.peers).length,
      k: row.k,
      epsilon: row.epsilon,
      importedAt: row.importedAt,
    }));
  }

  async removeBenchmark(source: string, week: string): Promise<boolean> {
    const { count } = await this.#prisma.benchmarkSnapshot.deleteMany({ where: { source, week } });
    return count > 0;
  }
}

const storedPeers = z.array(benchmarkPeerSchema);
