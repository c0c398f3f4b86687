import { readdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBrandApiKey } from "../../../src/app/cli/brand-api-key.ts";
import { databaseUrl } from "../../../src/app/config.ts";
import { BrandApiKeys } from "../../../src/core/offers/brand-api-keys.ts";
import { startTestApp, type TestApp } from "../../support/test-app.ts";

/** Every comparison of secrets goes through here: counted, to prove the verification takes this path. */
const comparisons = vi.hoisted(() => ({ count: 0 }));
vi.mock("node:crypto", async (original) => {
  const crypto = await original<typeof import("node:crypto")>();
  return {
    ...crypto,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      comparisons.count += 1;
      return crypto.timingSafeEqual(a, b);
    },
  };
});

/**
 * The brands' redemption API keys: created by `circolo brand api-key`, kept only as a SHA-256 of their secret
 * (no plaintext anywhere in the database file), and verified with crypto.timingSafeEqual on every path, the
 * right key, a wrong secret and an unknown key id alike.
 */
describe("redemption API keys", () => {
  let app: TestApp;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp();
    await app.directory.ensure("telegram", "-100123", "Gelateria");
    const report = await createBrandApiKey({
      brandId: "default",
      at: new Date(),
      repositories: app.database.repositories,
    });
    expect(report.exitCode).toBe(0);
    key = report.lines[0]!;
    expect(key).toMatch(/^circolo_[0-9A-Z]{12}_[A-Za-z0-9_-]{43}$/);
  }, 60_000);

  afterAll(async () => app?.dispose());

  it("stores no plaintext key or key secret anywhere in the database file", async () => {
    const secret = key.slice("circolo_".length + 13);
    expect(secret).toHaveLength(43);
    const rows = await app.database.prisma.brandApiKey.findMany();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret);
    // The file itself, with its write-ahead log: no copy of the secret in any page.
    await app.database.prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(FULL)");
    const folder = dirname(databaseUrl(app.config).replace(/^file:/, ""));
    for (const file of readdirSync(folder)) {
      const bytes = readFileSync(`${folder}/${file}`);
      expect(bytes.includes(Buffer.from(secret)), file).toBe(false);
      expect(bytes.includes(Buffer.from(key)), file).toBe(false);
    }
  });

  it("verifies with crypto.timingSafeEqual for the right key, a wrong secret and an unknown id alike", async () => {
    const keys = new BrandApiKeys(app.database.repositories.brandApiKeys);
    const id = key.split("_")[1]!;
    const wrongSecret = `circolo_${id}_${"A".repeat(43)}`;
    const unknownId = `circolo_${"Z".repeat(12)}_${key.slice("circolo_".length + 13)}`;
    for (const [presented, brand] of [
      [key, "default"],
      [wrongSecret, null],
      [unknownId, null],
    ] as const) {
      const before = comparisons.count;
      expect(await keys.authenticate(presented)).toBe(brand);
      expect([presented.slice(0, 21), comparisons.count - before]).toEqual([presented.slice(0, 21), 1]);
    }
  });

  it("answers 401 on the redemption endpoint for a wrong key, after a constant-time comparison", async () => {
    const before = comparisons.count;
    const id = key.split("_")[1]!;
    const response = await fetch(`http://127.0.0.1:${app.port}/offers/redeem`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer circolo_${id}_${"B".repeat(43)}` },
      body: JSON.stringify({ code: "ANYTHING" }),
    });
    expect(response.status).toBe(401);
    expect(comparisons.count - before).toBe(1);
    console.log(
      "http surface: redemption API keys stored as SHA-256 only (0 plaintext copies in the database file), 3 of 3 verification paths through crypto.timingSafeEqual",
    );
  });
});
