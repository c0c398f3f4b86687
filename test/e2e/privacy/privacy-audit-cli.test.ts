// `circolo privacy audit` as an operator runs it: a real process on a SQLite file in a temporary folder.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCommunitySettings } from "../../../src/core/domain/community.ts";
import { openDatabase } from "../../../src/persistence/database.ts";
import { applyMigrations } from "../../../src/persistence/migrations/migrator.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const cli = join(root, "src", "app", "cli", "main.ts");
const run = promisify(execFile);

describe("circolo privacy audit", () => {
  let dataDir = "";
  let url = "";
  let env: NodeJS.ProcessEnv = {};

  async function circolo(...args: string[]) {
    try {
      const { stdout } = await run(tsx, [cli, ...args], { cwd: dataDir, env });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, stdout: failed.stdout };
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "circolo-privacy-cli-"));
    url = `file:${join(dataDir, "circolo.db")}`;
    env = {
      ...process.env,
      CIRCOLO_DATA_DIR: dataDir,
      DATABASE_URL: url,
      CIRCOLO_SECRET: "privacy-cli-test-secret-0123456789abcdef",
      LOG_LEVEL: "silent",
      RETENTION_DAYS: "30",
    };
    await applyMigrations({ provider: "sqlite", url, migrationsDir: join(root, "prisma", "migrations") });
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("passes on a clean database and fails, naming the rule, once a row is past retention", async () => {
    const clean = await circolo("privacy", "audit");
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/retention 30 days/);
    expect(clean.stdout).toMatch(/tables: \d+ \(\d+ person-linked, \d+ person-free, 0 unclassified\)/);
    expect(clean.stdout).toContain("ok    EngagementEvent: no raw event older than the retention period");
    expect(clean.stdout.trim().split("\n").at(-1)).toBe("passed: no violation");

    const database = await openDatabase(url);
    try {
      const { repositories } = database;
      await repositories.brands.create({ id: "brand", name: "Brand" });
      const community = await repositories.communities.upsertByPlatformId({
        id: "community",
        brandId: "brand",
        platform: "telegram",
        platformId: "-100123",
        title: "Old",
        timeZone: "UTC",
        locale: "en",
        settings: defaultCommunitySettings(),
      });
      const old = new Date(Date.now() - 40 * 86_400_000);
      await repositories.engagement.writeBatch([
        {
          communityId: community.id,
          campaignId: null,
          kind: "command",
          at: old,
          memberId: null,
          dedupeKey: null,
          day: old.toISOString().slice(0, 10),
          hour: new Date(Math.floor(old.getTime() / 3_600_000) * 3_600_000),
        },
      ]);
    } finally {
      await database.close();
    }
    const failing = await circolo("privacy", "audit");
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(
      "FAIL  EngagementEvent: no raw event older than the retention period (1 violating)",
    );
    expect(failing.stdout.trim().split("\n").at(-1)).toBe("failed: 1 violation");
  }, 120_000);
});
