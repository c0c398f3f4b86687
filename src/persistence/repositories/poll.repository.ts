import { platformSchema } from "../../core/domain/platform.ts";
import { pollPayloadSchema } from "../../core/polls/poll.schema.ts";
import type { Poll, Tally } from "../../core/polls/poll.ts";
import type {
  CloseOutcome,
  NewPoll,
  PollMessage,
  PollRepository,
  VoteOutcome,
  VoteRequest,
} from "../../core/ports/poll.repository.port.ts";
import { segmentSchema } from "../../core/targeting/segment.schema.ts";
import type { DatabaseClient } from "../database-client.ts";
import type { Campaign as CampaignRow, Prisma } from "../generated/sqlite/client.ts";
import { isUniqueViolation } from "./processed-update.repository.ts";

/**
 * Votes on a busy poll queue behind one another (they share the poll's row lock); the queue must not time
 * out while a few hundred members vote at once.
 */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

/** Rows per createMany of the audience: well under SQLite's bound-parameter limit. */
const AUDIENCE_CHUNK = 400;

/** Tries at numbering a poll when two moderators create polls in one community at the same instant. */
const NUMBERING_ATTEMPTS = 5;

/**
 * Polls as Campaign rows of kind "poll" (question, options and settings in payload), with PollVote,
 * CampaignMessage and CampaignAudience.
 *
 * Every vote transaction starts by updating the poll's campaign row on the condition that it is live and
 * before its closing time; the close updates the same row. On PostgreSQL the row lock makes them queue,
 * and a vote waiting behind the close re-checks the condition and finds the poll closed; on SQLite
 * transactions are serialized anyway. So the final tally, read inside the closing transaction after the
 * state changed, holds every accepted vote and no refused one.
 */
