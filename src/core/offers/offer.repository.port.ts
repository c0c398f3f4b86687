import type { MessageRef } from "../ports/chat-platform.port.ts";
import type { Offer, OfferClaim, OfferStats } from "./offer.ts";

/** An offer about to be stored; the repository gives it the next free number of its community. */
export interface NewOffer extends Omit<Offer, "number" | "claimed" | "closedAt" | "state" | "reach"> {
  /** The brand the offer's community belongs to: pool codes are unique per brand. */
  readonly brandId: string;
  /** The brand's codes in the order they are handed out; null for signed codes. */
  readonly pool: readonly string[] | null;
}

/** What a claim did. */
export type ClaimOutcome =
  | { readonly kind: "claimed"; readonly claim: OfferClaim; readonly offer: Offer }
  /** Not live, or outside its validity window, when the claim arrived: nothing was written. */
  | { readonly kind: "closed" }
  /** Every code was handed out already (checked before the member's limit): nothing was written. */
  | { readonly kind: "all_claimed" }
  /** Codes are left, but the member holds as many as one member may: nothing was written. */
  | { readonly kind: "limit_reached"; readonly claims: readonly OfferClaim[] };

/** What a redemption did. */
export type RedeemOutcome =
  | { readonly kind: "redeemed"; readonly claim: OfferClaim }
  /** Redeemed before: the claim carries the first redemption's time, which did not change. */
  | { readonly kind: "already_redeemed"; readonly claim: OfferClaim }
  | { readonly kind: "not_found" };

/** Offer figures of a period, for the weekly digest. */
export interface OfferPeriodFacts {
  /** Codes claimed during the period. */
  readonly claims: number;
  /** Codes redeemed during the period. */
  readonly redemptions: number;
  /** Median hours from claim to redemption over the period's redemptions; null when there were none. */
  readonly medianHoursToRedeem: number | null;
}

/** A live offer and how close it is to running out. */
export interface LiveOfferFacts {
  readonly title: string;
  readonly closesAt: Date;
  readonly remaining: number;
}

/**
 * Offers, their claims, their codes and their messages. A claim is atomic against the offer's stock and the
 * member's limit: however many claims race, no more than `quantity` codes are handed out, each to one claim,
 * and no member gets more than `perMember` (PostgreSQL: a conditional update of the offer row serializes the
 * claims of one offer; SQLite: transactions are serialized; both: unique keys on the claims as a last guard).
 */
export interface OfferRepository {
  /**
   * Stores the offer, "scheduled", under its community's next number, with its pool. When codes of the pool
   * already belong to another offer of the brand, stores nothing and returns them.
   */
  create(offer: NewOffer): Promise<Offer | { readonly codesInUse: string[] }>;
  get(id: string): Promise<Offer | null>;
  findByNumber(communityId: string, number: number): Promise<Offer | null>;
  findByRef(ref: string): Promise<Offer | null>;
  /** The community's offers, newest first. */
  list(communityId: string, limit: number): Promise<Offer[]>;
  /** Deletes an offer that could not be posted, with everything attached to it. */
  discard(id: string): Promise<void>;
  /**
   * Makes a scheduled offer live at `at`, with its reach and, for segments decided at sending, its audience.
   * Null when the offer is not scheduled (already opened, closed, or gone).
   */
  open(id: string, at: Date, reach: number, audience: readonly string[] | null): Promise<Offer | null>;
  /** Closes a scheduled or live offer; idempotent. Null when there is no such offer. */
  close(id: string, at: Date): Promise<{ readonly offer: Offer; readonly changed: boolean } | null>;
  /** Whether the member was in the audience stored when the offer opened. */
  inAudience(offerId: string, memberId: string): Promise<boolean>;
  /**
   * Hands the member the next code, atomically (see the interface's note). `priorClaims` are codes the member's
   * person claimed before erasing their data: they count against the per-member limit too.
   */
  claim(request: { offerId: string; memberId: string; at: Date; priorClaims?: number }): Promise<ClaimOutcome>;
  /** The member's claims of the offer, in claim order. */
  claimsOf(offerId: string, memberId: string): Promise<OfferClaim[]>;
  claimBySerial(offerId: string, serial: number): Promise<OfferClaim | null>;
  /** The claim that received a pool code of the brand, with its offer; null when no claim received it. */
  claimByPoolCode(brandId: string, code: string): Promise<{ offer: Offer; claim: OfferClaim } | null>;
  /** Marks the claim redeemed at `at`, exactly once. */
  redeem(offerId: string, serial: number, at: Date): Promise<RedeemOutcome>;
  stats(offerId: string): Promise<OfferStats>;
  /** Claims, redemptions and the median time to redeem of the community's offers in [from, to). */
  periodFacts(communityId: string, from: Date, to: Date): Promise<OfferPeriodFacts>;
  /** Offers of the community open for claims at `at`, soonest closing first. */
  liveOffers(communityId: string, at: Date): Promise<LiveOfferFacts[]>;
  /** Members who claimed each offer at least once (erased ones included, anonymously). */
  claimants(offerIds: readonly string[]): Promise<Map<string, number>>;
  addMessage(offerId: string, ref: MessageRef, at: Date): Promise<void>;
  /** Where the offer was posted, oldest first. */
  messages(offerId: string): Promise<MessageRef[]>;
}

/** A stored API key: only the SHA-256 of its secret part. */
export interface StoredApiKey {
  readonly id: string;
  readonly brandId: string;
  readonly secretSha256: string;
  readonly createdAt: Date;
}

/** The brands' API keys for the shop endpoints. */
export interface BrandApiKeyRepository {
  create(key: StoredApiKey): Promise<void>;
  get(id: string): Promise<StoredApiKey | null>;
}
