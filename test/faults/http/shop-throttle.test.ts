import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBrandApiKey } from "../../../src/app/cli/brand-api-key.ts";
import { FailedAuthThrottle } from "../../../src/app/http/failed-auth-throttle.ts";
import { startTestApp, type TestApp } from "../../support/test-app.ts";

const ATTEMPTS = 2_000;

/**
 * Guessing at the shops' endpoint: a flood of wrong API keys is slowed down with 429 and Retry-After, per address
 * and per brand, while a shop presenting its valid key is never held back.
 */
describe("failed authentications at the shop endpoint", () => {
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
    key = report.lines[0]!;
  }, 60_000);

  afterAll(async () => app?.dispose());

  const redeem = (apiKey: string) =>
    fetch(`http://127.0.0.1:${app.port}/offers/redeem`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ code: "ANYTHING" }),
    });

  it("answers 429 with Retry-After once an address failed too often, and still serves the valid key", async () => {
    const id = key.split("_")[1]!;
    const statuses = new Map<number, number>();
    const retryAfter = new Set<string | null>();
    for (let sent = 0; sent < ATTEMPTS; sent += 100) {
      const batch = await Promise.all(
        Array.from({ length: 100 }, (_, i) => redeem(`circolo_${id}_${String(sent + i).padStart(43, "A")}`)),
      );
      for (const response of batch) {
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 429) retryAfter.add(response.headers.get("retry-after"));
        await response.arrayBuffer();
      }
    }
    const valid = await redeem(key);
    console.log(
      `http surface: ${ATTEMPTS} wrong API keys from one address: ${statuses.get(401) ?? 0} × 401, ` +
        `${statuses.get(429) ?? 0} × 429 (Retry-After ${[...retryAfter].join(", ")} s); the valid key then answered ${valid.status}`,
    );
    expect(statuses.get(401)).toBe(20);
    expect(statuses.get(429)).toBe(ATTEMPTS - 20);
    for (const seconds of retryAfter) expect(Number(seconds)).toBeGreaterThanOrEqual(1);
    // The code is unknown (422), but the key was accepted: no 429 for the shop that holds it.
    expect(valid.status).toBe(422);
  }, 60_000);
});

describe("the failed-authentication throttle", () => {
  it("limits a brand's failures across addresses, and each address on its own", async () => {
    const throttle = new FailedAuthThrottle({ perAddress: 3, perBrand: 5, windowSeconds: 60 });
    const waits: (number | null)[] = [];
    for (let i = 0; i < 6; i++) waits.push(await throttle.failed(`10.0.0.${i}`, "acme"));
    expect(waits.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(waits[5]).toBeGreaterThanOrEqual(1);
    // Another brand and another address are not affected; an unknown key id counts for the address only.
    expect(await throttle.failed("10.0.1.1", "other")).toBeNull();
    for (let i = 0; i < 3; i++) expect(await throttle.failed("10.0.2.1", null)).toBeNull();
    expect(await throttle.failed("10.0.2.1", null)).toBeGreaterThanOrEqual(1);
  });
});
