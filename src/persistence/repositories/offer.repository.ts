import { platformSchema } from "../../core/domain/platform.ts";
import type {
  ClaimOutcome,
  LiveOfferFacts,
  NewOffer,
  OfferPeriodFacts,
  OfferRepository,
  RedeemOutcome,
} from "../../core/offers/offer.repository.port.ts";
import { median, type Offer, type OfferClaim, type OfferStats } from "../../core/offers/offer.ts";
import type { MessageRef } from "../../core/ports/chat-platform.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import type { Prisma } from "../generated/sqlite/client.ts";
import { campaignData, LimitReached, offerData, offerOrNull, toOffer, withCodes } from "./offer-rows.ts";
import { isUniqueViolation } from "./processed-update.repository.ts";

/**
 * Claims of a popular offer queue behind one another on the offer's rows; the queue must not time out while
 * a thousand members press Claim at once.
 */
const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 } as const;

/** Rows per createMany and values per IN list: well under SQLite's bound-parameter limit. */
const CHUNK = 400;

/** Tries at numbering an offer when two campaigns are created in one community at the same instant. */
const NUMBERING_ATTEMPTS = 5;

const withOffer = { offer: true } as const;

/**
 * Offers as Campaign rows of kind "offer" with their Offer row, OfferClaim, OfferCode, CampaignMessage and
 * CampaignAudience.
 *
 * A claim transaction starts by raising Offer.claimed on the condition that it is below the quantity and the
 * campaign is live and inside its window: one conditional update, so the stock can never go past the quantity
 * and the raised value is the claim's serial. A member already at the limit rolls the raise back. On
 * PostgreSQL the raise's row lock queues the winning claims of one offer, so the member's limit is read after
 * every earlier claim committed, while a claim arriving once the stock is gone updates nothing, holds no lock
 * and is answered at once; on SQLite transactions are serialized anyway. The unique keys (offer, serial) and
 * (offer, member, slot) refuse anything that would slip past either check.
 */
