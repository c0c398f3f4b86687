// The SQLite hot path writes with better-sqlite3 on the connection under Prisma's adapter. The contract suites
// (test/contract) check what it writes; these check how it shares that connection with Prisma.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrationsDir } from "../../src/app/app.ts";
import { type Database, openDatabase } from "../../src/persistence/database.ts";
import { applyMigrations } from "../../src/persistence/migrations/migrator.ts";
import { EngagementRepositoryPrisma } from "../../src/persistence/repositories/engagement.repository.ts";
import { EngagementRepositorySqlite } from "../../src/persistence/repositories/engagement-sqlite.repository.ts";
import { dedupeKey, eventRow, seedCommunity, seedMember } from "../contract/harness.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

describe("engagement writes on SQLite", () => {
  let testDatabase: TestDatabase;
  let database: Database;

  beforeEach(async () => {
    testDatabase = await createTestDatabase("sqlite");
    await applyMigrations({ provider: "sqlite", url: testDatabase.url, migrationsDir: migrationsDir("sqlite") });
    database = await openDatabase(testDatabase.url);
  });

  afterEach(async () => {
    await database.close();
    await testDatabase.drop();
  });

  it("go through better-sqlite3 on Prisma's own connection", () => {
    expect(database.repositories.engagement).toBeInstanceOf(EngagementRepositorySqlite);
  });

  it("store instants as the same text Prisma's adapter writes, so range queries compare them alike", async () => {
    const community = await seedCommunity(database.repositories);
    const at = new Date("2026-03-01T10:15:30.250Z");
    await database.repositories.engagement.writeBatch([eventRow(community, { at, kind: "vote" })]);
    await new EngagementRepositoryPrisma(database.prisma).writeBatch([eventRow(community, { at, kind: "claim" })]);
    const stored = async (table: string, column: string) =>
      database.prisma.$queryRawUnsafe<{ kind: string; text: string }[]>(
        `SELECT "kind" AS kind, CAST("${column}" AS TEXT) AS text FROM "${table}" ORDER BY "kind"`,
      );
    const events = await stored("EngagementEvent", "at");
    const hours = await stored("HourlyRollup", "hour");
    expect(events.map((e) => e.text)).toEqual(["2026-03-01T10:15:30.250+00:00", "2026-03-01T10:15:30.250+00:00"]);
    expect(hours.map((h) => h.text)).toEqual(["2026-03-01T10:00:00.000+00:00", "2026-03-01T10:00:00.000+00:00"]);
  });

  it("wait for a Prisma transaction open on the connection instead of joining it", async () => {
    const community = await seedCommunity(database.repositories);
    const member = await seedMember(database.repositories, community.id);
    let written = false;
    const rolledBack = database.prisma.$transaction(async (tx) => {
      await tx.systemSetting.create({ data: { key: "doomed", value: "1" } });
      const write = database.repositories.engagement
        .writeBatch([eventRow(community, { at: new Date(), memberId: member.id, dedupeKey: dedupeKey() })])
        .then(() => {
          written = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(written).toBe(false);
      void write;
      throw new Error("roll back");
    });
    await expect(rolledBack).rejects.toThrow("roll back");
    await expect.poll(() => written).toBe(true);
    expect(await database.prisma.systemSetting.findUnique({ where: { key: "doomed" } })).toBeNull();
    expect(await database.prisma.engagementEvent.count({ where: { communityId: community.id } })).toBe(1);
    expect(await database.prisma.memberActivityDay.count({ where: { communityId: community.id } })).toBe(1);
  });

  it("leave the connection usable after a batch that failed", async () => {
    const community = await seedCommunity(database.repositories);
    const failing = [
      eventRow(community, { at: new Date() }),
      eventRow(community, { at: new Date(), memberId: "nobody" }),
    ];
    await expect(database.repositories.engagement.writeBatch(failing)).rejects.toThrow(/FOREIGN KEY/);
    expect(await database.repositories.engagement.writeBatch([eventRow(community, { at: new Date() })])).toBe(1);
    expect(await database.prisma.engagementEvent.count()).toBe(1);
  });
});
