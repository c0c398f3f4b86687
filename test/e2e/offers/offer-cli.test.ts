// The `circolo` command line as an operator runs it: a real process, on a SQLite file in a temporary folder.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describePublicKey, OfferKeys } from "../../../src/core/offers/offer-keys.ts";
import { openDatabase } from "../../../src/persistence/database.ts";
import { applyMigrations } from "../../../src/persistence/migrations/migrator.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const cli = join(root, "src", "app", "cli", "main.ts");
const secret = "offer-cli-test-secret-0123456789abcdefghijkl";
const run = promisify(execFile);

describe("the circolo command line for offers", () => {
  let dataDir = "";
  let env: NodeJS.ProcessEnv = {};
  const code = new OfferKeys(secret).issue("default", {
    offerRef: "ABCD2345",
    serial: 4,
    expiresAt: new Date("2099-01-01T00:00:00Z"),
  });

  /** Runs the CLI; resolves with its exit code and output whatever the code. */
  async function circolo(...args: string[]) {
    try {
      const { stdout, stderr } = await run(tsx, [cli, ...args], { cwd: dataDir, env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "circolo-offer-cli-"));
    const url = `file:${join(dataDir, "circolo.db")}`;
    env = { ...process.env, CIRCOLO_DATA_DIR: dataDir, DATABASE_URL: url, CIRCOLO_SECRET: secret, LOG_LEVEL: "silent" };
    await applyMigrations({ provider: "sqlite", url, migrationsDir: join(root, "prisma", "migrations") });
    const database = await openDatabase(url);
    await database.repositories.brands.create({ id: "default", name: "Default" });
    await database.close();
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("verifies a code offline with --public-key: valid exits 0, an altered code prints invalid and exits 1", async () => {
    const key = describePublicKey("default", new OfferKeys(secret).publicKeyOf("default")).publicKey;
    const valid = await circolo("offer", "verify", code.toLowerCase(), "--public-key", key);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain("valid\noffer reference: ABCD2345\nclaim: 4");
    const altered = `${code.slice(0, -1)}${code.endsWith("0") ? "1" : "0"}`;
    const invalid = await circolo("offer", "verify", altered, "--public-key", key);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout.trim()).toBe("invalid");
  }, 120_000);

  it("verifies with the deployment's own key when the brand is named, and creates a brand API key once", async () => {
    const verified = await circolo("offer", "verify", code, "--brand", "default");
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain("valid\nbrand: default\nclaim: 4");
    const created = await circolo("brand", "api-key", "--brand", "default");
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^circolo_[0-9A-Z]{12}_[A-Za-z0-9_-]{43}\n/);
    const unknown = await circolo("brand", "api-key", "--brand", "nobody");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no brand "nobody"; brands here: default');
  }, 120_000);
});
