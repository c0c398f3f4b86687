import type { EngagementRow } from "../../core/domain/engagement.ts";
import type { EngagementRepository } from "../../core/ports/repositories.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { Prisma } from "../generated/sqlite/client.ts";

/**
 * Rows per multi-row statement. 500 events bind 3,000 parameters, far below SQLite's 32,766 and
 * PostgreSQL's 65,535, and large enough that per-statement overhead stops mattering.
 */
const ROWS_PER_STATEMENT = 500;

/** A big batch on a busy SQLite file may queue behind other writers; it must not time out half-way. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 60_000 } as const;

/** PostgreSQL text cannot hold NUL, so it separates key parts unambiguously. */
export const SEP = "\u0000";

/** What a batch adds to one DailyRollup row. */
export interface DailyTotal {
  communityId: string;
  day: string;
  kind: string;
  count: number;
  anonymousCount: number;
  distinctMembers: number;
}

/** What a batch adds to one HourlyRollup row. */
export interface HourlyTotal {
  communityId: string;
  hour: Date;
  kind: string;
  count: number;
}

/** What a batch adds to one MemberActivityDay row. */
export interface ActivityTotal {
  communityId: string;
  memberId: string;
  day: string;
  kind: string;
  count: number;
}

/**
 * The engagement hot path. One transaction per batch: multi-row INSERTs of the events that skip known
 * dedupe keys and report which rows they inserted, then multi-row upserts that move DailyRollup,
 * HourlyRollup and MemberActivityDay by exactly those rows. Totals are aggregated in JS first, so each
 * rollup key appears once per statement, and every statement touches its keys in sorted order, so
 * concurrent writers on PostgreSQL lock rows in the same order and cannot deadlock one another.
 *
 * distinctMembers is moved without reading anything back: the MemberActivityDay upsert returns each
 * key's count after the write, and a key is new to the day iff that count equals this batch's count for
 * it (a row that existed already had count ≥ 1). Under concurrent writers the upsert waits for the other
 * transaction's row, so exactly one of them sees the key as new.
 */
export class EngagementRepositoryPrisma implements EngagementRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async writeBatch(rows: readonly EngagementRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const ordered = inLockOrder(firstPerDedupeKey(rows));
    return this.#prisma.$transaction(async (tx) => {
      const inserted = await insertEvents(tx, ordered);
      if (inserted.length === 0) return 0;
      const { daily, hourly, activity } = aggregate(inserted);
      for (const key of await upsertMemberActivity(tx, activity)) {
        const total = daily.get(key);
        if (total) total.distinctMembers += 1;
      }
      await upsertDaily(tx, daily);
      await upsertHourly(tx, hourly);
      return inserted.length;
    }, TRANSACTION_OPTIONS);
  }
}

/** Later rows with a dedupe key already seen in the batch are replays: only the first can count. */
function firstPerDedupeKey(rows: readonly EngagementRow[]): EngagementRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    if (row.dedupeKey === null) return true;
    if (seen.has(row.dedupeKey)) return false;
    seen.add(row.dedupeKey);
    return true;
  });
}

/** Keyless rows first (they never conflict), then by dedupe key; the sort is stable. */
function inLockOrder(rows: EngagementRow[]): EngagementRow[] {
  return rows.sort((a, b) => compare(a.dedupeKey ?? "", b.dedupeKey ?? ""));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += ROWS_PER_STATEMENT) {
    yield items.slice(start, start + ROWS_PER_STATEMENT);
  }
}

/** Inserts the events and returns the rows the database actually took (known dedupe keys are skipped). */
async function insertEvents(tx: Prisma.TransactionClient, rows: readonly EngagementRow[]): Promise<EngagementRow[]> {
  const inserted: EngagementRow[] = [];
  for (const chunk of chunks(rows)) {
    const values = chunk.map(
      (row) =>
        Prisma.sql`(${row.communityId}, ${row.campaignId}, ${row.kind}, ${row.at}, ${row.memberId}, ${row.dedupeKey})`,
    );
    const returned = await tx.$queryRaw<{ dedupeKey: string | null }[]>`
      INSERT INTO "EngagementEvent" ("communityId", "campaignId", "kind", "at", "memberId", "dedupeKey")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("dedupeKey") DO NOTHING
      RETURNING "dedupeKey"`;
    if (returned.length === chunk.length) {
      inserted.push(...chunk);
      continue;
    }
    const taken = new Set(returned.map((row) => row.dedupeKey));
    for (const row of chunk) if (row.dedupeKey === null || taken.has(row.dedupeKey)) inserted.push(row);
  }
  return inserted;
}

