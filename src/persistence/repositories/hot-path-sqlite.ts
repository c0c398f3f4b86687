import type { Database, Statement } from "better-sqlite3";
import type { Community } from "../../core/domain/community.ts";
import type { ConsentEntry, ConsentPurpose } from "../../core/domain/consent.ts";
import type { Member } from "../../core/domain/member.ts";
import type { Platform } from "../../core/domain/platform.ts";
import type { DatabaseClient } from "../database-client.ts";
import { CommunityRepositoryPrisma, toCommunity } from "./community.repository.ts";
import { ConsentRepositoryPrisma } from "./consent.repository.ts";
import { MemberRepositoryPrisma, memberRolesSchema } from "./member.repository.ts";
import { PrivacyRepositoryPrisma } from "./privacy.repository.ts";
import { ProcessedUpdateRepositoryPrisma } from "./processed-update.repository.ts";

// The reads and writes every platform update makes (dedupe, community, member, consent ledger, the consent
// question), on SQLite: the Prisma repositories with those methods done by better-sqlite3 prepared statements on
// the connection under Prisma's adapter, as EngagementRepositorySqlite does for the events. Each went through
// Prisma's query building and argument mapping at about a millisecond apiece, five to seven per update, which is
// what held the whole update path at a few hundred updates a second (measured by `npm run bench`); a prepared
// statement takes tens of microseconds. Semantics and stored formats are the Prisma implementations' (the
// repository contract tests run against both); every other method is inherited unchanged.
//
// Like the engagement hot path, a statement never runs inside a Prisma interactive transaction that is open
// across awaits on the same connection: it waits for that transaction to end first, so it neither joins nor is
// rolled back with someone else's work.

/** The open connection (Prisma may replace it when it reconnects). */
export type SqliteConnection = () => Database;

/** Prepared statements, per connection and SQL text. */
const statementsByConnection = new WeakMap<Database, Map<string, Statement>>();

/**
 * Runs `use` with the prepared statement for `sql`, once no interactive transaction is open on the connection;
 * the check and `use` run in the same synchronous step, so nothing can begin a transaction in between.
 */
export async function withStatement<T>(
  connection: SqliteConnection,
  sql: string,
  use: (statement: Statement) => T,
): Promise<T> {
  const db = connection();
  while (db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
  let statements = statementsByConnection.get(db);
  if (!statements) {
    statements = new Map();
    statementsByConnection.set(db, statements);
  }
  let prepared = statements.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    statements.set(sql, prepared);
  }
  return use(prepared);
}

/** A DateTime as Prisma's SQLite adapter stores it (text, ISO 8601 with "+00:00"). */
export function instant(at: Date): string {
  return at.toISOString().replace("Z", "+00:00");
}

/** A stored DateTime back (Prisma's text; a bare "YYYY-MM-DD HH:MM:SS" from a SQL default is UTC; or epoch ms). */
export function readInstant(value: unknown): Date {
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  const text = String(value);
  return new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text) ? `${text.replace(" ", "T")}Z` : text);
}

export class ProcessedUpdateRepositorySqlite extends ProcessedUpdateRepositoryPrisma {
  readonly #connection: SqliteConnection;

  constructor(prisma: DatabaseClient, connection: SqliteConnection) {
    super(prisma);
    this.#connection = connection;
  }

