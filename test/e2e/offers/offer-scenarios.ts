import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBrandApiKey } from "../../../src/app/cli/brand-api-key.ts";
import { Pseudonymizer } from "../../../src/core/identity/pseudonym.ts";
import { checkOfferCode, importPublicKey } from "../../../src/core/offers/offer-keys.ts";
import type { PlatformDriver, SeenMessage } from "../../scenarios/platform-driver.ts";
import { testSecret } from "../../support/test-app.ts";

/** A signed code as members see it: 32 groups of four Crockford base32 characters. */
const signedCode = /(?:[0-9A-HJKMNP-TV-Z]{4}-){31}[0-9A-HJKMNP-TV-Z]{4}/;

function codeIn(seen: SeenMessage): string {
  const match = signedCode.exec(seen.text);
  if (!match) throw new Error(`no code in: ${seen.text}`);
  return match[0];
}

/** Polls until the check passes (a posted message is edited in the background, coalesced by the adapter). */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Offers end to end on one platform, through its real client and emulator: a moderator posts an offer, members
 * claim privately, the per-member limit, the segment and the stock hold, and the shop redeems a code once over
 * HTTP with the brand's API key.
 */
export function runOfferScenarios(makeDriver: () => PlatformDriver): void {
  const driver = makeDriver();

  describe(`offers on ${driver.platform}`, () => {
    beforeAll(() => driver.start(), 60_000);
    afterAll(() => driver.stop(), 60_000);

    it("runs from posting to redemption: claims, a repeat, an outsider, sold out, one redemption, a second refused", async () => {
      const community = await driver.createCommunity("Caffè Centrale");
      const moderator = await community.member({ moderator: true });
      const [ada, bea, cy] = await Promise.all([1, 2, 3].map(() => community.member({ locale: "en" })));
      const outsider = await community.member({ locale: "it" });

      const confirmation = await moderator.command(
        "offer",
        {
          title: "Free espresso",
          description: "With any pastry",
          quantity: 2,
          ends: "3d",
          terms: "One per visit",
          segment: "language",
          language: "en",
        },
        "create",
      );
      expect(confirmation.private).toBe(true);
      expect(confirmation.text).toContain("Offer 1 is posted: 2 codes, at most 1 per member");
      const post = await community.lastPost();
      expect(post.text).toContain("Free espresso");
      expect(post.text).toContain("Left: 2 of 2");
      expect(post.buttons).toEqual(["Claim", "Details"]);

      const claimed = await ada!.click(post, "Claim");
      expect(claimed.private).toBe(true);
      expect(claimed.text).toContain("Show this code at the shop");
      const code = codeIn(claimed);
      expect((await ada!.click(post, "Claim")).text).toContain("You already have 1 code(s) from this offer");
      expect((await outsider.click(post, "Claim")).text).toContain("pensata per un altro gruppo di membri");
      const details = await ada!.click(post, "Details");
      expect(details.private).toBe(true);
      expect(codeIn(details)).toBe(code);
      const second = codeIn(await bea!.click(post, "Claim"));
      expect(second).not.toBe(code);
      expect((await cy!.click(post, "Claim")).text).toContain("All codes of this offer are claimed");
      await eventually(async () => (await community.lastPost()).text.includes("All claimed."), "the sold-out post");
      expect((await community.lastPost()).buttons).toEqual(["Details"]);

      const { database, port } = driver.app;
      const stored = await database.repositories.communities.findByPlatformId(driver.platform, community.platformId);
      const brandId = stored!.brandId;
      const base = `http://127.0.0.1:${port}`;
      const published = (await (await fetch(`${base}/offers/public-key?brand=${brandId}`)).json()) as {
        publicKey: string;
      };
      expect(checkOfferCode(code, importPublicKey(published.publicKey), new Date()).status).toBe("valid");

      const apiKey = await createBrandApiKey({ brandId, at: new Date(), repositories: database.repositories });
      const redeem = (typed: string, key = apiKey.lines[0]!) =>
        fetch(`${base}/offers/redeem`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ code: typed }),
        });
      const first = await redeem(code.toLowerCase().replaceAll("-", " "));
      expect(first.status).toBe(200);
      const body = (await first.json()) as { status: string; redeemedAt: string; offer: { title: string } };
      expect(body).toMatchObject({ status: "redeemed", offer: { title: "Free espresso" } });
      const again = await redeem(code);
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ status: "already_redeemed", redeemedAt: body.redeemedAt });
      const forged = `${code.slice(0, -1)}${code.endsWith("0") ? "1" : "0"}`;
      expect((await redeem(forged)).status).toBe(422);
      expect((await redeem(second, "circolo_AAAAAAAAAAAA_wrongwrongwrongwrongwrongwrongwrongwrongwro")).status).toBe(
        401,
      );

      expect(await database.prisma.offerClaim.count({ where: { redeemedAt: { not: null } } })).toBe(1);
      expect(await database.prisma.offerClaim.count()).toBe(2);

      // Ada's data export lists her claim with its code, as she was given it, and its redemption.
      const pseudonym = new Pseudonymizer(testSecret).pseudonym(driver.platform, ada!.userId);
      const member = await database.repositories.members.findByPseudonym(stored!.id, pseudonym);
      const exported = await driver.app.services.privacy.service.export(member!, new Date());
      expect(exported.sections.offerClaims).toEqual([
        expect.objectContaining({ offer: "Free espresso", claim: 1, code, redeemedAt: body.redeemedAt }),
      ]);
    }, 120_000);
  });
}