/**
 * Sums the inserted rows per rollup key: DailyRollup by community, day and kind; HourlyRollup by community,
 * hour and kind; MemberActivityDay by community, member, day and kind. distinctMembers starts at 0: only the
 * database knows whether a member is new to a day.
 */
export function aggregate(rows: readonly EngagementRow[]): {
  daily: Map<string, DailyTotal>;
  hourly: Map<string, HourlyTotal>;
  activity: Map<string, ActivityTotal>;
} {
  const daily = new Map<string, DailyTotal>();
  const hourly = new Map<string, HourlyTotal>();
  const activity = new Map<string, ActivityTotal>();
  for (const row of rows) {
    const dayKey = row.communityId + SEP + row.day + SEP + row.kind;
    let day = daily.get(dayKey);
    if (!day) {
      day = {
        communityId: row.communityId,
        day: row.day,
        kind: row.kind,
        count: 0,
        anonymousCount: 0,
        distinctMembers: 0,
      };
      daily.set(dayKey, day);
    }
    day.count += 1;

    const hourKey = row.communityId + SEP + row.hour.toISOString() + SEP + row.kind;
    const hour = hourly.get(hourKey);
    if (hour) hour.count += 1;
    else hourly.set(hourKey, { communityId: row.communityId, hour: row.hour, kind: row.kind, count: 1 });

    if (row.memberId === null) {
      day.anonymousCount += 1;
      continue;
    }
    const activityKey = row.communityId + SEP + row.memberId + SEP + row.day + SEP + row.kind;
    const member = activity.get(activityKey);
    if (member) member.count += 1;
    else
      activity.set(activityKey, {
        communityId: row.communityId,
        memberId: row.memberId,
        day: row.day,
        kind: row.kind,
        count: 1,
      });
  }
  return { daily, hourly, activity };
}

function sortedValues<T>(totals: Map<string, T>): T[] {
  return [...totals.entries()].sort(([a], [b]) => compare(a, b)).map(([, total]) => total);
}

/**
 * Upserts MemberActivityDay and returns the DailyRollup keys (community, day, kind) of the rows that are new,
 * one entry per new (member, day, kind).
 */
async function upsertMemberActivity(
  tx: Prisma.TransactionClient,
  totals: Map<string, ActivityTotal>,
): Promise<string[]> {
  const newcomers: string[] = [];
  for (const chunk of chunks(sortedValues(totals))) {
    const values = chunk.map((t) => Prisma.sql`(${t.communityId}, ${t.memberId}, ${t.day}, ${t.kind}, ${t.count})`);
    const returned = await tx.$queryRaw<ActivityTotal[]>`
      INSERT INTO "MemberActivityDay" ("communityId", "memberId", "day", "kind", "count")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("communityId", "memberId", "day", "kind")
      DO UPDATE SET "count" = "MemberActivityDay"."count" + excluded."count"
      RETURNING "communityId", "memberId", "day", "kind", "count"`;
    for (const row of returned) {
      const batchCount = totals.get(row.communityId + SEP + row.memberId + SEP + row.day + SEP + row.kind)?.count;
      if (Number(row.count) === batchCount) newcomers.push(row.communityId + SEP + row.day + SEP + row.kind);
    }
  }
  return newcomers;
}

async function upsertDaily(tx: Prisma.TransactionClient, totals: Map<string, DailyTotal>): Promise<void> {
  for (const chunk of chunks(sortedValues(totals))) {
    const values = chunk.map(
      (t) => Prisma.sql`(${t.communityId}, ${t.day}, ${t.kind}, ${t.count}, ${t.anonymousCount}, ${t.distinctMembers})`,
    );
    await tx.$executeRaw`
      INSERT INTO "DailyRollup" ("communityId", "day", "kind", "count", "anonymousCount", "distinctMembers")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("communityId", "day", "kind") DO UPDATE SET
        "count" = "DailyRollup"."count" + excluded."count",
        "anonymousCount" = "DailyRollup"."anonymousCount" + excluded."anonymousCount",
        "distinctMembers" = "DailyRollup"."distinctMembers" + excluded."distinctMembers"`;
  }
}

async function upsertHourly(tx: Prisma.TransactionClient, totals: Map<string, HourlyTotal>): Promise<void> {
  for (const chunk of chunks(sortedValues(totals))) {
    const values = chunk.map((t) => Prisma.sql`(${t.communityId}, ${t.hour}, ${t.kind}, ${t.count})`);
    await tx.$executeRaw`
      INSERT INTO "HourlyRollup" ("communityId", "hour", "kind", "count")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("communityId", "hour", "kind")
      DO UPDATE SET "count" = "HourlyRollup"."count" + excluded."count"`;
  }
}
