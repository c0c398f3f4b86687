import type { ConsentService } from "../consent/consent.service.ts";
import type { EngagementRecorder } from "../engagement/engagement-recorder.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { BrandRepository, CommunityRepository } from "../ports/repositories.port.ts";
import type { OfferRepository, RedeemOutcome } from "./offer.repository.port.ts";
import { normalizePoolCode } from "./offer.schema.ts";
import type { Offer, OfferClaim } from "./offer.ts";
import { looksSigned } from "./offer-code.ts";
import { describePublicKey, type OfferKeys, type PublicKeyInfo } from "./offer-keys.ts";

/** The offer a redeemed code belongs to, as the shop is told. */
export interface RedeemedOffer {
  readonly number: number;
  readonly title: string;
  /** The claim's serial number within the offer. */
  readonly claim: number;
}

/**
 * What a shop's redemption found. "invalid" covers a forged, altered or mistyped code, a code of another brand
 * and a pool code nobody claimed: the shop learns nothing more about codes that are not theirs.
 */
export type RedemptionResult =
  | { readonly status: "redeemed"; readonly redeemedAt: Date; readonly offer: RedeemedOffer }
  /** Redeemed before: `redeemedAt` is the first redemption's time. */
  | { readonly status: "already_redeemed"; readonly redeemedAt: Date; readonly offer: RedeemedOffer }
  | { readonly status: "expired"; readonly expiredAt: Date }
  | { readonly status: "invalid" };

/** Everything redemption works with. */
export interface OfferRedemptionDeps {
  readonly offers: OfferRepository;
  readonly communities: CommunityRepository;
  readonly brands: BrandRepository;
  readonly keys: OfferKeys;
  readonly consent: ConsentService;
  readonly engagement: EngagementRecorder;
  readonly logger: Logger;
}

/**
 * The shop's side of offers: a brand's public key, and redeeming a code exactly once. Signed codes are checked
 * against the brand's key before anything is read; a redemption is an engagement event, attributed to the
 * member only under an analytics consent (and never once the member was erased).
 */
export class OfferRedemption {
  readonly #deps: OfferRedemptionDeps;

  constructor(deps: OfferRedemptionDeps) {
    this.#deps = deps;
  }

  /** The brand's public key, or null when there is no such brand. */
  async publicKey(brandId: string): Promise<PublicKeyInfo | null> {
    if (!(await this.#deps.brands.get(brandId))) return null;
    return describePublicKey(brandId, this.#deps.keys.publicKeyOf(brandId));
  }

  /** Redeems a code of the brand at `at`: once; a second time answers already_redeemed with the first time. */
  async redeem(input: { brandId: string; code: string; at: Date }): Promise<RedemptionResult> {
    const found = looksSigned(input.code)
      ? await this.#signed(input.brandId, input.code, input.at)
      : await this.#pooled(input.brandId, input.code, input.at);
    if ("status" in found) return found;
    const { offer } = found;
    const outcome = await this.#deps.offers.redeem(offer.id, found.serial, input.at);
    return this.#answer(offer, outcome, input.at);
  }

  async #signed(
    brandId: string,
    code: string,
    at: Date,
  ): Promise<{ offer: Offer; serial: number } | { status: "invalid" } | { status: "expired"; expiredAt: Date }> {
    const check = this.#deps.keys.check(brandId, code, at);
    if (check.status === "invalid") return { status: "invalid" };
    if (check.status === "expired") return { status: "expired", expiredAt: check.claims.expiresAt };
    const offer = await this.#deps.offers.findByRef(check.claims.offerRef);
    if (!offer || !(await this.#belongsTo(offer, brandId))) return { status: "invalid" };
    return { offer, serial: check.claims.serial };
  }

  async #pooled(
    brandId: string,
    code: string,
    at: Date,
  ): Promise<{ offer: Offer; serial: number } | { status: "invalid" } | { status: "expired"; expiredAt: Date }> {
    const found = await this.#deps.offers.claimByPoolCode(brandId, normalizePoolCode(code));
    if (!found) return { status: "invalid" };
    if (at.getTime() >= found.offer.endsAt.getTime()) return { status: "expired", expiredAt: found.offer.endsAt };
    return { offer: found.offer, serial: found.claim.serial };
  }

  async #belongsTo(offer: Offer, brandId: string): Promise<boolean> {
    const community = await this.#deps.communities.get(offer.communityId);
    return community?.brandId === brandId;
  }

  async #answer(offer: Offer, outcome: RedeemOutcome, at: Date): Promise<RedemptionResult> {
    if (outcome.kind === "not_found") return { status: "invalid" };
    const about = { number: offer.number, title: offer.title, claim: outcome.claim.serial };
    if (outcome.kind === "already_redeemed") {
      return { status: "already_redeemed", redeemedAt: outcome.claim.redeemedAt ?? at, offer: about };
    }
    await this.#record(offer, outcome.claim, at);
    return { status: "redeemed", redeemedAt: outcome.claim.redeemedAt ?? at, offer: about };
  }

  async #record(offer: Offer, claim: OfferClaim, at: Date): Promise<void> {
    const community = await this.#deps.communities.get(offer.communityId);
    if (!community) return;
    const subject = await this.#deps.consent.subjectFor(claim.memberId);
    this.#deps.engagement
      .record({
        communityId: community.id,
        timeZone: community.timeZone,
        campaignId: offer.id,
        kind: "redeem",
        at,
        subject,
        dedupeKey: `offer-redeem:${offer.id}:${claim.serial}`,
      })
      .catch((error: unknown) => this.#deps.logger.error({ err: error, offerId: offer.id }, "engagement not recorded"));
  }
}
