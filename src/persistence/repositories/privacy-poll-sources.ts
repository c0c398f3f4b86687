// The personal-data sources of polls and direct prompts: votes (unlinked and re-keyed on erasure, so poll
// totals stay true), the audiences activity segments held, prompt deliveries (kept without the member) and
// the private copies of campaigns (their channel is the member's private chat).
import { randomUUID } from "node:crypto";
import { pollPayloadSchema } from "../../core/polls/poll.schema.ts";
import type {
  AttributedRow,
  JsonRecord,
  PersonalDataSource,
  PersonalDataSubject,
} from "../../core/privacy/personal-data.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { countPerChunk, perChunk, sumPerChunk } from "./privacy-member-sources.ts";

/** Values bound per vote query: under SQLite's historical limit of 999 and PostgreSQL's 65,535. */
const PARAMETERS_PER_QUERY = 900;

interface PollInfo {
  readonly id: string;
  readonly title: string;
  readonly options: readonly string[];
}

/** The polls of the subject's communities (their id, or every field the export shows). */
function pollRowsOf<Fields extends { id: true; title?: true; payload?: true }>(
  prisma: DatabaseClient,
  subject: PersonalDataSubject,
  select: Fields,
) {
  const communityIds = [...new Set(subject.members.map((m) => m.communityId))];
  return perChunk(communityIds, (ids) =>
    prisma.campaign.findMany({
      where: { communityId: { in: ids }, kind: "poll" },
      select,
      orderBy: { createdAt: "asc" },
    }),
  );
}

/** The polls of the subject's communities, as the export shows them. */
async function pollsOf(prisma: DatabaseClient, subject: PersonalDataSubject): Promise<PollInfo[]> {
  const rows = await pollRowsOf(prisma, subject, { id: true, title: true, payload: true });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    options: pollPayloadSchema.safeParse(r.payload).data?.options ?? [],
  }));
}

/**
 * The subject's votes in these polls, as query conditions that each bind at most PARAMETERS_PER_QUERY values:
 * attributed votes by member id, anonymous ones by their voter keys (one per member and poll). A person's
 * members are split first, then each share's polls, so a person in many communities of a brand that ran many
 * polls stays under the databases' limit on bound values. A vote is found by exactly one condition: it is
 * one member's, and that member is in exactly one share.
 */
function votesWhere(subject: PersonalDataSubject, pollIds: readonly string[]) {
  const wheres = [];
  const memberIds = [...new Set(subject.memberIds)];
  const membersPerQuery = Math.floor(PARAMETERS_PER_QUERY / 4);
  for (let from = 0; from < memberIds.length; from += membersPerQuery) {
    const members = memberIds.slice(from, from + membersPerQuery);
    const keysOf = (pollId: string) => {
      const keys = new Set(members);
      return subject.voterKeys(pollId).filter((_, i) => keys.has(subject.memberIds[i]!));
    };
    // Per poll: its id twice and a key per member; the member ids once per query.
    const pollsPerQuery = Math.max(1, Math.floor((PARAMETERS_PER_QUERY - members.length) / (members.length + 2)));
    for (let start = 0; start < pollIds.length; start += pollsPerQuery) {
      const chunk = pollIds.slice(start, start + pollsPerQuery);
      wheres.push({
        OR: [
          { campaignId: { in: chunk }, memberId: { in: members } },
          ...chunk.map((id) => ({ campaignId: id, voterKey: { in: keysOf(id) } })),
        ],
      });
    }
  }
  return wheres;
}

/** The subject's vote rows. */
async function votesOf(prisma: DatabaseClient, subject: PersonalDataSubject, polls: readonly PollInfo[]) {
  const votes = [];
  const pollIds = polls.map((p) => p.id);
  for (const where of votesWhere(subject, pollIds)) {
    votes.push(...(await prisma.pollVote.findMany({ where, orderBy: [{ at: "asc" }, { id: "asc" }] })));
  }
  return votes;
}

/** PollVote: one row per chosen option. */
export function pollVoteSource(prisma: DatabaseClient): PersonalDataSource {
  return {
    name: "pollVotes",
    tables: ["PollVote"],
    async export(subject) {
      const polls = await pollsOf(prisma, subject);
      const byId = new Map(polls.map((p) => [p.id, p]));
      return (await votesOf(prisma, subject, polls)).map(
        (v): JsonRecord => ({
          campaignId: v.campaignId,
          question: byId.get(v.campaignId)?.title ?? "",
          option: byId.get(v.campaignId)?.options[v.optionIndex] ?? null,
          optionIndex: v.optionIndex,
          at: v.at.toISOString(),
          attributed: v.memberId !== null,
        }),
      );
    },
    async count(subject) {
      // The poll ids are needed to derive the voter keys; the votes themselves are only counted.
      const pollIds = (await pollRowsOf(prisma, subject, { id: true })).map((p) => p.id);
      let total = 0;
      for (const where of votesWhere(subject, pollIds)) total += await prisma.pollVote.count({ where });
      return total;
    },
    async erase(subject) {
      const votes = await votesOf(prisma, subject, await pollsOf(prisma, subject));
      const voters = new Map(votes.map((v) => [`${v.campaignId}\n${v.voterKey}`, v]));
      let changed = 0;
      // A fresh random key per voter and poll: the choice still counts, for no one, and one vote per voter holds.
      for (const v of voters.values()) {
        changed += (
          await prisma.pollVote.updateMany({
            where: { campaignId: v.campaignId, voterKey: v.voterKey },
            data: { memberId: null, voterKey: `erased-${randomUUID()}` },
          })
        ).count;
      }
      return changed;
    },
    async audit(context) {
      const attributed = await prisma.pollVote.findMany({
        where: { memberId: { not: null } },
        select: { memberId: true, at: true },
      });
      const rows = attributed.map((v): AttributedRow => ({ memberId: v.memberId ?? "", at: v.at }));
      const lacking = await context.lackingConsentAt("analytics", rows);
      return [
        {
          table: "PollVote",
          rule: "a vote names its member only if they allowed analytics when voting",
          violations: lacking.length,
        },
      ];
    },
  };
}

