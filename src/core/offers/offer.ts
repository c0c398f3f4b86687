import type { Segment } from "../targeting/segment.schema.ts";

/** Where codes come from: signed by Circolo, or the brand's own pool. */
export type CodeSource = "signed" | "pool";

/** An offer's life: waiting for its start, open for claims, or over (ended or closed early). */
export type OfferState = "scheduled" | "live" | "closed";

/** An offer as the core reads it: a Campaign of kind "offer" and its Offer row. */
export interface Offer {
  /** The campaign's id. */
  readonly id: string;
  readonly communityId: string;
  /** The number moderators call it by in its community ("offer 3"). */
  readonly number: number;
  /** The reference inside its signed codes: 8 characters of Crockford base32. */
  readonly ref: string;
  readonly title: string;
  readonly description: string;
  readonly terms: string;
  readonly quantity: number;
  readonly perMember: number;
  /** Codes handed out so far. */
  readonly claimed: number;
  readonly codeSource: CodeSource;
  readonly segment: Segment;
  readonly channelId: string;
  readonly state: OfferState;
  /** Claims open at this instant. */
  readonly startsAt: Date;
  /** Claims close at this instant, and every code of the offer expires then (whole seconds). */
  readonly endsAt: Date;
  /** When a moderator closed it early, or when its end was processed. */
  readonly closedAt: Date | null;
  /** Members the segment held when the offer was posted; null until then. */
  readonly reach: number | null;
}

/** One code handed to one member. */
export interface OfferClaim {
  readonly offerId: string;
  /** 1..quantity in claim order: the number carried by a signed code, the slot of a pool code. */
  readonly serial: number;
  /** Null once the member was erased: the claim stays, anonymous. */
  readonly memberId: string | null;
  readonly claimedAt: Date;
  readonly redeemedAt: Date | null;
  /** The brand's code handed out, for pool offers; null for signed codes (recomputed from the claim). */
  readonly poolCode: string | null;
}

/** How an offer is doing. */
export interface OfferStats {
  readonly claimed: number;
  readonly redeemed: number;
  /** Median time from claim to redemption over the redeemed claims; null when none was redeemed. */
  readonly medianMsToRedeem: number | null;
}

/** Codes still to hand out. */
export function remainingOf(offer: Pick<Offer, "quantity" | "claimed">): number {
  return Math.max(0, offer.quantity - offer.claimed);
}

/** Whether claims are accepted at `at`: live, and inside the validity window. */
export function isClaimable(offer: Pick<Offer, "state" | "startsAt" | "endsAt">, at: Date): boolean {
  return offer.state === "live" && offer.startsAt.getTime() <= at.getTime() && at.getTime() < offer.endsAt.getTime();
}

/** Redeemed claims per claim; null when nothing was claimed. */
export function conversionOf(stats: Pick<OfferStats, "claimed" | "redeemed">): number | null {
  return stats.claimed === 0 ? null : stats.redeemed / stats.claimed;
}

/** The median of some numbers; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
