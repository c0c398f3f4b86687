import type { QaQuestion, QaSession } from "../../core/qa/qa.ts";
import type {
  Campaign as CampaignRow,
  Prisma,
  QaQuestion as QuestionRow,
  QaSession as SessionRow,
} from "../generated/sqlite/client.ts";

/** A session is read with its campaign (topic, state, times). */
export const withCampaign = { campaign: true } as const;
/** A question is read with its upvote count. */
export const withCount = { _count: { select: { upvotes: true } } } as const;

type Tx = Prisma.TransactionClient;
/** A question row as read with `withCount`. */
export type QuestionWithCount = QuestionRow & { _count: { upvotes: number } };

/** The unique key of a channel's open session. */
export function openKey(communityId: string, channelId: string): string {
  return `${communityId}/${channelId}`;
}

/** A question read back inside a transaction. */
export function questionOf(tx: Tx, id: string): Promise<QuestionWithCount> {
  return tx.qaQuestion.findUniqueOrThrow({ where: { id }, include: withCount });
}

/** A QaSession row with its campaign, as the core sees it. */
export function toSession(row: SessionRow & { campaign: CampaignRow }): QaSession {
  return {
    id: row.campaignId,
    communityId: row.communityId,
    channelId: row.channelId,
    topic: row.campaign.title,
    moderated: row.moderated,
    maxOpenPerMember: row.maxOpenPerMember,
    openedAt: row.campaign.startsAt ?? row.campaign.createdAt,
    endsAt: row.campaign.closesAt,
    closedAt: row.campaign.closedAt,
    state: row.openChannelKey === null ? "closed" : "open",
    boardMessageId: row.boardMessageId,
  };
}

/** A question row with its upvote count, as the core sees it. */
export function toQuestion(row: QuestionWithCount): QaQuestion {
  return {
    id: row.id,
    sessionId: row.sessionId,
    number: row.number,
    askerId: row.askerId,
    text: row.text,
    state: row.state,
    mergedIntoId: row.mergedIntoId,
    askedAt: row.askedAt,
    publishedAt: row.publishedAt,
    firstAnsweredAt: row.firstAnsweredAt,
    answerCount: row.answerCount,
    upvotes: row._count.upvotes,
    notifyAddress: row.notifyAddress,
    review:
      row.reviewChannelId && row.reviewMessageId
        ? { channelId: row.reviewChannelId, messageId: row.reviewMessageId }
        : null,
  };
}
