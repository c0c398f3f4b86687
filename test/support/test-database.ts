// Throwaway databases for tests: a SQLite file in its own temp folder, or a PostgreSQL database created on
// the server named by TEST_DATABASE_URL. Each test gets a fresh one and drops it afterwards.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export type TestProvider = "sqlite" | "postgresql";

export interface TestDatabase {
  url: string;
  provider: TestProvider;
  /** Removes the file and its folder, or drops the database even if connections are still open. */
  drop(): Promise<void>;
}

/** The providers to run database tests on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testProviders(): TestProvider[] {
  return process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];
}

/** Creates an empty database for one test. */
export async function createTestDatabase(provider: TestProvider): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const folder = await mkdtemp(join(tmpdir(), "circolo-test-"));
    return {
      url: `file:${join(folder, "test.db")}`,
      provider,
      drop: () => rm(folder, { recursive: true, force: true }),
    };
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set: no PostgreSQL server to create a test database on");
  const name = `circolo_test_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    provider,
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
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
