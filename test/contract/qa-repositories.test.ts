// Runs the Q&A repository contract against each implementation: in memory, SQLite, and PostgreSQL when
// TEST_DATABASE_URL names a server. Each implementation gets one fresh, migrated database for the suite;
// every test seeds a community of its own.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe } from "vitest";
import type { Repositories } from "../../src/core/ports/repositories.port.ts";
import { type Database, openDatabase } from "../../src/persistence/database.ts";
import { applyMigrations } from "../../src/persistence/migrations/migrator.ts";
import { createInMemoryRepositories } from "../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { createTestDatabase, type TestDatabase, testProviders } from "../support/test-database.ts";
import { describeQaContract } from "./qa.contract.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("in-memory Q&A repository", () => {
  const repositories = createInMemoryRepositories();
  describeQaContract(() => repositories);
});

describe.each(testProviders())("%s Q&A repository", (provider) => {
  let testDatabase: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDatabase = await createTestDatabase(provider);
    const migrationsDir = join(root, "prisma", provider === "sqlite" ? "migrations" : "migrations-postgres");
    await applyMigrations({ provider, url: testDatabase.url, migrationsDir });
    database = await openDatabase(testDatabase.url);
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });
  describeQaContract((): Repositories => database.repositories);
});