export class PollRepositoryPrisma implements PollRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async create(poll: NewPoll, audience: readonly string[] | null): Promise<Poll> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#prisma.$transaction(async (tx) => {
          const last = await tx.campaign.aggregate({
            where: { communityId: poll.communityId },
            _max: { number: true },
          });
          const row = await tx.campaign.create({ data: toRow(poll, (last._max.number ?? 0) + 1) });
          for (let start = 0; audience && start < audience.length; start += AUDIENCE_CHUNK) {
            await tx.campaignAudience.createMany({
              data: audience
                .slice(start, start + AUDIENCE_CHUNK)
                .map((memberId) => ({ campaignId: poll.id, memberId })),
            });
          }
          return toPoll(row);
        }, TRANSACTION_OPTIONS);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= NUMBERING_ATTEMPTS) throw error;
      }
    }
  }

  async get(id: string): Promise<Poll | null> {
    const row = await this.#prisma.campaign.findUnique({ where: { id } });
    return row?.kind === "poll" ? toPoll(row) : null;
  }

  async findByNumber(communityId: string, number: number): Promise<Poll | null> {
    const row = await this.#prisma.campaign.findUnique({ where: { communityId_number: { communityId, number } } });
    return row?.kind === "poll" ? toPoll(row) : null;
  }

  async listOpen(communityId: string): Promise<Poll[]> {
    const rows = await this.#prisma.campaign.findMany({
      where: { communityId, kind: "poll", state: "live" },
      orderBy: { number: "asc" },
    });
    return rows.map(toPoll);
  }

  async discard(id: string): Promise<void> {
    await this.#prisma.campaign.deleteMany({ where: { id, kind: "poll" } });
  }

  async inAudience(pollId: string, memberId: string): Promise<boolean> {
    const row = await this.#prisma.campaignAudience.findUnique({
      where: { campaignId_memberId: { campaignId: pollId, memberId } },
    });
    return row !== null;
  }

  castVote(vote: VoteRequest): Promise<VoteOutcome> {
    return this.#prisma.$transaction(async (tx): Promise<VoteOutcome> => {
      const open = await tx.campaign.updateMany({
        where: { id: vote.pollId, kind: "poll", state: "live", closesAt: { gt: vote.at } },
        data: { updatedAt: vote.at },
      });
      if (open.count === 0) return { kind: "closed" };
      const mine = { campaignId: vote.pollId, voterKey: vote.voterKey };
      const before = (await tx.pollVote.findMany({ where: mine, orderBy: { optionIndex: "asc" } })).map(
        (row) => row.optionIndex,
      );
      const row = { ...mine, optionIndex: vote.option, memberId: vote.memberId, at: vote.at };
      if (vote.mode === "single") {
        if (before.length === 1 && before[0] === vote.option) return { kind: "unchanged", choices: before };
        await tx.pollVote.deleteMany({ where: mine });
        await tx.pollVote.create({ data: row });
        return { kind: "changed", before, after: [vote.option] };
      }
      if (before.includes(vote.option)) {
        await tx.pollVote.deleteMany({ where: { ...mine, optionIndex: vote.option } });
        return { kind: "changed", before, after: before.filter((o) => o !== vote.option) };
      }
      await tx.pollVote.create({ data: row });
      return { kind: "changed", before, after: [...before, vote.option].sort((a, b) => a - b) };
    }, TRANSACTION_OPTIONS);
  }

  async choices(pollId: string, voterKey: string): Promise<number[]> {
    const rows = await this.#prisma.pollVote.findMany({
      where: { campaignId: pollId, voterKey },
      orderBy: { optionIndex: "asc" },
    });
    return rows.map((row) => row.optionIndex);
  }

  close(pollId: string, at: Date, when: "due" | "now"): Promise<CloseOutcome> {
    return this.#prisma.$transaction(async (tx): Promise<CloseOutcome> => {
      const due = when === "due" ? { closesAt: { lte: at } } : {};
      const changed = await tx.campaign.updateMany({
        where: { id: pollId, kind: "poll", state: "live", ...due },
        data: { state: "closed", closedAt: at },
      });
      const row = await tx.campaign.findUnique({ where: { id: pollId } });
      if (row?.kind !== "poll") return { kind: "not_found" };
      const poll = toPoll(row);
      if (changed.count === 1) return { kind: "closed", poll, tally: await tallyOf(tx, poll) };
      if (poll.state === "closed") return { kind: "already_closed", poll, tally: await tallyOf(tx, poll) };
      return { kind: "not_due", poll };
    }, TRANSACTION_OPTIONS);
  }

  async tally(pollId: string): Promise<Tally> {
    const row = await this.#prisma.campaign.findUnique({ where: { id: pollId } });
    if (row?.kind !== "poll") throw new Error(`no poll ${pollId}`);
    return tallyOf(this.#prisma, toPoll(row));
  }

  async addMessage(pollId: string, message: PollMessage): Promise<void> {
    const data = {
      campaignId: pollId,
      role: message.role,
      platform: message.ref.platform,
      channelId: message.ref.channelId,
      messageId: message.ref.messageId,
      at: message.at,
      memberId: message.memberId ?? null,
    };
    try {
      await this.#prisma.campaignMessage.create({ data });
    } catch (error) {
      // The same message recorded twice (a retried job): the first row stands.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async messages(pollId: string): Promise<PollMessage[]> {
    const rows = await this.#prisma.campaignMessage.findMany({ where: { campaignId: pollId }, orderBy: { id: "asc" } });
    return rows.map((row) => ({
      role: row.role === "results" || row.role === "direct" ? row.role : "channel",
      ref: { platform: platformSchema.parse(row.platform), channelId: row.channelId, messageId: row.messageId },
      at: row.at,
      ...(row.memberId ? { memberId: row.memberId } : {}),
    }));
  }
}

type Reader = Pick<Prisma.TransactionClient, "pollVote">;

async function tallyOf(db: Reader, poll: Poll): Promise<Tally> {
  const where = { campaignId: poll.id };
  const perOption = await db.pollVote.groupBy({ by: ["optionIndex"], where, _count: { _all: true } });
  const counts = poll.options.map(() => 0);
  for (const row of perOption) if (row.optionIndex < counts.length) counts[row.optionIndex] = row._count._all;
  const voters = poll.multi
    ? (await db.pollVote.groupBy({ by: ["voterKey"], where })).length
    : counts.reduce((sum, n) => sum + n, 0);
  return { counts, voters };
}

function toRow(poll: NewPoll, number: number) {
  return {
    id: poll.id,
    communityId: poll.communityId,
    kind: "poll" as const,
    state: "live" as const,
    title: poll.question,
    segment: poll.segment,
    payload: pollPayloadSchema.parse({
      question: poll.question,
      options: poll.options,
      multi: poll.multi,
      results: poll.results,
      anonymity: poll.anonymity,
      mentionRoleId: poll.mentionRoleId,
    }),
    channelId: poll.channelId,
    startsAt: poll.sentAt,
    closesAt: poll.closesAt,
    number,
    reach: poll.reach,
    createdAt: poll.sentAt,
  };
}

function toPoll(row: CampaignRow): Poll {
  const payload = pollPayloadSchema.parse(row.payload);
  if (row.number === null || row.closesAt === null || row.startsAt === null || row.channelId === null) {
    throw new Error(`campaign ${row.id} is not a complete poll`);
  }
  return {
    id: row.id,
    communityId: row.communityId,
    number: row.number,
    question: payload.question,
    options: payload.options,
    multi: payload.multi,
    results: payload.results,
    anonymity: payload.anonymity,
    segment: segmentSchema.parse(row.segment),
    channelId: row.channelId,
    mentionRoleId: payload.mentionRoleId,
    state: row.state === "closed" ? "closed" : "live",
    sentAt: row.startsAt,
    closesAt: row.closesAt,
    closedAt: row.closedAt,
    reach: row.reach ?? 0,
  };
}
