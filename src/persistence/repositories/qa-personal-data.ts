// The Q&A repository's reads and writes about people: erasure, export, and the digest's answer times.
import type { FirstAnswerTime, QaErasure, QaPersonalRecords } from "../../core/qa/qa.repository.port.ts";
import type { DatabaseClient } from "../database-client.ts";

/** Like the repository's own: an erasure of a busy member must not time out. */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

/** The topic of a question's session, as exports name it. */
const withTopic = { session: { select: { campaign: { select: { title: true } } } } } as const;

/** Questions of the community first answered in [from, to) (QaRepository.firstAnswerTimes). */
export async function firstAnswerTimes(
  prisma: DatabaseClient,
  communityId: string,
  from: Date,
  to: Date,
): Promise<FirstAnswerTime[]> {
  const rows = await prisma.qaQuestion.findMany({
    where: { session: { communityId }, firstAnsweredAt: { gte: from, lt: to } },
    orderBy: { firstAnsweredAt: "asc" },
    select: { id: true, sessionId: true, askedAt: true, firstAnsweredAt: true },
  });
  return rows.map((row) => ({
    questionId: row.id,
    sessionId: row.sessionId,
    askedAt: row.askedAt,
    firstAnsweredAt: row.firstAnsweredAt!,
  }));
}

/** Unlinks a member from their questions (texts deleted) and upvotes (QaRepository.eraseMember). */
export function eraseMember(prisma: DatabaseClient, memberId: string): Promise<QaErasure> {
  return prisma.$transaction(async (tx): Promise<QaErasure> => {
    const asked = await tx.qaQuestion.findMany({ where: { askerId: memberId }, select: { sessionId: true } });
    const upvoted = await tx.qaUpvote.findMany({
      where: { memberId },
      select: { question: { select: { sessionId: true } } },
    });
    const questions = await tx.qaQuestion.updateMany({
      where: { askerId: memberId },
      data: { askerId: null, text: null, notifyAddress: null },
    });
    const upvotes = await tx.qaUpvote.updateMany({ where: { memberId }, data: { memberId: null } });
    const sessionIds = new Set([...asked.map((q) => q.sessionId), ...upvoted.map((u) => u.question.sessionId)]);
    return { sessionIds: [...sessionIds], questions: questions.count, upvotes: upvotes.count };
  }, TRANSACTION_OPTIONS);
}

/**
 * How many questions and upvotes personalRecords returns for these members, counted without loading them
 * (every question has its session and campaign, every upvote its question: required relations).
 */
export async function countPersonalRecords(prisma: DatabaseClient, memberIds: readonly string[]): Promise<number> {
  const ids = [...memberIds];
  const [questions, upvotes] = await Promise.all([
    prisma.qaQuestion.count({ where: { askerId: { in: ids } } }),
    prisma.qaUpvote.count({ where: { memberId: { in: ids } } }),
  ]);
  return questions + upvotes;
}

/** A person's questions and upvotes for their export (QaRepository.personalRecords). */
export async function personalRecords(
  prisma: DatabaseClient,
  memberIds: readonly string[],
): Promise<QaPersonalRecords> {
  const ids = [...memberIds];
  const [questions, upvotes] = await Promise.all([
    prisma.qaQuestion.findMany({
      where: { askerId: { in: ids } },
      include: withTopic,
      orderBy: [{ askedAt: "asc" }, { number: "asc" }],
    }),
    prisma.qaUpvote.findMany({
      where: { memberId: { in: ids } },
      include: { question: { select: { number: true, ...withTopic } } },
      orderBy: [{ at: "asc" }, { id: "asc" }],
    }),
  ]);
  return {
    questions: questions.map((q) => ({
      topic: q.session.campaign.title,
      number: q.number,
      text: q.text,
      state: q.state,
      askedAt: q.askedAt,
      firstAnsweredAt: q.firstAnsweredAt,
    })),
    upvotes: upvotes.map((u) => ({
      topic: u.question.session.campaign.title,
      questionNumber: u.question.number,
      at: u.at,
    })),
  };
}
