// Throwaway databases for the bench: a SQLite file in its own temp folder, or a PostgreSQL database created on
// the server BENCH_POSTGRES_URL names. Each is migrated with the app's own migrator and dropped afterwards.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { migrationsDir } from "../src/app/app.ts";
import { applyMigrations } from "../src/persistence/migrations/migrator.ts";

export type BenchProvider = "sqlite" | "postgresql";

/** An empty, migrated database. */
export interface BenchDatabase {
  readonly provider: BenchProvider;
  readonly url: string;
  /** The SQLite file (null on PostgreSQL). */
  readonly file: string | null;
  /** Deletes the file and its folder, or drops the database even if connections are still open. */
  drop(): Promise<void>;
}

/** Where bench databases live: SQLite always; PostgreSQL on a server (a url whose database may be anything). */
export type DatabaseTarget =
  | { readonly provider: "sqlite" }
  | { readonly provider: "postgresql"; readonly server: string };

/** Creates and migrates a database for one measurement. */
export async function createBenchDatabase(target: DatabaseTarget): Promise<BenchDatabase> {
  if (target.provider === "sqlite") {
    const folder = await mkdtemp(join(tmpdir(), "circolo-bench-"));
    const file = join(folder, "bench.db");
    const url = `file:${file}`;
    await applyMigrations({ provider: "sqlite", url, migrationsDir: migrationsDir("sqlite") });
    return { provider: "sqlite", url, file, drop: () => rm(folder, { recursive: true, force: true }) };
  }
  const name = `circolo_bench_${randomBytes(6).toString("hex")}`;
  await onServer(target.server, `CREATE DATABASE "${name}"`);
  const url = new URL(target.server);
  url.pathname = `/${name}`;
  await applyMigrations({ provider: "postgresql", url: url.toString(), migrationsDir: migrationsDir("postgresql") });
  return {
    provider: "postgresql",
    url: url.toString(),
    file: null,
    drop: () => onServer(target.server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A DateTime as Prisma's SQLite adapter stores it (text, ISO 8601 with "+00:00"). */
export function sqliteInstant(at: Date): string {
  return at.toISOString().replace("Z", "+00:00");
}
