import type { JsonRecord, PersonalDataSource } from "../../core/privacy/personal-data.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { countPerChunk, perChunk, sumPerChunk } from "./privacy-member-sources.ts";

/**
 * OfferClaim: which offers a member claimed and when their codes were redeemed. A claim names its member only
 * to hold the per-member limit; erasure unlinks it (member id to null) and keeps it, so an offer's stock,
 * claims and redemptions stay true and a code already handed out still works at the shop.
 */
export function offerClaimSource(prisma: DatabaseClient): PersonalDataSource {
  return {
    name: "offerClaims",
    tables: ["OfferClaim"],
    async export(subject) {
      const rows = await perChunk(subject.memberIds, (ids) =>
        prisma.offerClaim.findMany({
          where: { memberId: { in: ids } },
          include: { offer: { select: { campaign: { select: { title: true } } } } },
          orderBy: [{ claimedAt: "asc" }, { id: "asc" }],
        }),
      );
      return rows.map(
        (c): JsonRecord => ({
          memberId: c.memberId,
          campaignId: c.campaignId,
          offer: c.offer.campaign.title,
          claim: c.serial,
          claimedAt: c.claimedAt.toISOString(),
          redeemedAt: c.redeemedAt?.toISOString() ?? null,
        }),
      );
    },
    // Every claim has its offer and campaign (required relations), so the claims alone give the count.
    count: (subject) =>
      sumPerChunk(subject.memberIds, (ids) => prisma.offerClaim.count({ where: { memberId: { in: ids } } })),
    erase: (subject) =>
      countPerChunk(subject.memberIds, (ids) =>
        prisma.offerClaim.updateMany({ where: { memberId: { in: ids } }, data: { memberId: null } }),
      ),
  };
}
