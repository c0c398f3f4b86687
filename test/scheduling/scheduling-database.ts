// A fresh, migrated database for the scheduling tests that need a real one.
import { join } from "node:path";
import { type Database, openDatabase } from "../../src/persistence/database.ts";
import { applyMigrations } from "../../src/persistence/migrations/migrator.ts";
import { createTestDatabase, type TestDatabase, type TestProvider } from "../support/test-database.ts";

const root = join(import.meta.dirname, "..", "..");

/** Creates an empty database of the provider, applies the migrations and opens it. */
export async function migratedDatabase(provider: TestProvider): Promise<{ test: TestDatabase; database: Database }> {
  const test = await createTestDatabase(provider);
  const migrationsDir = join(root, "prisma", provider === "sqlite" ? "migrations" : "migrations-postgres");
  await applyMigrations({ provider, url: test.url, migrationsDir });
  return { test, database: await openDatabase(test.url) };
}
