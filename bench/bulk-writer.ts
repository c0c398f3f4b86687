// Fast bulk loading of generated rows straight into a migrated database, bypassing Prisma: better-sqlite3
// prepared statements in big transactions (foreign keys and fsync off while loading: the generator keeps the
// rows consistent), or multi-row INSERTs on PostgreSQL. Only the bench uses it, on throwaway databases.
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import type { BenchDatabase, BenchProvider } from "./bench-database.ts";
import { sqliteInstant } from "./bench-database.ts";

/** A column value as the generators produce it. */
export type Value = string | number | boolean | Date | null;

/** SQL for each provider, for what plain inserts cannot do fast (generating millions of rows server-side). */
export interface ProviderSql {
  readonly sqlite: string;
  readonly postgresql: string;
}

export interface BulkWriter {
  readonly provider: BenchProvider;
  /** Inserts rows, in big transactions; returns how many. */
  insert(table: string, columns: readonly string[], rows: Iterable<readonly Value[]>): Promise<number>;
  /** Runs one statement with parameters 1…n (`@p1`… on SQLite, `$1`… on PostgreSQL). */
  run(sql: ProviderSql, params: readonly Value[]): Promise<void>;
  close(): Promise<void>;
}

const ROWS_PER_TRANSACTION = 50_000;

/** A writer on the bench database. */
export async function openBulkWriter(database: BenchDatabase): Promise<BulkWriter> {
  return database.provider === "sqlite" ? sqliteWriter(database.file!) : await postgresWriter(database.url);
}

function sqliteWriter(file: string): BulkWriter {
  const db = new BetterSqlite3(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  db.pragma("cache_size = -262144");
  db.pragma("temp_store = MEMORY");
  const toSqlite = (v: Value) => (v instanceof Date ? sqliteInstant(v) : typeof v === "boolean" ? (v ? 1 : 0) : v);
  return {
    provider: "sqlite",
    async insert(table, columns, rows) {
      const statement = db.prepare(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      );
      let count = 0;
      let pending: (readonly Value[])[] = [];
      const write = db.transaction((batch: (readonly Value[])[]) => {
        for (const row of batch) statement.run(...row.map(toSqlite));
      });
      for (const row of rows) {
        pending.push(row);
        if (pending.length === ROWS_PER_TRANSACTION) {
          write(pending);
          count += pending.length;
          pending = [];
        }
      }
      write(pending);
      return count + pending.length;
    },
    async run(sql, params) {
      db.prepare(sql.sqlite).run(Object.fromEntries(params.map((v, i) => [`p${i + 1}`, toSqlite(v)])));
    },
    async close() {
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.close();
    },
  };
}

async function postgresWriter(url: string): Promise<BulkWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    provider: "postgresql",
    async insert(table, columns, rows) {
      // PostgreSQL binds at most 65,535 parameters per statement.
      const perStatement = Math.floor(60_000 / columns.length);
      const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
      let count = 0;
      let pending: (readonly Value[])[] = [];
      const flush = async () => {
        if (pending.length === 0) return;
        const values = pending.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`);
        await client.query(head + values.join(", "), pending.flat());
        count += pending.length;
        pending = [];
        if (count % ROWS_PER_TRANSACTION < perStatement) {
          await client.query("COMMIT");
          await client.query("BEGIN");
        }
      };
      await client.query("BEGIN");
      try {
        for (const row of rows) {
          pending.push(row);
          if (pending.length === perStatement) await flush();
        }
        await flush();
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      return count;
    },
    async run(sql, params) {
      await client.query(sql.postgresql, [...params]);
    },
    async close() {
      await client.query("ANALYZE");
      await client.end();
    },
  };
}
