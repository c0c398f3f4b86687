import type { ActiveDay, HourlyKindTotal } from "../../core/digest/digest.repository.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { DigestRepositoryPrisma, spreadActiveDays } from "./digest.repository.ts";
import { instant, readInstant, type SqliteConnection, withStatement } from "./hot-path-sqlite.ts";

/**
 * The digest's two largest reads on SQLite, by better-sqlite3 on Prisma's connection (see hot-path-sqlite.ts):
 * a community's distinct (member, day) pairs over seven weeks run to members × days rows (about 60 thousand for
 * 2,000 members, whatever the events stored), and Prisma's raw-query row mapping spent most of a digest's time on
 * them (measured by `npm run bench`). Same queries, same results; every other method is inherited.
 */
export class DigestRepositorySqlite extends DigestRepositoryPrisma {
  readonly #connection: SqliteConnection;

  constructor(prisma: DatabaseClient, connection: SqliteConnection) {
    super(prisma);
    this.#connection = connection;
  }

  /** The Prisma implementation's query (one row per member, days joined), without Prisma's row mapping. */
  override async activeDays(
    communityId: string,
    fromDay: string,
    toDay: string,
    excludedKinds: readonly string[],
  ): Promise<ActiveDay[]> {
    const excluded = excludedKinds.length > 0 ? `AND "kind" NOT IN (${excludedKinds.map(() => "?").join(", ")})` : "";
    return withStatement(
      this.#connection,
      `SELECT "memberId", group_concat("day") AS "days" FROM (
         SELECT DISTINCT "memberId", "day" FROM "MemberActivityDay"
         WHERE "communityId" = ? AND "day" >= ? AND "day" < ? ${excluded}
       ) GROUP BY "memberId" ORDER BY "memberId"`,
      (select) =>
        spreadActiveDays(select.raw().all(communityId, fromDay, toDay, ...excludedKinds) as [string, string][]),
    );
  }

  override async hourlyTotals(communityId: string, from: Date, to: Date): Promise<HourlyKindTotal[]> {
    const rows = await withStatement(
      this.#connection,
      `SELECT "hour", "kind", "count" FROM "HourlyRollup"
       WHERE "communityId" = ? AND "hour" >= ? AND "hour" < ?
       ORDER BY "hour", "kind"`,
      (select) =>
        select.all(communityId, instant(from), instant(to)) as { hour: string; kind: string; count: number | bigint }[],
    );
    return rows.map((row) => ({ hour: readInstant(row.hour), kind: row.kind, count: Number(row.count) }));
  }
}
