// Runs every repository contract against each implementation: in memory, SQLite, and PostgreSQL when
// TEST_DATABASE_URL names a server. Each suite gets a fresh, migrated database of its own.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createPrismaRepositories, type Database, openDatabase, providerOf } from "../../src/persistence/database.ts";
import type { DatabaseClient } from "../../src/persistence/database-client.ts";
import { applyMigrations } from "../../src/persistence/migrations/migrator.ts";
import { HealthCheckPrisma } from "../../src/persistence/repositories/health.repository.ts";
import { createInMemoryRepositories } from "../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import type { InMemoryStore } from "../../src/persistence/repositories/in-memory/in-memory-store.ts";
import { createTestDatabase, type TestProvider, testProviders } from "../support/test-database.ts";
import { describeBrandContract } from "./brand.contract.ts";
import { describeCommunityContract } from "./community.contract.ts";
import { describeConsentContract } from "./consent.contract.ts";
import { batches, describeEngagementContract, randomEvents, recount, storedRollups } from "./engagement.contract.ts";
import { type MakeRepositories, type StorageProbe, seedCommunity, seedMember } from "./harness.ts";
import { describeHealthContract } from "./health.contract.ts";
import { describeMemberContract } from "./member.contract.ts";
import { describePrivacyContract } from "./privacy.contract.ts";
import { describeProcessedUpdateContract } from "./processed-update.contract.ts";
import { describeSystemSettingContract } from "./system-setting.contract.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const migrationsDirs: Record<TestProvider, string> = {
  sqlite: join(root, "prisma", "migrations"),
  postgresql: join(root, "prisma", "migrations-postgres"),
};

const inMemory: MakeRepositories = async () => {
  const repositories = createInMemoryRepositories();
  return {
    repositories,
    probe: inMemoryProbe(repositories.store),
    connectAgain: async () => createInMemoryRepositories(repositories.store),
    close: async () => {},
  };
};

function inMemoryProbe(store: InMemoryStore): StorageProbe {
  const of = <T extends { communityId: string }>(rows: Iterable<T>, communityId: string) =>
    [...rows].filter((row) => row.communityId === communityId).map((row) => ({ ...row }));
  return {
    events: async (communityId) => of(store.events, communityId).map(({ id: _, ...event }) => event),
    dailyRollups: async (communityId) => of(store.dailyRollups.values(), communityId),
    hourlyRollups: async (communityId) => of(store.hourlyRollups.values(), communityId),
    memberActivity: async (communityId) => of(store.memberActivity.values(), communityId),
    consentRows: async (communityId) => of(store.consents, communityId).map(({ id: _, ...row }) => row),
    overwriteSettings: async (communityId, settings) => {
      const community = store.communities.get(communityId);
      if (!community) throw new Error(`no community ${communityId}`);
      store.communities.set(communityId, { ...community, settings: settings as typeof community.settings });
    },
  };
}

function onDatabase(provider: TestProvider): MakeRepositories {
  return async () => {
    const testDatabase = await createTestDatabase(provider);
    await applyMigrations({ provider, url: testDatabase.url, migrationsDir: migrationsDirs[provider] });
    const database = await openDatabase(testDatabase.url);
    const others: Database[] = [];
    return {
      repositories: database.repositories,
      probe: prismaProbe(database.prisma),
      connectAgain: async () => {
        // better-sqlite3 waits for a lock synchronously, blocking the event loop the lock holder needs to
        // commit: two connections to one file in one process stall each other until busy_timeout. Another
        // process is what another connection means for SQLite, so in-process "instances" share the connection.
        if (provider === "sqlite") return createPrismaRepositories(database.prisma);
        const other = await openDatabase(testDatabase.url);
        others.push(other);
        return other.repositories;
      },
      close: async () => {
        for (const open of [...others, database]) await open.close();
        await testDatabase.drop();
      },
    };
  };
}

function prismaProbe(prisma: DatabaseClient): StorageProbe {
  return {
    events: (communityId) =>
      prisma.engagementEvent.findMany({
        where: { communityId },
        orderBy: { id: "asc" },
        omit: { id: true },
      }),
    dailyRollups: (communityId) => prisma.dailyRollup.findMany({ where: { communityId } }),
    hourlyRollups: (communityId) => prisma.hourlyRollup.findMany({ where: { communityId } }),
    memberActivity: (communityId) => prisma.memberActivityDay.findMany({ where: { communityId } }),
    consentRows: (communityId) =>
      prisma.consentGrant.findMany({ where: { communityId }, orderBy: { id: "asc" }, omit: { id: true } }),
    overwriteSettings: async (communityId, settings) => {
      await prisma.community.update({ where: { id: communityId }, data: { settings: settings as object } });
    },
  };
}

const implementations: [string, MakeRepositories][] = [
  ["in-memory", inMemory],
  ...testProviders().map((provider): [string, MakeRepositories] => [provider, onDatabase(provider)]),
];