  override async markProcessed(platform: Platform, updateId: string, at: Date): Promise<boolean> {
    return withStatement(
      this.#connection,
      `INSERT INTO "ProcessedUpdate" ("platform", "updateId", "at") VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
      (insert) => insert.run(platform, updateId, instant(at)).changes === 1,
    );
  }
}

interface CommunityRow {
  id: string;
  brandId: string;
  platform: string;
  platformId: string;
  formerPlatformId: string | null;
  title: string;
  timeZone: string;
  locale: string;
  settings: string;
  active: number;
}

export class CommunityRepositorySqlite extends CommunityRepositoryPrisma {
  readonly #connection: SqliteConnection;

  constructor(prisma: DatabaseClient, connection: SqliteConnection) {
    super(prisma);
    this.#connection = connection;
  }

  override async findByPlatformId(platform: Platform, platformId: string): Promise<Community | null> {
    const row = await withStatement(
      this.#connection,
      `SELECT "id", "brandId", "platform", "platformId", "formerPlatformId", "title", "timeZone", "locale", "settings",
              "active"
       FROM "Community" WHERE "platform" = ? AND "platformId" = ?`,
      (select) => select.get(platform, platformId) as CommunityRow | undefined,
    );
    if (!row) return this.findByFormerPlatformId(platform, platformId);
    return toCommunity({ ...row, settings: JSON.parse(row.settings), active: Boolean(row.active) });
  }

  /** Start-up walks every community with it (digest schedules, Discord's guilds): 20 pages for 10,000. */
  override async listActivePage(after: string | null, limit: number): Promise<Community[]> {
    const rows = await withStatement(
      this.#connection,
      `SELECT "id", "brandId", "platform", "platformId", "formerPlatformId", "title", "timeZone", "locale", "settings",
              "active"
       FROM "Community" WHERE "active" = 1 AND "id" > ? ORDER BY "id" LIMIT ?`,
      (select) => select.all(after ?? "", limit) as CommunityRow[],
    );
    return rows.map((row) => toCommunity({ ...row, settings: JSON.parse(row.settings), active: true }));
  }
}

interface MemberRow {
  id: string;
  communityId: string;
  pseudonym: string;
  joinedAt: string;
  lastSeenAt: string | null;
  roles: string;
  locale: string | null;
}

export class MemberRepositorySqlite extends MemberRepositoryPrisma {
  readonly #connection: SqliteConnection;

  constructor(prisma: DatabaseClient, connection: SqliteConnection) {
    super(prisma);
    this.#connection = connection;
  }

  /** One INSERT … ON CONFLICT DO UPDATE … RETURNING, as Prisma's upsert runs it (atomic, so no first-sight race). */
  override async touch(input: {
    id: string;
    communityId: string;
    pseudonym: string;
    at: Date;
    roles: readonly string[];
    locale: string | null;
  }): Promise<Member> {
    const at = instant(input.at);
    const row = await withStatement(
      this.#connection,
      `INSERT INTO "Member" ("id", "communityId", "pseudonym", "joinedAt", "lastSeenAt", "roles", "locale", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("communityId", "pseudonym") DO UPDATE SET
         "lastSeenAt" = excluded."lastSeenAt", "roles" = excluded."roles", "locale" = excluded."locale"
       RETURNING "id", "communityId", "pseudonym", "joinedAt", "lastSeenAt", "roles", "locale"`,
      (upsert) =>
        upsert.get(
          input.id,
          input.communityId,
          input.pseudonym,
          at,
          at,
          JSON.stringify([...input.roles]),
          input.locale,
          instant(new Date()),
        ) as MemberRow,
    );
    return {
      id: row.id,
      communityId: row.communityId,
      pseudonym: row.pseudonym,
      joinedAt: readInstant(row.joinedAt),
      lastSeenAt: row.lastSeenAt === null ? null : readInstant(row.lastSeenAt),
      roles: memberRolesSchema.parse(JSON.parse(row.roles)),
      locale: row.locale,
    };
  }
}

interface LedgerRow {
  memberId: string;
  purpose: ConsentPurpose;
  action: ConsentEntry["action"];
  noticeVersion: string;
  at: string;
}

/** One member's consent ledger, oldest first (ConsentRepository.history). */
async function ledger(connection: SqliteConnection, memberId: string): Promise<ConsentEntry[]> {
  const rows = await withStatement(
    connection,
    `SELECT "memberId", "purpose", "action", "noticeVersion", "at" FROM "ConsentGrant"
     WHERE "memberId" = ? AND "purpose" IS NOT NULL AND "action" IN ('granted', 'withdrawn')
     ORDER BY "at" ASC, "id" ASC`,
    (select) => select.all(memberId) as LedgerRow[],
  );
  return rows.map((row) => ({
    memberId: row.memberId,
    purpose: row.purpose,
    action: row.action,
    noticeVersion: row.noticeVersion,
    at: readInstant(row.at),
  }));
}

export class ConsentRepositorySqlite extends ConsentRepositoryPrisma {
  readonly #connection: SqliteConnection;

  constructor(prisma: DatabaseClient, connection: SqliteConnection) {
    super(prisma);
    this.#connection = connection;
  }

  override history(memberId: string): Promise<ConsentEntry[]> {
    return ledger(this.#connection, memberId);
  }
}

export class PrivacyRepositorySqlite extends PrivacyRepositoryPrisma {
  readonly #connection: SqliteConnection;

  constructor(prisma: DatabaseClient, connection: SqliteConnection) {
    super(prisma);
    this.#connection = connection;
  }

  override async markAsked(memberId: string, at: Date): Promise<boolean> {
    return withStatement(
      this.#connection,
      `UPDATE "Member" SET "consentAskedAt" = ? WHERE "id" = ? AND "consentAskedAt" IS NULL`,
      (update) => update.run(instant(at), memberId).changes === 1,
    );
  }

  /** One member's ledger (what the consent question asks on a first reply) here; several, through Prisma. */
  override consentHistories(memberIds: readonly string[]): Promise<ConsentEntry[]> {
    const ids = [...new Set(memberIds)];
    return ids.length === 1 ? ledger(this.#connection, ids[0]!) : super.consentHistories(ids);
  }
}
