// Many members claiming one offer at once, through the pipeline and the offer service down to the database: on
// SQLite, and on PostgreSQL when TEST_DATABASE_URL names a server.
import { describe, expect, it } from "vitest";
import { testProviders } from "../support/test-database.ts";
import { offerCore } from "../unit/offers/support/offer-core.ts";
import { offersOnDatabase } from "./offer-harness.ts";

/**
 * Starts `count` calls that are all in flight together. They are started a hundred per turn of the event loop,
 * as adapters receive updates (Telegram hands out at most 100 per request): Prisma merges the findUnique calls
 * made in one turn into a single query, which SQLite refuses beyond its bound-parameter limit.
 */
async function allAtOnce<T>(count: number, call: (i: number) => Promise<T>): Promise<Promise<T>[]> {
  const started: Promise<T>[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    started.push(call(i));
  }
  return started;
}

describe.each(testProviders())("claims on %s", (provider) => {
  async function open(options: Record<string, unknown>) {
    const harness = await offersOnDatabase(provider)();
    const core = offerCore(harness.repositories);
    const created = await core.createOffer({ title: "Free espresso", ...options });
    expect(created.outcome).toBe("ok");
    const community = await core.community();
    const offer = (await harness.repositories.offers.findByNumber(community.id, 1))!;
    const claims = () => harness.prisma!.offerClaim.findMany({ where: { campaignId: offer.id } });
    const done = async () => {
      await core.offers.idle();
      await core.engagement.close();
      await harness.close();
    };
    return { harness, core, offer, claims, done };
  }

  it("1,000 simultaneous claims for 10 codes give exactly 10 codes to 10 distinct members and 'all claimed' to the rest", async () => {
    const { core, offer, claims, done } = await open({ quantity: 10 });
    try {
      const outcomes = await Promise.all(
        await allAtOnce(1000, (i) => core.press("of_c", 1, { userId: `claimer-${i}` })),
      );
      const winners = outcomes.filter((o) => o.outcome === "ok");
      expect(winners).toHaveLength(10);
      expect(outcomes.filter((o) => o.outcome === "error:OFFER_ALL_CLAIMED")).toHaveLength(990);
      const losing = outcomes.find((o) => o.outcome === "error:OFFER_ALL_CLAIMED")!.reply;
      expect(losing.type === "notice" && losing.text).toBe(
        "All codes of this offer are claimed. Thanks for your interest!",
      );

      const stored = await claims();
      expect(stored).toHaveLength(10);
      expect(new Set(stored.map((c) => c.memberId)).size).toBe(10);
      expect(stored.map((c) => c.serial).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const codes = winners.map((o) =>
        o.reply.type === "message" ? o.reply.view.blocks.find((b) => b.type === "code") : null,
      );
      expect(new Set(codes.map((b) => (b?.type === "code" ? b.text : null))).size).toBe(10);
      expect((await core.repositories.offers.get(offer.id))?.claimed).toBe(10);
    } finally {
      await done();
    }
  }, 240_000);

  it("one member pressing Claim 30 times at once gets exactly the per-member limit", async () => {
    const { core, claims, done } = await open({ quantity: 50, per_member: 2 });
    try {
      const outcomes = await Promise.all(Array.from({ length: 30 }, () => core.press("of_c", 1, { userId: "eager" })));
      expect(outcomes.filter((o) => o.outcome === "ok")).toHaveLength(2);
      expect(outcomes.filter((o) => o.outcome === "error:OFFER_LIMIT_REACHED")).toHaveLength(28);
      expect(await claims()).toHaveLength(2);
    } finally {
      await done();
    }
  }, 120_000);

  it("redeems a code raced by 50 simultaneous redemptions exactly once", async () => {
    const { core, harness, offer, done } = await open({ quantity: 5 });
    try {
      const claimed = await core.press("of_c", 1, { userId: "shopper" });
      const block = claimed.reply.type === "message" ? claimed.reply.view.blocks.find((b) => b.type === "code") : null;
      const code = block?.type === "code" ? block.text : "";
      const { brandId } = await core.community();
      const results = await Promise.all(
        Array.from({ length: 50 }, () => core.feature.redemption.redeem({ brandId, code, at: core.clock.now() })),
      );
      expect(results.filter((r) => r.status === "redeemed")).toHaveLength(1);
      expect(results.filter((r) => r.status === "already_redeemed")).toHaveLength(49);
      expect((await harness.repositories.offers.stats(offer.id)).redeemed).toBe(1);
    } finally {
      await done();
    }
  }, 120_000);
});
