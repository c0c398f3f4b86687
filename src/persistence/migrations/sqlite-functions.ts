// What SQLite lacks for Circolo's data migrations, lent to it on the connections that run them.
import type { Database } from "better-sqlite3";
import { localDay } from "../../core/time/local-time.ts";

/**
 * Registers `circolo_local_day(at, timeZone)` on a SQLite connection: the calendar day (YYYY-MM-DD) of an instant
 * in an IANA time zone, by the very function the engagement recorder buckets events with. SQLite has no time-zone
 * database, and a migration that moves the daily rollups needs each event's local day (PostgreSQL's twin uses
 * AT TIME ZONE). Only Circolo's migrator and its schema engine sessions register it, so such a migration runs
 * with `circolo migrate` (or the bot's start), not with Prisma's own CLI.
 */
export function registerMigrationFunctions(db: Database): void {
  db.function("circolo_local_day", { deterministic: true }, (at: unknown, timeZone: unknown) =>
    typeof at === "string" && typeof timeZone === "string" ? localDay(new Date(at), timeZone) : null,
  );
}