describe.each(implementations)("%s repositories", (_name, makeRepos) => {
  describeBrandContract(makeRepos);
  describeCommunityContract(makeRepos);
  describeMemberContract(makeRepos);
  describeConsentContract(makeRepos);
  describeEngagementContract(makeRepos);
  describeProcessedUpdateContract(makeRepos);
  describeSystemSettingContract(makeRepos);
  describeHealthContract(makeRepos);
  describePrivacyContract(makeRepos);
});

describe("database health check", () => {
  it("reports the database down when SELECT 1 fails", async () => {
    const failing = { $queryRaw: () => Promise.reject(new Error("connection refused")) };
    expect(await new HealthCheckPrisma(failing as unknown as DatabaseClient).ping()).toBe(false);
  });

  it("reports the database down when SELECT 1 does not answer in time", async () => {
    const hanging = { $queryRaw: () => new Promise<never>(() => {}) };
    const started = performance.now();
    expect(await new HealthCheckPrisma(hanging as unknown as DatabaseClient, 50).ping()).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("openDatabase", () => {
  it("tells the provider from the url", () => {
    expect(providerOf("postgres://u@h/db")).toBe("postgresql");
    expect(providerOf("postgresql://u@h/db")).toBe("postgresql");
    expect(providerOf("file:./data/circolo.db")).toBe("sqlite");
    expect(providerOf("/var/lib/circolo/circolo.db")).toBe("sqlite");
  });

  it("opens SQLite in WAL mode with foreign keys on, creating the file's folder", async () => {
    const folder = await mkdtemp(join(tmpdir(), "circolo-open-"));
    try {
      const database = await openDatabase(`file:${join(folder, "nested", "deeper", "circolo.db")}`);
      const pragmas = async () => ({
        journal: await database.prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode"),
        foreignKeys: await database.prisma.$queryRawUnsafe<{ foreign_keys: bigint }[]>("PRAGMA foreign_keys"),
        synchronous: await database.prisma.$queryRawUnsafe<{ synchronous: bigint }[]>("PRAGMA synchronous"),
        busyTimeout: await database.prisma.$queryRawUnsafe<{ timeout: bigint }[]>("PRAGMA busy_timeout"),
      });
      const expected = {
        journal: [{ journal_mode: "wal" }],
        foreignKeys: [{ foreign_keys: 1n }],
        synchronous: [{ synchronous: 1n }],
        busyTimeout: [{ timeout: 5000n }],
      };
      expect(database.provider).toBe("sqlite");
      expect(await pragmas()).toEqual(expected);
      await database.close();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("refuses to open a PostgreSQL url whose server does not answer", async () => {
    await expect(openDatabase("postgres://postgres@127.0.0.1:1/circolo")).rejects.toThrow();
  });
});

describe("one SQLite file shared by two processes", () => {
  /** Starts the writer process; resolves `ready` once it has the file open, `done` with what it inserted. */
  function startWriter(url: string, rows: unknown[][]): { ready: Promise<void>; done: Promise<number> } {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(root, "test", "contract", "sqlite-writer.fixture.ts")],
      {
        cwd: root,
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    let output = "";
    let signalReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      signalReady = resolve;
    });
    child.stdout.on("data", (data: Buffer) => {
      output += data.toString("utf8");
      if (output.startsWith("ready\n")) signalReady();
    });
    const done = new Promise<number>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (code) => {
        signalReady();
        if (code !== 0) reject(new Error(`writer process exited with ${code}: ${output}`));
        else resolve((JSON.parse(output.split("\n")[1] ?? "") as { inserted: number }).inserted);
      });
    });
    child.stdin.end(JSON.stringify({ url, batches: rows }));
    return { ready, done };
  }

  it("keeps the rollups exact when another process writes overlapping batches at the same time", async () => {
    const testDatabase = await createTestDatabase("sqlite");
    try {
      await applyMigrations({ provider: "sqlite", url: testDatabase.url, migrationsDir: migrationsDirs.sqlite });
      const database = await openDatabase(testDatabase.url);
      try {
        const community = await seedCommunity(database.repositories);
        const members = await Promise.all(
          Array.from({ length: 5 }, () => seedMember(database.repositories, community.id)),
        );
        const rows = randomEvents(community, members, 6_000, 11);
        const writer = startWriter(testDatabase.url, batches([...rows].reverse(), 300));
        await writer.ready;
        let inserted = 0;
        for (const batch of batches(rows, 250)) inserted += await database.repositories.engagement.writeBatch(batch);
        inserted += await writer.done;

        const probe = prismaProbe(database.prisma);
        const events = await probe.events(community.id);
        const keyless = rows.filter((row) => row.dedupeKey === null).length;
        const keyed = new Set(rows.map((row) => row.dedupeKey).filter((key) => key !== null)).size;
        expect(events).toHaveLength(2 * keyless + keyed);
        expect(inserted).toBe(events.length);
        expect(await storedRollups(probe, community.id)).toEqual(recount(community, events));
      } finally {
        await database.close();
      }
    } finally {
      await testDatabase.drop();
    }
  });
});
