import type { Database, Statement, Transaction } from "better-sqlite3";
import type { EngagementRow } from "../../core/domain/engagement.ts";
import type { EngagementRepository } from "../../core/ports/repositories.port.ts";
import { aggregate, SEP } from "./engagement.repository.ts";

/** The prepared statements of one connection. */
interface Statements {
  readonly insertEvent: Statement<[string, string | null, string, string, string | null, string | null]>;
  readonly upsertActivity: Statement<[string, string, string, string, number], number>;
  readonly upsertDaily: Statement<[string, string, string, number, number, number]>;
  readonly upsertHourly: Statement<[string, string, string, number]>;
}

/** One batch's writes as a better-sqlite3 transaction function; returns how many events it inserted. */
type WriteBatch = Transaction<(rows: readonly EngagementRow[]) => number>;

const writersByConnection = new WeakMap<Database, WriteBatch>();

/**
 * The engagement hot path on SQLite: the same writes as EngagementRepositoryPrisma, made with better-sqlite3
 * prepared statements on the connection under Prisma's adapter, in one synchronous `BEGIN IMMEDIATE`
 * transaction per batch. Going through Prisma cost most of the time in query building and argument mapping
 * (about a fifth of plain inserts' speed, measured by `npm run bench`); statement by statement, with rollup
 * totals summed in memory first, a batch costs about what inserting its events alone does.
 *
 * One connection, shared with Prisma: a second connection to the file in the same process would block the
 * event loop while waiting for the other's lock (better-sqlite3 waits synchronously). Because the write is
 * synchronous, nothing else can run on the connection while it does; a Prisma interactive transaction that is
 * open across awaits when a batch arrives is waited out first, so the batch never joins (or is rolled back
 * with) someone else's transaction. Other processes on the same file are serialised by SQLite's lock:
 * `BEGIN IMMEDIATE` takes it up front and waits busy_timeout for it.
 *
 * distinctMembers moves as in the Prisma implementation: the MemberActivityDay upsert returns the key's count
 * after the write, and the member is new to the day iff that equals this batch's count for the key.
 */
export class EngagementRepositorySqlite implements EngagementRepository {
  readonly #connection: () => Database;

  /** `connection` returns the open connection (Prisma may replace it when it reconnects). */
  constructor(connection: () => Database) {
    this.#connection = connection;
  }

  async writeBatch(rows: readonly EngagementRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const db = this.#connection();
    while (db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
    return writerFor(db).immediate(rows);
  }
}

function writeAll(statements: Statements, rows: readonly EngagementRow[]): number {
  // A known dedupe key, or one repeated within the batch, conflicts and changes nothing.
  const inserted = rows.filter(
    (row) =>
      statements.insertEvent.run(
        row.communityId,
        row.campaignId,
        row.kind,
        instant(row.at),
        row.memberId,
        row.dedupeKey,
      ).changes > 0,
  );
  if (inserted.length === 0) return 0;
  const { daily, hourly, activity } = aggregate(inserted);
  for (const total of activity.values()) {
    const after = statements.upsertActivity.get(total.communityId, total.memberId, total.day, total.kind, total.count);
    if (after === total.count) {
      const day = daily.get(total.communityId + SEP + total.day + SEP + total.kind);
      if (day) day.distinctMembers += 1;
    }
  }
  for (const t of daily.values()) {
    statements.upsertDaily.run(t.communityId, t.day, t.kind, t.count, t.anonymousCount, t.distinctMembers);
  }
  for (const t of hourly.values()) statements.upsertHourly.run(t.communityId, instant(t.hour), t.kind, t.count);
  return inserted.length;
}

/** A DateTime as Prisma's SQLite adapter stores it (ISO 8601 with "+00:00"), so that both compare as text. */
function instant(at: Date): string {
  return at.toISOString().replace("Z", "+00:00");
}

function writerFor(db: Database): WriteBatch {
  let writer = writersByConnection.get(db);
  if (!writer) {
    const statements = prepare(db);
    writer = db.transaction((rows: readonly EngagementRow[]) => writeAll(statements, rows));
    writersByConnection.set(db, writer);
  }
  return writer;
}

function prepare(db: Database): Statements {
  return {
    insertEvent: db.prepare(`
      INSERT INTO "EngagementEvent" ("communityId", "campaignId", "kind", "at", "memberId", "dedupeKey")
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT ("dedupeKey") DO NOTHING`),
    upsertActivity: db
      .prepare<[string, string, string, string, number], number>(`
        INSERT INTO "MemberActivityDay" ("communityId", "memberId", "day", "kind", "count")
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT ("communityId", "memberId", "day", "kind")
        DO UPDATE SET "count" = "MemberActivityDay"."count" + excluded."count"
        RETURNING "count"`)
      .pluck()
      // Prisma's adapter turns on safe integers for the whole connection; a count fits a number.
      .safeIntegers(false),
    upsertDaily: db.prepare(`
      INSERT INTO "DailyRollup" ("communityId", "day", "kind", "count", "anonymousCount", "distinctMembers")
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT ("communityId", "day", "kind") DO UPDATE SET
        "count" = "DailyRollup"."count" + excluded."count",
        "anonymousCount" = "DailyRollup"."anonymousCount" + excluded."anonymousCount",
        "distinctMembers" = "DailyRollup"."distinctMembers" + excluded."distinctMembers"`),
    upsertHourly: db.prepare(`
      INSERT INTO "HourlyRollup" ("communityId", "hour", "kind", "count")
      VALUES (?, ?, ?, ?)
      ON CONFLICT ("communityId", "hour", "kind")
      DO UPDATE SET "count" = "HourlyRollup"."count" + excluded."count"`),
  };
}
