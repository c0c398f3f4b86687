import type { ScheduleRecord } from "../../core/ports/schedule-repository.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { instant, type SqliteConnection, withStatement } from "./hot-path-sqlite.ts";
import { ScheduleRepositoryPrisma } from "./schedule.repository.ts";

// Start-up stores every community's weekly digest schedule, a page of them at a time (DigestDelivery.armAll). Through
// Prisma each upsert costs about a millisecond of query building and a few hundred kilobytes of short-lived objects:
// a first start with 10,000 communities took 10 s and grew the heap to some 140 MB that the process then kept
// (`npm run bench`, memory section). On SQLite a page is one better-sqlite3 transaction of prepared upserts instead,
// in the stored formats of the Prisma implementation (the schedule repository tests run against both).

const columns = [
  "id",
  "communityId",
  "campaignId",
  "job",
  "payload",
  "cron",
  "runAt",
  "timeZone",
  "endsAt",
  "remaining",
  "state",
  "nextFireAt",
  "lastFireAt",
  "createdAt",
  "updatedAt",
] as const;

const upsertSql = `INSERT INTO "Schedule" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})
  ON CONFLICT ("id") DO UPDATE SET ${columns
    .filter((c) => c !== "id" && c !== "createdAt")
    .map((c) => `"${c}" = excluded."${c}"`)
    .join(", ")}`;

export class ScheduleRepositorySqlite extends ScheduleRepositoryPrisma {
  readonly #connection: SqliteConnection;

  constructor(prisma: DatabaseClient, connection: SqliteConnection) {
    super(prisma);
    this.#connection = connection;
  }

  override async upsertMany(records: readonly ScheduleRecord[]): Promise<void> {
    if (records.length === 0) return;
    const now = instant(new Date());
    await withStatement(this.#connection, upsertSql, (upsert) => {
      upsert.database.transaction(() => {
        for (const record of records) upsert.run(...row(record, now));
      })();
    });
  }
}

function row(record: ScheduleRecord, now: string): unknown[] {
  const at = (value: Date | null) => (value ? instant(value) : null);
  return [
    record.id,
    record.communityId,
    record.campaignId,
    record.job,
    JSON.stringify(record.payload ?? null),
    record.cron,
    at(record.runAt),
    record.timeZone,
    at(record.endsAt),
    record.remaining,
    record.state,
    at(record.nextFireAt),
    at(record.lastFireAt),
    now,
    now,
  ];
}
