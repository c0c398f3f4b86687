// How the offer tables map to the core's offers and claims, shared by the offer repository's queries.

import type { NewOffer } from "../../core/offers/offer.repository.port.ts";
import type { Offer, OfferClaim } from "../../core/offers/offer.ts";
import { segmentSchema } from "../../core/targeting/segment.schema.ts";
import type {
  Campaign as CampaignRow,
  OfferClaim as OfferClaimRow,
  Offer as OfferRow,
  Prisma,
} from "../generated/sqlite/client.ts";

/** A member over the limit: carries their claims out of the transaction it rolls back. */
export class LimitReached extends Error {
  constructor(readonly claims: OfferClaim[]) {
    super("the member reached the offer's per-member limit");
  }
}

/** Claims with the pool codes they received (slot = serial). */
export async function withCodes(
  db: Pick<Prisma.TransactionClient, "offerCode">,
  rows: readonly OfferClaimRow[],
): Promise<OfferClaim[]> {
  const first = rows[0];
  if (!first) return [];
  const codes = await db.offerCode.findMany({
    where: { campaignId: first.campaignId, slot: { in: rows.map((r) => r.serial) } },
  });
  const bySlot = new Map(codes.map((c) => [c.slot, c.code]));
  return rows.map((row) => ({
    offerId: row.campaignId,
    serial: row.serial,
    memberId: row.memberId,
    claimedAt: row.claimedAt,
    redeemedAt: row.redeemedAt,
    poolCode: bySlot.get(row.serial) ?? null,
  }));
}

export function campaignData(offer: NewOffer, number: number) {
  return {
    id: offer.id,
    communityId: offer.communityId,
    kind: "offer" as const,
    state: "scheduled" as const,
    title: offer.title,
    segment: offer.segment,
    // Offers keep their own fields in the Offer row.
    payload: {},
    channelId: offer.channelId,
    startsAt: offer.startsAt,
    closesAt: offer.endsAt,
    number,
  };
}

export function offerData(offer: NewOffer) {
  return {
    campaignId: offer.id,
    ref: offer.ref,
    description: offer.description,
    terms: offer.terms,
    quantity: offer.quantity,
    perMember: offer.perMember,
    codeSource: offer.codeSource,
  };
}

export function offerOrNull(row: (CampaignRow & { offer: OfferRow | null }) | null): Offer | null {
  return row?.kind === "offer" && row.offer ? toOffer(row) : null;
}

export function toOffer(row: CampaignRow & { offer: OfferRow | null }): Offer {
  const { offer } = row;
  if (!offer || row.number === null || row.startsAt === null || row.closesAt === null || row.channelId === null) {
    throw new Error(`campaign ${row.id} is not a complete offer`);
  }
  return {
    id: row.id,
    communityId: row.communityId,
    number: row.number,
    ref: offer.ref,
    title: row.title,
    description: offer.description,
    terms: offer.terms,
    quantity: offer.quantity,
    perMember: offer.perMember,
    claimed: offer.claimed,
    codeSource: offer.codeSource === "pool" ? "pool" : "signed",
    segment: segmentSchema.parse(row.segment),
    channelId: row.channelId,
    state: row.state === "closed" ? "closed" : row.state === "live" ? "live" : "scheduled",
    startsAt: row.startsAt,
    endsAt: row.closesAt,
    closedAt: row.closedAt,
    reach: row.reach,
  };
}
