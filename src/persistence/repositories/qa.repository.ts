import type {
  AskOutcome,
  CloseSessionOutcome,
  FirstAnswerTime,
  MergeOutcome,
  NewQaQuestion,
  NewQaSession,
  OpenSessionOutcome,
  QaErasure,
  QaPersonalRecords,
  QaRepository,
} from "../../core/qa/qa.repository.port.ts";
import type { QaQuestion, QaQuestionState, QaSession } from "../../core/qa/qa.ts";
import type { DatabaseClient } from "../database-client.ts";
import { isUniqueViolation } from "./processed-update.repository.ts";
import { eraseMember, firstAnswerTimes, personalRecords } from "./qa-personal-data.ts";
import { openKey, questionOf, toQuestion, toSession, withCampaign, withCount } from "./qa-rows.ts";

/** Asks in a busy session queue behind one another on the session row; the queue must not time out. */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

/** Thrown inside the ask transaction to roll back the number it took. */
class LimitReached extends Error {
  constructor(readonly max: number) {
    super("open-question limit reached");
  }
}

/**
 * Q&A sessions as Campaign rows of kind "qa" (topic, state, times) with a QaSession row each, their
 * QaQuestion and QaUpvote rows. QaSession.openChannelKey is unique while a session is open, so two
 * moderators opening a session in one channel at once get one session. Each ask first increments the
 * session's lastNumber: on PostgreSQL that row lock queues the asks of a session, so the open-question
 * limit is checked and the question written without a race; on SQLite transactions are serialized anyway.
 */
