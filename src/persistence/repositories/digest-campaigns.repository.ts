import type {
  CampaignFacts,
  CampaignMetricsSource,
  LiveOffer,
  OfferFacts,
  OpenQuestions,
  QuestionFacts,
} from "../../core/digest/campaign-metrics.port.ts";
import { median } from "../../core/digest/statistics.ts";
import type { DatabaseClient } from "../database-client.ts";
import { Prisma } from "../generated/sqlite/client.ts";

/** Campaign ids per IN list: well under SQLite's bound-parameter limit. */
const IDS_PER_QUERY = 500;
const HOUR_MS = 3_600_000;

/**
 * Campaign facts from each kind's own tables: Campaign (sent = startsAt, reach), PollVote (a poll's responders
 * are its distinct voters, anonymous polls included), Offer and OfferClaim (an offer's responders are its
 * distinct claimers: each member's first claim; claims, redemptions and time to redeem), QaSession and
 * QaQuestion (questions, answers, time to first answer, questions still waiting). Bounded by the campaigns and
 * responses of the period read, never by the engagement events stored.
 */
export class CampaignMetricsPrisma implements CampaignMetricsSource {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async campaignsSent(communityId: string, from: Date, to: Date): Promise<CampaignFacts[]> {
    const rows = await this.#prisma.campaign.findMany({
      where: { communityId, startsAt: { gte: from, lt: to }, reach: { not: null } },
      select: { id: true, kind: true, title: true, number: true, startsAt: true, reach: true },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    });
    const ids = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.id);
    const [voters, claimers] = await Promise.all([
      this.#votersPerPoll(ids("poll")),
      this.#claimersPerOffer(ids("offer")),
    ]);
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      number: row.number,
      sentAt: row.startsAt as Date,
      reach: row.reach ?? 0,
      responders:
        row.kind === "poll" ? (voters.get(row.id) ?? 0) : row.kind === "offer" ? (claimers.get(row.id) ?? 0) : null,
    }));
  }

  async offers(communityId: string, from: Date, to: Date): Promise<OfferFacts | null> {
    const ofCommunity = { offer: { campaign: { communityId } } };
    const [claims, redeemed] = await Promise.all([
      this.#prisma.offerClaim.count({ where: { ...ofCommunity, claimedAt: { gte: from, lt: to } } }),
      this.#prisma.offerClaim.findMany({
        where: { ...ofCommunity, redeemedAt: { gte: from, lt: to } },
        select: { claimedAt: true, redeemedAt: true },
      }),
    ]);
    return {
      claims,
      redemptions: redeemed.length,
      medianHoursToRedeem: median(
        redeemed.map((r) => ((r.redeemedAt as Date).getTime() - r.claimedAt.getTime()) / HOUR_MS),
      ),
    };
  }

  async questions(communityId: string, from: Date, to: Date): Promise<QuestionFacts | null> {
    const asked = await this.#prisma.qaQuestion.findMany({
      where: { session: { communityId }, askedAt: { gte: from, lt: to } },
      select: { state: true, askedAt: true, firstAnsweredAt: true },
    });
    const answerable = asked.filter((q) => q.state !== "rejected" && q.state !== "merged");
    const answered = answerable.filter((q) => q.firstAnsweredAt !== null);
    return {
      questions: asked.length,
      answerable: answerable.length,
      answered: answered.length,
      medianHoursToFirstAnswer: median(
        answered.map((q) => ((q.firstAnsweredAt as Date).getTime() - q.askedAt.getTime()) / HOUR_MS),
      ),
    };
  }

  async openQuestions(communityId: string, _at: Date): Promise<OpenQuestions | null> {
    const waiting = {
      session: { communityId, openChannelKey: { not: null } },
      state: { in: ["pending", "published"] as ("pending" | "published")[] },
      firstAnsweredAt: null,
    };
    const [count, oldest] = await Promise.all([
      this.#prisma.qaQuestion.count({ where: waiting }),
      this.#prisma.qaQuestion.findFirst({ where: waiting, orderBy: { askedAt: "asc" }, select: { askedAt: true } }),
    ]);
    return { count, oldestAskedAt: oldest?.askedAt ?? null };
  }

  async liveOffers(communityId: string, at: Date): Promise<LiveOffer[]> {
    const rows = await this.#prisma.campaign.findMany({
      where: { communityId, kind: "offer", state: "live", OR: [{ closesAt: null }, { closesAt: { gt: at } }] },
      select: { title: true, closesAt: true, offer: { select: { quantity: true, claimed: true } } },
      orderBy: [{ closesAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    });
    return rows.map((row) => ({
      title: row.title,
      closesAt: row.closesAt,
      remaining: row.offer ? Math.max(0, row.offer.quantity - row.offer.claimed) : null,
    }));
  }

  /** Distinct voters per poll: a multiple-choice voter's several rows count once. */
  async #votersPerPoll(pollIds: readonly string[]): Promise<Map<string, number>> {
    const voters = new Map<string, number>();
    for (let start = 0; start < pollIds.length; start += IDS_PER_QUERY) {
      const ids = pollIds.slice(start, start + IDS_PER_QUERY);
      const rows = await this.#prisma.$queryRaw<{ campaignId: string; voters: bigint | number }[]>`
        SELECT "campaignId", COUNT(DISTINCT "voterKey") AS "voters" FROM "PollVote"
        WHERE "campaignId" IN (${Prisma.join(ids)})
        GROUP BY "campaignId"`;
      for (const row of rows) voters.set(row.campaignId, Number(row.voters));
    }
    return voters;
  }

  /** Distinct claimers per offer: each member's first claim (memberSlot 1), kept even after an erasure. */
  async #claimersPerOffer(offerIds: readonly string[]): Promise<Map<string, number>> {
    const claimers = new Map<string, number>();
    for (let start = 0; start < offerIds.length; start += IDS_PER_QUERY) {
      const rows = await this.#prisma.offerClaim.groupBy({
        by: ["campaignId"],
        where: { campaignId: { in: offerIds.slice(start, start + IDS_PER_QUERY) }, memberSlot: 1 },
        _count: { _all: true },
      });
      for (const row of rows) claimers.set(row.campaignId, row._count._all);
    }
    return claimers;
  }
}
