import { describe, expect, it } from "vitest";
import { BrandApiKeys } from "../../../src/core/offers/brand-api-keys.ts";
import { checkOfferCode, importPublicKey } from "../../../src/core/offers/offer-keys.ts";
import { inMemoryOfferCore, type OfferCore } from "./support/offer-core.ts";

async function claimedCode(core: OfferCore, userId: string, options: Record<string, unknown> = {}) {
  const created = await core.createOffer({ title: "Free espresso", quantity: 5, ...options });
  if (created.outcome !== "ok" && created.outcome !== "error:INVALID_OFFER") throw new Error(created.outcome);
  const claimed = await core.press("of_c", 1, { userId });
  if (claimed.reply.type !== "message") throw new Error(claimed.outcome);
  const block = claimed.reply.view.blocks.find((b) => b.type === "code");
  if (block?.type !== "code") throw new Error("no code");
  return block.text;
}

describe("redeeming a code", () => {
  it("redeems once; a second redemption answers already redeemed with the first time", async () => {
    const core = inMemoryOfferCore();
    const code = await claimedCode(core, "m-1");
    const { brandId } = await core.community();
    const first = new Date("2026-11-30T12:00:00Z");
    const redeemed = await core.feature.redemption.redeem({ brandId, code, at: first });
    expect(redeemed).toEqual({
      status: "redeemed",
      redeemedAt: first,
      offer: { number: 1, title: "Free espresso", claim: 1 },
    });
    const typedAgain = code.toLowerCase().replaceAll("-", " ");
    const again = await core.feature.redemption.redeem({
      brandId,
      code: typedAgain,
      at: new Date("2026-11-30T13:00:00Z"),
    });
    expect(again).toEqual({
      status: "already_redeemed",
      redeemedAt: first,
      offer: redeemed.status === "redeemed" ? redeemed.offer : null,
    });
  });

  it("refuses an altered code, an expired code and a code of another brand, and redeems none of them", async () => {
    const core = inMemoryOfferCore();
    const code = await claimedCode(core, "m-1", { ends: "2d" });
    const { brandId } = await core.community();
    const altered = (code[0] === "A" ? "B" : "A") + code.slice(1);
    expect(await core.feature.redemption.redeem({ brandId, code: altered, at: core.clock.now() })).toEqual({
      status: "invalid",
    });
    await core.repositories.brands.create({ id: "other", name: "Other" });
    expect(await core.feature.redemption.redeem({ brandId: "other", code, at: core.clock.now() })).toEqual({
      status: "invalid",
    });
    const offer = (await core.repositories.offers.findByNumber((await core.community()).id, 1))!;
    expect(await core.feature.redemption.redeem({ brandId, code, at: offer.endsAt })).toEqual({
      status: "expired",
      expiredAt: offer.endsAt,
    });
    expect((await core.repositories.offers.stats(offer.id)).redeemed).toBe(0);
    const justBefore = new Date(offer.endsAt.getTime() - 1);
    expect((await core.feature.redemption.redeem({ brandId, code, at: justBefore })).status).toBe("redeemed");
  });

  it("redeems a pool code once, whatever its capitals, and refuses one nobody claimed", async () => {
    const core = inMemoryOfferCore();
    const code = await claimedCode(core, "m-1", { quantity: undefined, codes: "SPRING-1 SPRING-2" });
    expect(code).toBe("SPRING-1");
    const { brandId } = await core.community();
    const at = core.clock.now();
    expect((await core.feature.redemption.redeem({ brandId, code: " spring-1 ", at })).status).toBe("redeemed");
    expect((await core.feature.redemption.redeem({ brandId, code: "SPRING-1", at })).status).toBe("already_redeemed");
    expect(await core.feature.redemption.redeem({ brandId, code: "SPRING-2", at })).toEqual({ status: "invalid" });
  });

  it("records the redemption once, attributed only under the member's analytics consent", async () => {
    const core = inMemoryOfferCore();
    const community = await core.community();
    const consenting = await core.member(community, "m-1");
    await core.grant(community, consenting, "analytics");
    const code = await claimedCode(core, "m-1");
    const other = (await core.press("of_c", 1, { userId: "m-2" })).reply;
    const otherCode = other.type === "message" ? other.view.blocks.find((b) => b.type === "code") : undefined;
    const at = core.clock.now();
    await core.feature.redemption.redeem({ brandId: community.brandId, code, at });
    await core.feature.redemption.redeem({ brandId: community.brandId, code, at });
    await core.feature.redemption.redeem({
      brandId: community.brandId,
      code: otherCode?.type === "code" ? otherCode.text : "",
      at,
    });
    await core.engagement.flush();
    const redeems = core.repositories.store.events.filter((e) => e.kind === "redeem");
    expect(redeems.map((e) => e.memberId).sort()).toEqual([consenting.id, null].sort());
  });

  it("keeps an erased member's claim anonymous: counts stay, the link goes, the code still works", async () => {
    const core = inMemoryOfferCore();
    const code = await claimedCode(core, "m-1");
    const community = await core.community();
    const person = await core.member(community, "m-1");
    const offer = (await core.repositories.offers.findByNumber(community.id, 1))!;
    await core.repositories.members.delete(person.id);
    const claim = await core.repositories.offers.claimBySerial(offer.id, 1);
    expect(claim?.memberId).toBeNull();
    expect((await core.repositories.offers.stats(offer.id)).claimed).toBe(1);
    expect(
      (await core.feature.redemption.redeem({ brandId: community.brandId, code, at: core.clock.now() })).status,
    ).toBe("redeemed");
  });

  it("publishes the brand's public key, with which a code checks offline", async () => {
    const core = inMemoryOfferCore();
    const code = await claimedCode(core, "m-1");
    const { brandId } = await core.community();
    const key = (await core.feature.redemption.publicKey(brandId))!;
    expect(key.algorithm).toBe("Ed25519");
    expect(key.publicKeyPem).toContain("BEGIN PUBLIC KEY");
    for (const form of [key.publicKey, key.publicKeyPem]) {
      expect(checkOfferCode(code, importPublicKey(form), core.clock.now()).status).toBe("valid");
    }
    expect(await core.feature.redemption.publicKey("no-such-brand")).toBeNull();
  });
});

describe("brand API keys", () => {
  it("authenticate their own brand only with the exact key, and keep only a hash of the secret", async () => {
    const core = inMemoryOfferCore();
    await core.repositories.brands.create({ id: "acme", name: "Acme" });
    const keys = new BrandApiKeys(core.repositories.brandApiKeys);
    const { id, key } = await keys.create("acme", core.clock.now());
    expect(key).toMatch(/^circolo_[0-9A-Z]{12}_[A-Za-z0-9_-]{43}$/);
    expect(await keys.authenticate(key)).toBe("acme");
    const stored = (await core.repositories.brandApiKeys.get(id))!;
    expect(JSON.stringify(stored)).not.toContain(key.slice(-43));
    const wrongSecret = `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`;
    expect(await keys.authenticate(wrongSecret)).toBeNull();
    expect(await keys.authenticate(`circolo_${"Z".repeat(12)}_${key.slice(-43)}`)).toBeNull();
    expect(await keys.authenticate("not a key")).toBeNull();
  });
});