export class QaRepositoryPrisma implements QaRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async open(input: NewQaSession): Promise<OpenSessionOutcome> {
    try {
      const row = await this.#prisma.qaSession.create({
        data: {
          campaign: {
            create: {
              id: input.id,
              community: { connect: { id: input.communityId } },
              kind: "qa",
              state: "live",
              title: input.topic,
              segment: { kind: "everyone" },
              payload: {},
              channelId: input.channelId,
              startsAt: input.openedAt,
              closesAt: input.endsAt,
            },
          },
          communityId: input.communityId,
          channelId: input.channelId,
          openChannelKey: openKey(input.communityId, input.channelId),
          moderated: input.moderated,
          maxOpenPerMember: input.maxOpenPerMember,
        },
        include: withCampaign,
      });
      return { kind: "opened", session: toSession(row) };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const busy = await this.findOpenInChannel(input.communityId, input.channelId);
      if (!busy) throw error;
      return { kind: "channel_busy", session: busy };
    }
  }

  async discard(sessionId: string): Promise<void> {
    await this.#prisma.campaign.deleteMany({ where: { id: sessionId, kind: "qa" } });
  }

  async setBoard(sessionId: string, messageId: string): Promise<void> {
    await this.#prisma.qaSession.updateMany({ where: { campaignId: sessionId }, data: { boardMessageId: messageId } });
  }

  async get(sessionId: string): Promise<QaSession | null> {
    const row = await this.#prisma.qaSession.findUnique({ where: { campaignId: sessionId }, include: withCampaign });
    return row ? toSession(row) : null;
  }

  async findOpenInChannel(communityId: string, channelId: string): Promise<QaSession | null> {
    const row = await this.#prisma.qaSession.findUnique({
      where: { openChannelKey: openKey(communityId, channelId) },
      include: withCampaign,
    });
    return row ? toSession(row) : null;
  }

  async listOpen(communityId: string): Promise<QaSession[]> {
    const rows = await this.#prisma.qaSession.findMany({
      where: { communityId, openChannelKey: { not: null } },
      include: withCampaign,
      orderBy: { campaign: { startsAt: "asc" } },
    });
    return rows.map(toSession);
  }

  async ask(input: NewQaQuestion): Promise<AskOutcome> {
    try {
      return await this.#prisma.$transaction(async (tx): Promise<AskOutcome> => {
        const taken = await tx.qaSession.updateMany({
          where: { campaignId: input.sessionId, openChannelKey: { not: null } },
          data: { lastNumber: { increment: 1 } },
        });
        if (taken.count === 0) return { kind: "closed" };
        const session = await tx.qaSession.findUniqueOrThrow({ where: { campaignId: input.sessionId } });
        const open = await tx.qaQuestion.count({
          where: {
            sessionId: input.sessionId,
            askerId: input.askerId,
            state: { in: ["pending", "published"] },
            firstAnsweredAt: null,
          },
        });
        if (open + (input.priorOpen ?? 0) >= session.maxOpenPerMember) {
          throw new LimitReached(session.maxOpenPerMember);
        }
        const row = await tx.qaQuestion.create({
          data: {
            id: input.id,
            sessionId: input.sessionId,
            number: session.lastNumber,
            askerId: input.askerId,
            text: input.text,
            state: input.state,
            askedAt: input.at,
            publishedAt: input.state === "published" ? input.at : null,
            notifyAddress: input.notifyAddress,
          },
          include: withCount,
        });
        return { kind: "asked", question: toQuestion(row) };
      }, TRANSACTION_OPTIONS);
    } catch (error) {
      if (error instanceof LimitReached) return { kind: "limit", max: error.max };
      throw error;
    }
  }

  async question(questionId: string): Promise<QaQuestion | null> {
    const row = await this.#prisma.qaQuestion.findUnique({ where: { id: questionId }, include: withCount });
    return row ? toQuestion(row) : null;
  }

  async questionByNumber(sessionId: string, number: number): Promise<QaQuestion | null> {
    const row = await this.#prisma.qaQuestion.findUnique({
      where: { sessionId_number: { sessionId, number } },
      include: withCount,
    });
    return row ? toQuestion(row) : null;
  }

  async questions(sessionId: string): Promise<QaQuestion[]> {
    const rows = await this.#prisma.qaQuestion.findMany({
      where: { sessionId },
      include: withCount,
      orderBy: { number: "asc" },
    });
    return rows.map(toQuestion);
  }

  async upvote(questionId: string, memberId: string, at: Date): Promise<boolean> {
    try {
      await this.#prisma.qaUpvote.create({ data: { questionId, memberId, at } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async hasUpvoted(questionId: string, memberId: string): Promise<boolean> {
    return (await this.#prisma.qaUpvote.count({ where: { questionId, memberId } })) > 0;
  }

  async withdrawUpvote(questionId: string, memberId: string): Promise<boolean> {
    const { count } = await this.#prisma.qaUpvote.deleteMany({ where: { questionId, memberId } });
    return count > 0;
  }

  transition(
    questionId: string,
    from: readonly QaQuestionState[],
    to: QaQuestionState,
    at: Date,
  ): Promise<QaQuestion | null> {
    return this.#prisma.$transaction(async (tx) => {
      const moved = await tx.qaQuestion.updateMany({
        where: { id: questionId, state: { in: [...from] } },
        data: { state: to },
      });
      if (moved.count === 0) return null;
      if (to === "published") {
        await tx.qaQuestion.updateMany({ where: { id: questionId, publishedAt: null }, data: { publishedAt: at } });
      }
      return toQuestion(await tx.qaQuestion.findUniqueOrThrow({ where: { id: questionId }, include: withCount }));
    }, TRANSACTION_OPTIONS);
  }

  async merge(fromId: string, intoId: string, at: Date): Promise<MergeOutcome> {
    try {
      return await this.#merge(fromId, intoId, at);
    } catch (error) {
      // A member upvoting the target while its supporters move: the next try sees that upvote.
      if (!isUniqueViolation(error)) throw error;
      return this.#merge(fromId, intoId, at);
    }
  }

  #merge(fromId: string, intoId: string, at: Date): Promise<MergeOutcome> {
    return this.#prisma.$transaction(async (tx): Promise<MergeOutcome> => {
      const from = await tx.qaQuestion.findUnique({ where: { id: fromId } });
      if (!from || (from.state !== "pending" && from.state !== "published")) return { kind: "from_decided" };
      // Locks the target's row and checks it is still shown.
      const target = await tx.qaQuestion.updateMany({
        where: { id: intoId, sessionId: from.sessionId, state: "published", NOT: { id: fromId } },
        data: { state: "published" },
      });
      if (target.count === 0) return { kind: "invalid_target" };
      const moved = await tx.qaQuestion.updateMany({
        where: { id: fromId, state: { in: ["pending", "published"] } },
        data: { state: "merged", mergedIntoId: intoId },
      });
      if (moved.count === 0) return { kind: "from_decided" };
      const into = await tx.qaQuestion.findUniqueOrThrow({ where: { id: intoId } });
      const supporters = (await tx.qaUpvote.findMany({ where: { questionId: fromId } })).map((u) => u.memberId);
      const already = new Set((await tx.qaUpvote.findMany({ where: { questionId: intoId } })).map((u) => u.memberId));
      await tx.qaUpvote.deleteMany({ where: { questionId: fromId } });
      const fresh = [...new Set([...supporters, from.askerId])].filter(
        (memberId): memberId is string => memberId !== null && memberId !== into.askerId && !already.has(memberId),
      );
      for (const memberId of fresh) await tx.qaUpvote.create({ data: { questionId: intoId, memberId, at } });
      return {
        kind: "merged",
        from: toQuestion(await questionOf(tx, fromId)),
        into: toQuestion(await questionOf(tx, intoId)),
      };
    }, TRANSACTION_OPTIONS);
  }

  async setReview(questionId: string, ref: { channelId: string; messageId: string }): Promise<void> {
    await this.#prisma.qaQuestion.updateMany({
      where: { id: questionId },
      data: { reviewChannelId: ref.channelId, reviewMessageId: ref.messageId },
    });
  }

  recordAnswer(questionId: string, at: Date): Promise<QaQuestion | null> {
    return this.#prisma.$transaction(async (tx) => {
      const counted = await tx.qaQuestion.updateMany({
        where: { id: questionId },
        data: { answerCount: { increment: 1 } },
      });
      if (counted.count === 0) return null;
      await tx.qaQuestion.updateMany({
        where: { id: questionId, firstAnsweredAt: null },
        data: { firstAnsweredAt: at },
      });
      return toQuestion(await questionOf(tx, questionId));
    }, TRANSACTION_OPTIONS);
  }

  close(sessionId: string, at: Date): Promise<CloseSessionOutcome> {
    return this.#prisma.$transaction(async (tx): Promise<CloseSessionOutcome> => {
      const freed = await tx.qaSession.updateMany({
        where: { campaignId: sessionId, openChannelKey: { not: null } },
        data: { openChannelKey: null },
      });
      if (freed.count === 1) {
        await tx.campaign.update({ where: { id: sessionId }, data: { state: "closed", closedAt: at } });
        await tx.qaQuestion.updateMany({ where: { sessionId }, data: { notifyAddress: null } });
      }
      const row = await tx.qaSession.findUnique({ where: { campaignId: sessionId }, include: withCampaign });
      if (!row) return { kind: "not_found" };
      return { kind: freed.count === 1 ? "closed" : "already_closed", session: toSession(row) };
    }, TRANSACTION_OPTIONS);
  }

  firstAnswerTimes(communityId: string, from: Date, to: Date): Promise<FirstAnswerTime[]> {
    return firstAnswerTimes(this.#prisma, communityId, from, to);
  }

  eraseMember(memberId: string): Promise<QaErasure> {
    return eraseMember(this.#prisma, memberId);
  }

  personalRecords(memberIds: readonly string[]): Promise<QaPersonalRecords> {
    return personalRecords(this.#prisma, memberIds);
  }
}
