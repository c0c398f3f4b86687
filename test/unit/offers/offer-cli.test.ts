import { describe, expect, it } from "vitest";
import { createBrandApiKey } from "../../../src/app/cli/brand-api-key.ts";
import { verifyWithDeployment, verifyWithPublicKey } from "../../../src/app/cli/offer-verify.ts";
import { OfferKeys } from "../../../src/core/offers/offer-keys.ts";
import { inMemoryOfferCore, offerSecret } from "./support/offer-core.ts";

async function claimed() {
  const core = inMemoryOfferCore();
  await core.createOffer({ title: "Free espresso", quantity: 3, ends: "2026-12-06 18:00" });
  const reply = (await core.press("of_c", 1, { userId: "m-1" })).reply;
  const block = reply.type === "message" ? reply.view.blocks.find((b) => b.type === "code") : null;
  return { core, code: block?.type === "code" ? block.text : "", community: await core.community() };
}

describe("circolo offer verify", () => {
  it("prints valid, the offer, the claim and the expiry, and whether the code was redeemed", async () => {
    const { core, code } = await claimed();
    const keys = new OfferKeys(offerSecret);
    const report = await verifyWithDeployment({ code, now: core.clock.now(), keys, repositories: core.repositories });
    expect(report).toEqual({
      status: "valid",
      lines: [
        "valid",
        "offer: 1 “Free espresso” (brand brand, community “Pasticceria”)",
        "redeemed: no",
        "claim: 1",
        "expires: 2026-12-06T17:00:00.000Z",
      ],
    });
  });

  it("prints expired from the expiry on, and invalid for an altered code or one signed with another secret", async () => {
    const { core, code } = await claimed();
    const keys = new OfferKeys(offerSecret);
    const at = new Date("2026-12-06T17:00:00Z");
    const repositories = core.repositories;
    expect((await verifyWithDeployment({ code, now: at, keys, repositories })).lines[0]).toBe("expired");
    const altered = `${code.slice(0, -1)}${code.endsWith("0") ? "1" : "0"}`;
    expect((await verifyWithDeployment({ code: altered, now: core.clock.now(), keys, repositories })).status).toBe(
      "invalid",
    );
    const impostor = new OfferKeys("an-impostor-secret-0123456789abcdefghijklm");
    expect((await verifyWithDeployment({ code, now: core.clock.now(), keys: impostor, repositories })).status).toBe(
      "invalid",
    );
  });

  it("checks offline with the public key alone", async () => {
    const { core, code, community } = await claimed();
    const key = (await core.feature.redemption.publicKey(community.brandId))!;
    const report = verifyWithPublicKey(code.toLowerCase(), key.publicKey, core.clock.now());
    expect(report.status).toBe("valid");
    expect(report.lines).toContain("claim: 1");
    expect(verifyWithPublicKey(code, key.publicKeyPem, new Date("2026-12-07T00:00:00Z")).status).toBe("expired");
  });
});

describe("circolo brand api-key", () => {
  it("prints a new key that authenticates the brand, and refuses an unknown brand naming the known ones", async () => {
    const { core, community } = await claimed();
    const created = await createBrandApiKey({
      brandId: community.brandId,
      at: core.clock.now(),
      repositories: core.repositories,
    });
    expect(created.exitCode).toBe(0);
    expect(await core.feature.apiKeys.authenticate(created.lines[0]!)).toBe(community.brandId);
    const unknown = await createBrandApiKey({ brandId: "nope", at: core.clock.now(), repositories: core.repositories });
    expect(unknown).toEqual({ exitCode: 1, lines: [], errors: ['no brand "nope"; brands here: brand'] });
  });
});
