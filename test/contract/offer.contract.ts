import { expect, it } from "vitest";
import type { Offer } from "../../src/core/offers/offer.ts";
import { seedCommunity, seedMember } from "./harness.ts";
import { type MakeOfferHarness, newOffer, type OfferHarness } from "./offer-harness.ts";

const at = new Date("2026-11-30T10:00:00Z");
const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);

/** Runs a test on a fresh harness and closes it whatever happens. */
function withHarness(make: MakeOfferHarness, test: (harness: OfferHarness) => Promise<void>) {
  return async () => {
    const harness = await make();
    try {
      await test(harness);
    } finally {
      await harness.close();
    }
  };
}

/** An offer stored and opened at `at`. */
async function liveOffer(harness: OfferHarness, overrides: Parameters<typeof newOffer>[1] = {}) {
  const { repositories } = harness;
  const community = await seedCommunity(repositories);
  const created = await repositories.offers.create(newOffer(community, overrides));
  if ("codesInUse" in created) throw new Error("pool codes in use");
  const offer = (await repositories.offers.open(created.id, at, 7, null))!;
  return { community, offer };
}

/** The repository contract of offers, claims, codes, messages and API keys. */
export function describeOfferContract(make: MakeOfferHarness): void {
  it(
    "stores an offer scheduled under the community's next number, and opens it once with its reach",
    withHarness(make, async ({ repositories }) => {
      const community = await seedCommunity(repositories);
      const first = await repositories.offers.create(newOffer(community));
      const second = await repositories.offers.create(newOffer(community));
      expect([(first as Offer).number, (second as Offer).number]).toEqual([1, 2]);
      expect((first as Offer).state).toBe("scheduled");
      const member = await seedMember(repositories, community.id);
      const opened = await repositories.offers.open((first as Offer).id, at, 12, [member.id]);
      expect(opened).toMatchObject({ state: "live", reach: 12, claimed: 0 });
      expect(await repositories.offers.open((first as Offer).id, at, 12, null)).toBeNull();
      expect(await repositories.offers.inAudience((first as Offer).id, member.id)).toBe(true);
      expect(await repositories.offers.inAudience((second as Offer).id, member.id)).toBe(false);
      expect((await repositories.offers.findByRef((first as Offer).ref))?.id).toBe((first as Offer).id);
      expect((await repositories.offers.list(community.id, 10)).map((o) => o.number)).toEqual([2, 1]);
    }),
  );

  it(
    "refuses pool codes another offer of the brand holds, and accepts them in another brand",
    withHarness(make, async ({ repositories }) => {
      const community = await seedCommunity(repositories);
      await repositories.offers.create(newOffer(community, { codeSource: "pool", quantity: 2, pool: ["A1", "B2"] }));
      const clash = await repositories.offers.create(
        newOffer(community, { codeSource: "pool", quantity: 2, pool: ["B2", "C3"] }),
      );
      expect(clash).toEqual({ codesInUse: ["B2"] });
      expect(await repositories.offers.list(community.id, 10)).toHaveLength(1);
      const elsewhere = await seedCommunity(repositories);
      const fine = await repositories.offers.create(
        newOffer(elsewhere, { codeSource: "pool", quantity: 2, pool: ["B2", "C3"] }),
      );
      expect("codesInUse" in fine).toBe(false);
    }),
  );

  it(
    "hands out serials 1..quantity, then all claimed; a member over the limit keeps their claims and gets none",
    withHarness(make, async (harness) => {
      const { repositories } = harness;
      const { community, offer } = await liveOffer(harness, { quantity: 3, perMember: 2 });
      const [ada, bea, cy] = await Promise.all([1, 2, 3].map(() => seedMember(repositories, community.id)));
      const claim = (memberId: string, minute: number) =>
        repositories.offers.claim({ offerId: offer.id, memberId, at: later(minute) });
      const first = await claim(ada!.id, 1);
      expect(first).toMatchObject({ kind: "claimed", claim: { serial: 1, memberId: ada!.id }, offer: { claimed: 1 } });
      expect(await claim(ada!.id, 2)).toMatchObject({ kind: "claimed", claim: { serial: 2 } });
      const over = await claim(ada!.id, 3);
      expect(over.kind).toBe("limit_reached");
      expect(over.kind === "limit_reached" && over.claims.map((c) => c.serial)).toEqual([1, 2]);
      expect(await claim(bea!.id, 4)).toMatchObject({ kind: "claimed", claim: { serial: 3 } });
      expect(await claim(cy!.id, 5)).toEqual({ kind: "all_claimed" });
      expect((await repositories.offers.get(offer.id))?.claimed).toBe(3);
      expect((await repositories.offers.claimsOf(offer.id, ada!.id)).map((c) => c.serial)).toEqual([1, 2]);
    }),
  );

  it(
    "refuses claims before the start, from the end on, and once closed; closing twice changes nothing",
    withHarness(make, async (harness) => {
      const { repositories } = harness;
      const { community, offer } = await liveOffer(harness);
      const member = await seedMember(repositories, community.id);
      const claim = (when: Date) => repositories.offers.claim({ offerId: offer.id, memberId: member.id, at: when });
      expect(await claim(new Date(at.getTime() - 1))).toEqual({ kind: "closed" });
      expect(await claim(offer.endsAt)).toEqual({ kind: "closed" });
      expect((await claim(new Date(offer.endsAt.getTime() - 1))).kind).toBe("claimed");
      const closed = await repositories.offers.close(offer.id, later(10));
      expect(closed).toMatchObject({ changed: true, offer: { state: "closed" } });
      expect(closed?.offer.closedAt?.getTime()).toBe(later(10).getTime());
      expect((await repositories.offers.close(offer.id, later(20)))?.changed).toBe(false);
      expect(await claim(later(30))).toEqual({ kind: "closed" });
      expect(await repositories.offers.close("no-such-offer", later(30))).toBeNull();
    }),
  );

  it(
    "hands pool codes out slot by slot and finds a claim by its pool code",
    withHarness(make, async (harness) => {
      const { repositories } = harness;
      const { community, offer } = await liveOffer(harness, {
        codeSource: "pool",
        quantity: 2,
        pool: ["SPRING-1", "SPRING-2"],
      });
      const member = await seedMember(repositories, community.id);
      const claimed = await repositories.offers.claim({ offerId: offer.id, memberId: member.id, at: later(1) });
      expect(claimed.kind === "claimed" && claimed.claim.poolCode).toBe("SPRING-1");
      expect((await repositories.offers.claimsOf(offer.id, member.id))[0]?.poolCode).toBe("SPRING-1");
      const found = await repositories.offers.claimByPoolCode(community.brandId, "SPRING-1");
      expect(found?.offer.id).toBe(offer.id);
      expect(found?.claim.serial).toBe(1);
      expect(await repositories.offers.claimByPoolCode(community.brandId, "SPRING-2")).toBeNull();
      expect(await repositories.offers.claimByPoolCode("another-brand", "SPRING-1")).toBeNull();
    }),
  );

  it(
    "redeems a claim exactly once and keeps the first redemption's time",
    withHarness(make, async (harness) => {
      const { repositories } = harness;
      const { community, offer } = await liveOffer(harness);
      const member = await seedMember(repositories, community.id);
      await repositories.offers.claim({ offerId: offer.id, memberId: member.id, at: later(1) });
      const first = await repositories.offers.redeem(offer.id, 1, later(90));
      expect(first).toMatchObject({ kind: "redeemed", claim: { serial: 1 } });
      expect(first.kind === "redeemed" && first.claim.redeemedAt?.getTime()).toBe(later(90).getTime());
      const second = await repositories.offers.redeem(offer.id, 1, later(120));
      expect(second.kind).toBe("already_redeemed");
      expect(second.kind === "already_redeemed" && second.claim.redeemedAt?.getTime()).toBe(later(90).getTime());
      expect(await repositories.offers.redeem(offer.id, 2, later(120))).toEqual({ kind: "not_found" });
      expect(await repositories.offers.stats(offer.id)).toEqual({
        claimed: 1,
        redeemed: 1,
        medianMsToRedeem: 89 * 60_000,
      });
    }),
  );

  it(
    "reports a period's claims, redemptions and median hours to redeem, the live offers and each offer's claimants",
    withHarness(make, async (harness) => {
      const { repositories } = harness;
      const { community, offer } = await liveOffer(harness, { quantity: 5, perMember: 2 });
      const members = await Promise.all([1, 2, 3].map(() => seedMember(repositories, community.id)));
      for (const [i, m] of [members[0]!, members[0]!, members[1]!, members[2]!].entries()) {
        await repositories.offers.claim({ offerId: offer.id, memberId: m.id, at: later(i) });
      }
      await repositories.offers.redeem(offer.id, 1, later(60));
      await repositories.offers.redeem(offer.id, 2, later(181));
      await repositories.offers.redeem(offer.id, 3, later(24 * 60));
      const facts = await repositories.offers.periodFacts(community.id, at, later(120));
      expect(facts).toEqual({ claims: 4, redemptions: 1, medianHoursToRedeem: 1 });
      const day = await repositories.offers.periodFacts(community.id, at, later(48 * 60));
      expect(day).toEqual({ claims: 4, redemptions: 3, medianHoursToRedeem: 3 });
      expect(await repositories.offers.liveOffers(community.id, later(5))).toEqual([
        { title: "Free espresso", closesAt: offer.endsAt, remaining: 1 },
      ]);
      expect(await repositories.offers.liveOffers(community.id, offer.endsAt)).toEqual([]);
      expect(await repositories.offers.claimants([offer.id])).toEqual(new Map([[offer.id, 3]]));
    }),
  );

  it(
    "unlinks an erased member from their claims and keeps the claims and the counts",
    withHarness(make, async (harness) => {
      const { repositories } = harness;
      const { community, offer } = await liveOffer(harness);
      const member = await seedMember(repositories, community.id);
      await repositories.offers.claim({ offerId: offer.id, memberId: member.id, at: later(1) });
      await repositories.members.delete(member.id);
      expect((await repositories.offers.claimBySerial(offer.id, 1))?.memberId).toBeNull();
      expect(await repositories.offers.claimsOf(offer.id, member.id)).toEqual([]);
      expect((await repositories.offers.stats(offer.id)).claimed).toBe(1);
      expect(await repositories.offers.claimants([offer.id])).toEqual(new Map([[offer.id, 1]]));
    }),
  );

  it(
    "exports a person's claims and, erasing them, unlinks the claims and keeps them",
    withHarness(make, async (harness) => {
      const { repositories, privacy } = harness;
      const { community, offer } = await liveOffer(harness);
      const [person, other] = await Promise.all([1, 2].map(() => seedMember(repositories, community.id)));
      await repositories.offers.claim({ offerId: offer.id, memberId: person!.id, at: later(1) });
      await repositories.offers.claim({ offerId: offer.id, memberId: other!.id, at: later(2) });
      await repositories.offers.redeem(offer.id, 1, later(30));
      const subject = {
        members: [{ id: person!.id, communityId: community.id }],
        memberIds: [person!.id],
        voterKeys: () => [],
        limitMarker: () => null,
      };
      expect(await privacy.export(subject)).toEqual([
        {
          memberId: person!.id,
          campaignId: offer.id,
          offer: "Free espresso",
          claim: 1,
          claimedAt: later(1).toISOString(),
          redeemedAt: later(30).toISOString(),
        },
      ]);
      expect(await privacy.erase(subject, later(40))).toBe(1);
      expect(await privacy.erase(subject, later(41))).toBe(0);
      expect(await privacy.export(subject)).toEqual([]);
      expect((await repositories.offers.claimBySerial(offer.id, 1))?.memberId).toBeNull();
      expect((await repositories.offers.claimBySerial(offer.id, 2))?.memberId).toBe(other!.id);
      expect(await repositories.offers.stats(offer.id)).toMatchObject({ claimed: 2, redeemed: 1 });
    }),
  );

  it(
    "remembers where an offer was posted, once per message, and discards an offer with everything attached",
    withHarness(make, async (harness) => {
      const { repositories } = harness;
      const { community, offer } = await liveOffer(harness);
      const ref = { platform: "telegram" as const, channelId: "-100777", messageId: "42" };
      await repositories.offers.addMessage(offer.id, ref, later(1));
      await repositories.offers.addMessage(offer.id, ref, later(2));
      expect(await repositories.offers.messages(offer.id)).toEqual([ref]);
      const member = await seedMember(repositories, community.id);
      await repositories.offers.claim({ offerId: offer.id, memberId: member.id, at: later(3) });
      await repositories.offers.discard(offer.id);
      expect(await repositories.offers.get(offer.id)).toBeNull();
      expect(await repositories.offers.findByRef(offer.ref)).toBeNull();
      expect(await repositories.offers.messages(offer.id)).toEqual([]);
      expect(await repositories.offers.claimBySerial(offer.id, 1)).toBeNull();
    }),
  );

  it(
    "keeps API keys by id with only the secret's hash, and refuses a key of an unknown brand",
    withHarness(make, async ({ repositories }) => {
      const brand = await repositories.brands.create({ id: `brand-${Date.now()}-${Math.random()}`, name: "Acme" });
      const key = { id: "ABCDEFGHJKMN", brandId: brand.id, secretSha256: "ab".repeat(32), createdAt: at };
      await repositories.brandApiKeys.create(key);
      expect(await repositories.brandApiKeys.get(key.id)).toEqual(key);
      expect(await repositories.brandApiKeys.get("NOSUCHKEY000")).toBeNull();
      await expect(
        repositories.brandApiKeys.create({ ...key, brandId: "no-such-brand", id: "ZZZZZZZZZZZZ" }),
      ).rejects.toThrow();
    }),
  );
}
