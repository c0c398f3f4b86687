import { afterEach, describe, expect, it } from "vitest";
import { AppMetrics } from "../../../src/app/http/metrics.ts";
import { registerOfferRoutes } from "../../../src/app/http/offers.routes.ts";
import { createHttpServer } from "../../../src/app/http/server.ts";
import { silentLogger } from "../../../src/core/ports/logger.port.ts";
import { inMemoryOfferCore } from "./support/offer-core.ts";

describe("the shop endpoints", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  /** The HTTP server with the offer routes, a claimed code and an API key of the code's brand. */
  async function shop() {
    const core = inMemoryOfferCore();
    const app = createHttpServer({
      health: { ping: async () => true },
      metrics: new AppMetrics({ processMetrics: false }),
      logger: silentLogger,
    });
    registerOfferRoutes(app, { feature: core.feature, clock: core.clock, logger: silentLogger });
    close = () => app.close();
    await core.createOffer({ title: "Free espresso", quantity: 3, ends: "2d" });
    const claimed = await core.press("of_c", 1, { userId: "m-1" });
    const block = claimed.reply.type === "message" ? claimed.reply.view.blocks.find((b) => b.type === "code") : null;
    const code = block?.type === "code" ? block.text : "";
    const { brandId } = await core.community();
    const { key } = await core.feature.apiKeys.create(brandId, core.clock.now());
    const redeem = (payload: unknown, authorization = `Bearer ${key}`) =>
      app.inject({ method: "POST", url: "/offers/redeem", headers: { authorization }, payload: payload as object });
    return { core, app, code, brandId, key, redeem };
  }

  it("publishes a brand's public key, and answers 404 for an unknown brand", async () => {
    const { app, brandId } = await shop();
    const published = await app.inject({ url: `/offers/public-key?brand=${brandId}` });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({
      ok: true,
      brandId,
      algorithm: "Ed25519",
      codeFormat: "circolo-offer-code/v1",
    });
    expect(published.json().publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await app.inject({ url: "/offers/public-key?brand=nobody" })).statusCode).toBe(404);
  });

  it("gives the default brand's key when no brand is named", async () => {
    const { core, app } = await shop();
    expect((await app.inject({ url: "/offers/public-key" })).statusCode).toBe(404);
    await core.repositories.brands.create({ id: "default", name: "My brand" });
    expect((await app.inject({ url: "/offers/public-key" })).json()).toMatchObject({ brandId: "default" });
  });

  it("redeems a code with 200, then answers 409 with the first redemption's time", async () => {
    const { core, code, redeem } = await shop();
    const first = await redeem({ code });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      ok: true,
      status: "redeemed",
      redeemedAt: core.clock.now().toISOString(),
      offer: { number: 1, title: "Free espresso", claim: 1 },
    });
    core.clock.current = new Date(core.clock.current.getTime() + 60_000);
    const second = await redeem({ code });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ ok: false, status: "already_redeemed", redeemedAt: first.json().redeemedAt });
  });

  it("refuses an altered or expired code with 422 and redeems nothing", async () => {
    const { core, code, redeem } = await shop();
    const altered = `${code.slice(0, 5)}${code[5] === "0" ? "1" : "0"}${code.slice(6)}`;
    expect((await redeem({ code: altered })).json()).toEqual({ ok: false, status: "invalid" });
    core.clock.current = new Date(core.clock.current.getTime() + 2 * 86_400_000);
    const expired = await redeem({ code });
    expect(expired.statusCode).toBe(422);
    expect(expired.json()).toMatchObject({ ok: false, status: "expired" });
    const offer = (await core.repositories.offers.findByNumber((await core.community()).id, 1))!;
    expect((await core.repositories.offers.stats(offer.id)).redeemed).toBe(0);
  });

  it("answers 401 without a valid API key of a brand, and 400 without a code", async () => {
    const { code, key, redeem } = await shop();
    expect((await redeem({ code }, "")).statusCode).toBe(401);
    expect((await redeem({ code }, `Bearer ${key.slice(0, -2)}xx`)).statusCode).toBe(401);
    expect((await redeem({ code }, key)).statusCode).toBe(401);
    const missing = await redeem({ coupon: code });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ ok: false, error: "bad request", problem: "code" });
  });

  it("treats a code of another brand as invalid for this brand's key", async () => {
    const { core, code, app } = await shop();
    await core.repositories.brands.create({ id: "rival", name: "Rival" });
    const { key } = await core.feature.apiKeys.create("rival", core.clock.now());
    const response = await app.inject({
      method: "POST",
      url: "/offers/redeem",
      headers: { authorization: `Bearer ${key}` },
      payload: { code },
    });
    expect(response.json()).toEqual({ ok: false, status: "invalid" });
  });
});
