import { createHash } from "node:crypto";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, type Provider } from "../../src/persistence/migrations/migrator.ts";
import { diffSql, migrationHistory } from "../../src/persistence/migrations/schema-engine.ts";
import { createTestDatabase, type TestDatabase, testProviders } from "../support/test-database.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const migrationsDirs: Record<Provider, string> = {
  sqlite: join(root, "prisma", "migrations"),
  postgresql: join(root, "prisma", "migrations-postgres"),
};

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: unknown;
  migration_name: string;
  logs: string | null;
  rolled_back_at: unknown;
  started_at: unknown;
  applied_steps_count: number;
}

/** Runs one query against a test database and returns its rows. */
async function query<T>(db: TestDatabase, sql: string): Promise<T[]> {
  if (db.provider === "sqlite") {
    const sqlite = new Database(db.url.slice("file:".length));
    try {
      const statement = sqlite.prepare(sql);
      if (!statement.reader) {
        statement.run();
        return [];
      }
      return statement.all() as T[];
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function migrationNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The schema the migrations must produce: schema.prisma, with the provider swapped for PostgreSQL. */
async function expectedSchema(provider: Provider): Promise<string> {
  const schema = await readFile(join(root, "prisma", "schema.prisma"), "utf8");
  return provider === "sqlite" ? schema : schema.replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
}

describe.each(testProviders())("the migrations on %s", (provider) => {
  const migrationsDir = migrationsDirs[provider];
  let db: TestDatabase;
  let scratch: string;

  beforeEach(async () => {
    db = await createTestDatabase(provider);
    scratch = await mkdtemp(join(tmpdir(), "circolo-migrations-"));
  });

  afterEach(async () => {
    await db.drop();
    await rm(scratch, { recursive: true, force: true });
  });

  /** A copy of the real migrations folder that a test may tamper with. */
  async function copyOfMigrations(): Promise<string> {
    const copy = join(scratch, "migrations");
    await cp(migrationsDir, copy, { recursive: true });
    return copy;
  }

  it("applies every migration to an empty database and records them as Prisma does", async () => {
    const names = await migrationNames(migrationsDir);
    expect(names.length).toBeGreaterThan(0);

    const applied = await applyMigrations({ provider, url: db.url, migrationsDir });

    expect(applied).toEqual(names);
    const rows = await query<MigrationRow>(db, "SELECT * FROM _prisma_migrations ORDER BY migration_name");
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      const file = await readFile(join(migrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).not.toBeNull();
      expect(new Date(row.finished_at as string).getTime()).toBeGreaterThanOrEqual(
        new Date(row.started_at as string).getTime(),
      );
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
    }
    // Prisma's own engine reads the rows as `prisma migrate deploy` will: all applied, none edited or failed.
    expect(await migrationHistory({ provider, databaseUrl: db.url, migrationsDir })).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
  });

  it("applies nothing the second time", async () => {
    await applyMigrations({ provider, url: db.url, migrationsDir });

    const again = await applyMigrations({ provider, url: db.url, migrationsDir });

    expect(again).toEqual([]);
    const rows = await query<MigrationRow>(db, "SELECT migration_name FROM _prisma_migrations");
    expect(rows).toHaveLength((await migrationNames(migrationsDir)).length);
  });

  it("produces exactly the schema in prisma/schema.prisma", async () => {
    await applyMigrations({ provider, url: db.url, migrationsDir });

    // Prisma's schema engine introspects the migrated database and diffs it against the schema: any
    // statement it prints is drift (a schema change without a migration, or an edited migration).
    const drift = await diffSql({
      provider,
      from: { databaseUrl: db.url },
      to: { schema: await expectedSchema(provider) },
    });

    expect(drift, "the migrations do not build schema.prisma: run `npm run db:migrate -- <name>`").toBe("");
  });

  if (provider === "postgresql") {
    it("is safe when three instances migrate at once", async () => {
      const names = await migrationNames(migrationsDir);

      // allSettled: every instance must be done before the database is dropped, even when one fails.
      const results = await Promise.allSettled(
        [1, 2, 3].map(() => applyMigrations({ provider, url: db.url, migrationsDir })),
      );

      expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
      const applied = results.flatMap((result) => (result.status === "fulfilled" ? result.value : []));
      expect(applied.sort()).toEqual(names);
      const rows = await query<MigrationRow>(db, "SELECT migration_name FROM _prisma_migrations");
      expect(rows).toHaveLength(names.length);
    });
  }

  if (provider === "sqlite") {
    /** A migrations folder in which a parent table with a cascading child is later rebuilt, as Prisma does it. */
    async function rebuildingMigrations(rebuild: string): Promise<string> {
      const dir = join(scratch, "rebuild");
      const create = [
        'CREATE TABLE "Parent" ("id" TEXT NOT NULL PRIMARY KEY, "note" TEXT);',
        'CREATE TABLE "Child" ("id" TEXT NOT NULL PRIMARY KEY, "parentId" TEXT NOT NULL,',
        '  FOREIGN KEY ("parentId") REFERENCES "Parent" ("id") ON DELETE CASCADE ON UPDATE CASCADE);',
        "INSERT INTO \"Parent\" VALUES ('p', NULL);",
        "INSERT INTO \"Child\" VALUES ('c', 'p');",
      ];
      for (const [name, sql] of [
        ["20000101000000_create", create.join("\n")],
        ["20000102000000_rebuild", rebuild],
      ]) {
        await mkdir(join(dir, name as string), { recursive: true });
        await writeFile(join(dir, name as string, "migration.sql"), sql as string);
      }
      return dir;
    }

    const redefineParent = [
      "PRAGMA defer_foreign_keys=ON;",
      "PRAGMA foreign_keys=OFF;",
      'CREATE TABLE "new_Parent" ("id" TEXT NOT NULL PRIMARY KEY, "note" TEXT NOT NULL DEFAULT \'\');',
      'INSERT INTO "new_Parent" ("id", "note") SELECT "id", coalesce("note", \'\') FROM "Parent";',
      'DROP TABLE "Parent";',
      'ALTER TABLE "new_Parent" RENAME TO "Parent";',
      "PRAGMA foreign_keys=ON;",
      "PRAGMA defer_foreign_keys=OFF;",
    ].join("\n");

    it("keeps the child rows when a migration rebuilds their parent table", async () => {
      // Inside a transaction SQLite ignores the migration's own PRAGMA foreign_keys=OFF, and dropping the
      // parent would then cascade-delete every child row.
      const dir = await rebuildingMigrations(redefineParent);

      await applyMigrations({ provider, url: db.url, migrationsDir: dir });

      expect(await query(db, 'SELECT "id", "parentId" FROM "Child"')).toEqual([{ id: "c", parentId: "p" }]);
    });

    it("rolls back a migration that leaves a dangling foreign key", async () => {
      const dir = await rebuildingMigrations(
        redefineParent.replace('DROP TABLE "Parent";', 'DELETE FROM "new_Parent";\nDROP TABLE "Parent";'),
      );

      await expect(applyMigrations({ provider, url: db.url, migrationsDir: dir })).rejects.toThrow(
        /20000102000000_rebuild failed and was rolled back: foreign key violations/,
      );
      expect(await query(db, 'SELECT "id" FROM "Parent"')).toEqual([{ id: "p" }]);
    });
  }

  it("refuses to run when an applied migration was edited", async () => {
    const copy = await copyOfMigrations();
    const [first] = (await migrationNames(copy)) as [string];
    await applyMigrations({ provider, url: db.url, migrationsDir: copy });

    await appendFile(join(copy, first, "migration.sql"), "\n-- edited after it was applied\n");

    await expect(applyMigrations({ provider, url: db.url, migrationsDir: copy })).rejects.toThrow(
      new RegExp(`edited after being applied.*${first}`),
    );
    const prismaView = await migrationHistory({ provider, databaseUrl: db.url, migrationsDir: copy });
    expect(prismaView.editedMigrationNames).toEqual([first]);
  });

  it("refuses to run while a migration is recorded as failed", async () => {
    await applyMigrations({ provider, url: db.url, migrationsDir });
    await query(
      db,
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, applied_steps_count) " +
        "VALUES ('00000000-0000-4000-8000-000000000000', 'x', '29990101000000_broken', 'syntax error', 0)",
    );

    await expect(applyMigrations({ provider, url: db.url, migrationsDir })).rejects.toThrow(
      /failed state[\s\S]*29990101000000_broken: syntax error/,
    );
  });

  it("rolls a failing migration back and records nothing", async () => {
    const copy = await copyOfMigrations();
    const broken = join(copy, "29990101000000_broken");
    await mkdir(broken);
    await writeFile(join(broken, "migration.sql"), 'CREATE TABLE "Half" ("id" INTEGER);\nTHIS IS NOT SQL;\n');

    await expect(applyMigrations({ provider, url: db.url, migrationsDir: copy })).rejects.toThrow(
      /migration 29990101000000_broken failed and was rolled back/,
    );

    const rows = await query<MigrationRow>(db, "SELECT migration_name FROM _prisma_migrations");
    expect(rows.map((row) => row.migration_name)).toEqual(await migrationNames(migrationsDir));
    await expect(query(db, 'SELECT * FROM "Half"')).rejects.toThrow(/Half/);
  });
});
