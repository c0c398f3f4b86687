import Sqlite from "better-sqlite3";

/** Tables whose rows every update writes by design: the redelivery guard. */
const bookkeepingTables = new Set(["ProcessedUpdate", "_circolo_changes"]);
/** Member columns every update refreshes by design (last seen, roles and locale as the platform reports them). */
const bookkeepingColumns: Readonly<Record<string, readonly string[]>> = {
  Member: ["lastSeenAt", "roles", "locale"],
};

/** One row written by a trigger: which table changed and how. */
export interface Change {
  readonly table: string;
  readonly op: "insert" | "update" | "delete";
}

/**
 * Watches a test app's SQLite file for writes with triggers on every table (except the redelivery guard and the
 * columns every update refreshes): each insert, update or delete adds a row to `_circolo_changes`. A separate
 * connection reads the log, so what the app's own connection did is seen exactly, update by update.
 */
export class ChangeLog {
  readonly #db: Sqlite.Database;
  readonly #tables: string[];

  private constructor(db: Sqlite.Database, tables: string[]) {
    this.#db = db;
    this.#tables = tables;
  }

  /** Installs the triggers on the database at `url` (`file:/path/circolo.db`). */
  static install(url: string): ChangeLog {
    const db = new Sqlite(url.replace(/^file:/, ""));
    db.pragma("busy_timeout = 10000");
    db.exec(
      "CREATE TABLE IF NOT EXISTS _circolo_changes (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, op TEXT NOT NULL)",
    );
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
        name: string;
      }[]
    )
      .map((r) => r.name)
      .filter((name) => !bookkeepingTables.has(name) && !name.startsWith("_prisma"));
    for (const table of tables) {
      const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
      const watched = columns.filter((c) => !(bookkeepingColumns[table] ?? []).includes(c));
      const changed = watched.map((c) => `OLD."${c}" IS NOT NEW."${c}"`).join(" OR ");
      const log = (op: string) => `INSERT INTO _circolo_changes (tbl, op) VALUES ('${table}', '${op}');`;
      db.exec(`
        CREATE TRIGGER IF NOT EXISTS "_watch_${table}_i" AFTER INSERT ON "${table}" BEGIN ${log("insert")} END;
        CREATE TRIGGER IF NOT EXISTS "_watch_${table}_d" AFTER DELETE ON "${table}" BEGIN ${log("delete")} END;
        CREATE TRIGGER IF NOT EXISTS "_watch_${table}_u" AFTER UPDATE ON "${table}" WHEN ${changed || "0"} BEGIN ${log("update")} END;
      `);
    }
    return new ChangeLog(db, tables);
  }

  /** The id of the latest change (0 when none). */
  mark(): number {
    return (this.#db.prepare("SELECT coalesce(max(id), 0) AS id FROM _circolo_changes").get() as { id: number }).id;
  }

  /** The changes after a mark. */
  since(mark: number): Change[] {
    return this.#db
      .prepare('SELECT tbl AS "table", op FROM _circolo_changes WHERE id > ? ORDER BY id')
      .all(mark) as Change[];
  }

  /** Every watched table's rows (bookkeeping columns left out), for a before/after comparison. */
  snapshot(): Record<string, unknown[]> {
    const result: Record<string, unknown[]> = {};
    for (const table of this.#tables) {
      const rows = this.#db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      const skip = bookkeepingColumns[table] ?? [];
      result[table] = rows.map((row) => JSON.stringify(Object.entries(row).filter(([k]) => !skip.includes(k)))).sort();
    }
    return result;
  }

  /** Row counts of every watched table. */
  counts(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.snapshot()).map(([t, rows]) => [t, rows.length]));
  }

  close(): void {
    this.#db.close();
  }
}
