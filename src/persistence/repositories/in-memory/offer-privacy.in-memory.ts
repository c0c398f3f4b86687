import type { JsonRecord, PersonalDataSource } from "../../../core/privacy/personal-data.port.ts";
import type { InMemoryStore } from "./in-memory-store.ts";
import { offerTablesOf } from "./offer.in-memory.ts";

/** OfferClaim as a personal-data source in memory: exported with the offer, unlinked (kept) on erasure. */
export function offerClaimSourceInMemory(store: InMemoryStore): PersonalDataSource {
  const { claims, offers } = offerTablesOf(store);
  const of = (memberIds: readonly string[]) =>
    claims.filter((c) => c.memberId !== null && memberIds.includes(c.memberId));
  return {
    name: "offerClaims",
    tables: ["OfferClaim"],
    export: async (subject) =>
      of(subject.memberIds)
        .sort((a, b) => a.claimedAt.getTime() - b.claimedAt.getTime())
        .map(
          (c): JsonRecord => ({
            memberId: c.memberId,
            campaignId: c.offerId,
            offer: offers.get(c.offerId)?.title ?? "",
            claim: c.serial,
            claimedAt: c.claimedAt.toISOString(),
            redeemedAt: c.redeemedAt?.toISOString() ?? null,
          }),
        ),
    count: async (subject) => of(subject.memberIds).length,
    erase: async (subject) => {
      const linked = of(subject.memberIds);
      for (const claim of linked) claim.memberId = null;
      return linked.length;
    },
  };
}