/**
 * CampaignAudience: the members an activity-based segment held when a campaign was sent. Such segments need a
 * personalization consent, so withdrawing it takes the member out of them at once.
 */
export function campaignAudienceSource(prisma: DatabaseClient): PersonalDataSource {
  const remove = (memberIds: readonly string[]) =>
    countPerChunk(memberIds, (ids) => prisma.campaignAudience.deleteMany({ where: { memberId: { in: ids } } }));
  return {
    name: "campaignAudiences",
    tables: ["CampaignAudience"],
    async export(subject) {
      const rows = await perChunk(subject.memberIds, (ids) =>
        prisma.campaignAudience.findMany({
          where: { memberId: { in: ids } },
          include: { campaign: { select: { title: true, kind: true } } },
        }),
      );
      return rows.map(
        (a): JsonRecord => ({
          memberId: a.memberId,
          campaignId: a.campaignId,
          kind: a.campaign.kind,
          title: a.campaign.title,
        }),
      );
    },
    // Every audience row has its campaign (a required relation), so the rows alone give the count.
    count: (subject) =>
      sumPerChunk(subject.memberIds, (ids) => prisma.campaignAudience.count({ where: { memberId: { in: ids } } })),
    erase: (subject) => remove(subject.memberIds),
    withdrawn: async (subject, purpose) => (purpose === "personalization" ? remove(subject.memberIds) : 0),
  };
}

/** PromptDelivery: campaigns offered to the member privately. Erasure keeps the rows without the member. */
export function promptDeliverySource(prisma: DatabaseClient): PersonalDataSource {
  return {
    name: "directPrompts",
    tables: ["PromptDelivery"],
    async export(subject) {
      const rows = await perChunk(subject.memberIds, (ids) =>
        prisma.promptDelivery.findMany({ where: { memberId: { in: ids } }, orderBy: { createdAt: "asc" } }),
      );
      return rows.map(
        (d): JsonRecord => ({
          memberId: d.memberId,
          campaignId: d.campaignId,
          status: d.status,
          reason: d.reason,
          deliverAt: d.deliverAt.toISOString(),
          createdAt: d.createdAt.toISOString(),
        }),
      );
    },
    count: (subject) =>
      sumPerChunk(subject.memberIds, (ids) => prisma.promptDelivery.count({ where: { memberId: { in: ids } } })),
    erase: (subject) =>
      countPerChunk(subject.memberIds, (ids) =>
        prisma.promptDelivery.updateMany({ where: { memberId: { in: ids } }, data: { memberId: null } }),
      ),
    async audit(context) {
      const rows = await prisma.promptDelivery.findMany({
        where: { memberId: { not: null } },
        select: { memberId: true, createdAt: true },
      });
      const lacking = await context.lackingConsentAt(
        "direct_messages",
        rows.map((d) => ({ memberId: d.memberId ?? "", at: d.createdAt })),
      );
      return [
        {
          table: "PromptDelivery",
          rule: "private prompts went only to members who allowed direct messages then",
          violations: lacking.length,
        },
      ];
    },
  };
}

/** CampaignMessage rows of private copies: their channel is the member's private chat. */
export function privateCopySource(prisma: DatabaseClient): PersonalDataSource {
  const remove = (memberIds: readonly string[]) =>
    countPerChunk(memberIds, (ids) => prisma.campaignMessage.deleteMany({ where: { memberId: { in: ids } } }));
  return {
    name: "privateCopies",
    tables: ["CampaignMessage"],
    async export(subject) {
      const rows = await perChunk(subject.memberIds, (ids) =>
        prisma.campaignMessage.findMany({ where: { memberId: { in: ids } }, orderBy: { at: "asc" } }),
      );
      return rows.map(
        (m): JsonRecord => ({
          memberId: m.memberId,
          campaignId: m.campaignId,
          platform: m.platform,
          privateChat: m.channelId,
          messageId: m.messageId,
          at: m.at.toISOString(),
        }),
      );
    },
    count: (subject) =>
      sumPerChunk(subject.memberIds, (ids) => prisma.campaignMessage.count({ where: { memberId: { in: ids } } })),
    erase: (subject) => remove(subject.memberIds),
    withdrawn: async (subject, purpose) => (purpose === "direct_messages" ? remove(subject.memberIds) : 0),
    async audit(context) {
      const untraceable = await prisma.campaignMessage.count({ where: { role: "direct", memberId: null } });
      const holders = await prisma.campaignMessage.findMany({
        where: { memberId: { not: null } },
        select: { memberId: true },
        distinct: ["memberId"],
      });
      const lacking = await context.lackingConsentNow(
        "direct_messages",
        holders.map((h) => h.memberId ?? ""),
      );
      return [
        {
          table: "CampaignMessage",
          rule: "every private copy names the member whose private chat it is in",
          violations: untraceable,
        },
        {
          table: "CampaignMessage",
          rule: "private copies are kept only for members who allow direct messages",
          violations: lacking.length,
        },
      ];
    },
  };
}