export class OfferRepositoryPrisma implements OfferRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async create(offer: NewOffer): Promise<Offer | { readonly codesInUse: string[] }> {
    const pool = offer.pool ?? [];
    const inUse: string[] = [];
    for (let start = 0; start < pool.length; start += CHUNK) {
      const rows = await this.#prisma.offerCode.findMany({
        where: { brandId: offer.brandId, code: { in: pool.slice(start, start + CHUNK) } },
        select: { code: true },
      });
      inUse.push(...rows.map((row) => row.code));
    }
    if (inUse.length > 0) return { codesInUse: inUse.sort() };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#prisma.$transaction(async (tx) => {
          const last = await tx.campaign.aggregate({
            where: { communityId: offer.communityId },
            _max: { number: true },
          });
          await tx.campaign.create({ data: campaignData(offer, (last._max.number ?? 0) + 1) });
          await tx.offer.create({ data: offerData(offer) });
          for (let start = 0; start < pool.length; start += CHUNK) {
            await tx.offerCode.createMany({
              data: pool.slice(start, start + CHUNK).map((code, index) => ({
                campaignId: offer.id,
                slot: start + index + 1,
                brandId: offer.brandId,
                code,
              })),
            });
          }
          return toOffer(await tx.campaign.findUniqueOrThrow({ where: { id: offer.id }, include: withOffer }));
        }, TRANSACTION_OPTIONS);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= NUMBERING_ATTEMPTS) throw error;
      }
    }
  }

  async get(id: string): Promise<Offer | null> {
    return offerOrNull(await this.#prisma.campaign.findUnique({ where: { id }, include: withOffer }));
  }

  async findByNumber(communityId: string, number: number): Promise<Offer | null> {
    return offerOrNull(
      await this.#prisma.campaign.findUnique({
        where: { communityId_number: { communityId, number } },
        include: withOffer,
      }),
    );
  }

  async findByRef(ref: string): Promise<Offer | null> {
    const row = await this.#prisma.offer.findUnique({ where: { ref }, include: { campaign: true } });
    return row ? toOffer({ ...row.campaign, offer: row }) : null;
  }

  async list(communityId: string, limit: number): Promise<Offer[]> {
    const rows = await this.#prisma.campaign.findMany({
      where: { communityId, kind: "offer" },
      orderBy: { number: "desc" },
      take: limit,
      include: withOffer,
    });
    return rows.map(toOffer);
  }

  async discard(id: string): Promise<void> {
    await this.#prisma.campaign.deleteMany({ where: { id, kind: "offer" } });
  }

  open(id: string, at: Date, reach: number, audience: readonly string[] | null): Promise<Offer | null> {
    return this.#prisma.$transaction(async (tx) => {
      const changed = await tx.campaign.updateMany({
        where: { id, kind: "offer", state: "scheduled" },
        data: { state: "live", reach, updatedAt: at },
      });
      if (changed.count === 0) return null;
      for (let start = 0; audience && start < audience.length; start += CHUNK) {
        await tx.campaignAudience.createMany({
          data: audience.slice(start, start + CHUNK).map((memberId) => ({ campaignId: id, memberId })),
        });
      }
      return toOffer(await tx.campaign.findUniqueOrThrow({ where: { id }, include: withOffer }));
    }, TRANSACTION_OPTIONS);
  }

  async close(id: string, at: Date): Promise<{ offer: Offer; changed: boolean } | null> {
    const changed = await this.#prisma.campaign.updateMany({
      where: { id, kind: "offer", state: { in: ["scheduled", "live"] } },
      data: { state: "closed", closedAt: at },
    });
    const offer = await this.get(id);
    return offer ? { offer, changed: changed.count === 1 } : null;
  }

  async inAudience(offerId: string, memberId: string): Promise<boolean> {
    const row = await this.#prisma.campaignAudience.findUnique({
      where: { campaignId_memberId: { campaignId: offerId, memberId } },
    });
    return row !== null;
  }

  async claim(request: { offerId: string; memberId: string; at: Date; priorClaims?: number }): Promise<ClaimOutcome> {
    const { offerId, memberId, at } = request;
    const prior = request.priorClaims ?? 0;
    try {
      return await this.#prisma.$transaction(async (tx): Promise<ClaimOutcome> => {
        const taken = await tx.offer.updateMany({
          where: {
            campaignId: offerId,
            claimed: { lt: tx.offer.fields.quantity },
            campaign: { state: "live", startsAt: { lte: at }, closesAt: { gt: at } },
          },
          data: { claimed: { increment: 1 } },
        });
        if (taken.count === 0) return { kind: (await this.#claimable(tx, offerId, at)) ? "all_claimed" : "closed" };
        const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: offerId }, include: withOffer });
        const offer = toOffer(campaign);
        const mine = await tx.offerClaim.findMany({
          where: { campaignId: offerId, memberId },
          orderBy: { serial: "asc" },
        });
        // Thrown, not returned: the reservation above must be rolled back with the transaction.
        if (mine.length + prior >= offer.perMember) throw new LimitReached(await withCodes(tx, mine));
        const row = await tx.offerClaim.create({
          data: { campaignId: offerId, serial: offer.claimed, memberId, memberSlot: mine.length + 1, claimedAt: at },
        });
        const [claim] = await withCodes(tx, [row]);
        return { kind: "claimed", claim: claim!, offer };
      }, TRANSACTION_OPTIONS);
    } catch (error) {
      if (error instanceof LimitReached) return { kind: "limit_reached", claims: error.claims };
      throw error;
    }
  }

  /** Whether the offer takes claims at `at` (live and inside its window), whatever its stock. */
  async #claimable(db: Pick<Prisma.TransactionClient, "campaign">, offerId: string, at: Date): Promise<boolean> {
    const live = await db.campaign.count({
      where: { id: offerId, kind: "offer", state: "live", startsAt: { lte: at }, closesAt: { gt: at } },
    });
    return live === 1;
  }

  async claimsOf(offerId: string, memberId: string): Promise<OfferClaim[]> {
    const rows = await this.#prisma.offerClaim.findMany({
      where: { campaignId: offerId, memberId },
      orderBy: { serial: "asc" },
    });
    return withCodes(this.#prisma, rows);
  }

  async claimBySerial(offerId: string, serial: number): Promise<OfferClaim | null> {
    const row = await this.#prisma.offerClaim.findUnique({
      where: { campaignId_serial: { campaignId: offerId, serial } },
    });
    return row ? ((await withCodes(this.#prisma, [row]))[0] ?? null) : null;
  }

  async claimByPoolCode(brandId: string, code: string): Promise<{ offer: Offer; claim: OfferClaim } | null> {
    const pooled = await this.#prisma.offerCode.findUnique({ where: { brandId_code: { brandId, code } } });
    if (!pooled) return null;
    const [claim, offer] = await Promise.all([
      this.claimBySerial(pooled.campaignId, pooled.slot),
      this.get(pooled.campaignId),
    ]);
    return claim && offer ? { offer, claim } : null;
  }

  async redeem(offerId: string, serial: number, at: Date): Promise<RedeemOutcome> {
    const changed = await this.#prisma.offerClaim.updateMany({
      where: { campaignId: offerId, serial, redeemedAt: null },
      data: { redeemedAt: at },
    });
    const claim = await this.claimBySerial(offerId, serial);
    if (!claim) return { kind: "not_found" };
    return { kind: changed.count === 1 ? "redeemed" : "already_redeemed", claim };
  }

  async stats(offerId: string): Promise<OfferStats> {
    const [stock, redeemed] = await Promise.all([
      this.#prisma.offer.findUnique({ where: { campaignId: offerId }, select: { claimed: true } }),
      this.#prisma.offerClaim.findMany({
        where: { campaignId: offerId, redeemedAt: { not: null } },
        select: { claimedAt: true, redeemedAt: true },
      }),
    ]);
    return {
      claimed: stock?.claimed ?? 0,
      redeemed: redeemed.length,
      medianMsToRedeem: median(redeemed.map((r) => r.redeemedAt!.getTime() - r.claimedAt.getTime())),
    };
  }

  async periodFacts(communityId: string, from: Date, to: Date): Promise<OfferPeriodFacts> {
    const ofCommunity = { offer: { campaign: { communityId } } };
    const [claims, redeemed] = await Promise.all([
      this.#prisma.offerClaim.count({ where: { ...ofCommunity, claimedAt: { gte: from, lt: to } } }),
      this.#prisma.offerClaim.findMany({
        where: { ...ofCommunity, redeemedAt: { gte: from, lt: to } },
        select: { claimedAt: true, redeemedAt: true },
      }),
    ]);
    const hours = median(redeemed.map((r) => (r.redeemedAt!.getTime() - r.claimedAt.getTime()) / 3_600_000));
    return { claims, redemptions: redeemed.length, medianHoursToRedeem: hours };
  }

  async liveOffers(communityId: string, at: Date): Promise<LiveOfferFacts[]> {
    const rows = await this.#prisma.campaign.findMany({
      where: { communityId, kind: "offer", state: "live", startsAt: { lte: at }, closesAt: { gt: at } },
      orderBy: [{ closesAt: "asc" }, { id: "asc" }],
      include: withOffer,
    });
    return rows.map(toOffer).map((offer) => ({
      title: offer.title,
      closesAt: offer.endsAt,
      remaining: Math.max(0, offer.quantity - offer.claimed),
    }));
  }

  async claimants(offerIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (let start = 0; start < offerIds.length; start += CHUNK) {
      const rows = await this.#prisma.offerClaim.groupBy({
        by: ["campaignId"],
        where: { campaignId: { in: offerIds.slice(start, start + CHUNK) }, memberSlot: 1 },
        _count: { _all: true },
      });
      for (const row of rows) counts.set(row.campaignId, row._count._all);
    }
    return counts;
  }

  async addMessage(offerId: string, ref: MessageRef, at: Date): Promise<void> {
    const data = {
      campaignId: offerId,
      role: "channel",
      platform: ref.platform,
      channelId: ref.channelId,
      messageId: ref.messageId,
      at,
    };
    try {
      await this.#prisma.campaignMessage.create({ data });
    } catch (error) {
      // The same message recorded twice (a retried job): the first row stands.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async messages(offerId: string): Promise<MessageRef[]> {
    const rows = await this.#prisma.campaignMessage.findMany({
      where: { campaignId: offerId, role: "channel" },
      orderBy: { id: "asc" },
    });
    return rows.map((row) => ({
      platform: platformSchema.parse(row.platform),
      channelId: row.channelId,
      messageId: row.messageId,
    }));
  }
}
