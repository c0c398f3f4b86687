import {
  type LimitMarkerRepository,
  type LimitUse,
  type LimitUseKind,
  limitMarkerAudit,
  limitMarkerSourceBase,
  type NewLimitMarker,
} from "../../core/privacy/limit-marker.ts";
import type { PersonalDataSource, PersonalDataSubject } from "../../core/privacy/personal-data.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { chunks, perChunk } from "./privacy-member-sources.ts";

const DAY_MS = 86_400_000;

/** The LimitMarker rows: what running campaigns' limits keep of people who erased their data. */
export class LimitMarkerRepositoryPrisma implements LimitMarkerRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async uses(campaignId: string, marker: string): Promise<LimitUse[]> {
    const rows = await this.#prisma.limitMarker.findMany({
      where: { campaignId, marker },
      select: { kind: true, questionId: true },
      orderBy: { id: "asc" },
    });
    return rows.map((row) => ({ kind: row.kind as LimitUseKind, questionId: row.questionId }));
  }

  async forget(campaignId: string): Promise<number> {
    return (await this.#prisma.limitMarker.deleteMany({ where: { campaignId } })).count;
  }
}

/**
 * The markers' place among the personal-data sources. Erasure runs it before the sources that unlink votes, claims,
 * questions and upvotes: it finds what the subject used of every campaign still running (a ballot on a live poll,
 * codes of an offer not ended, questions and upvotes in an open session) and keeps each unit under the person's
 * marker for that campaign. Nothing is exported or counted in /privacy: the rows name no one. The retention job
 * deletes the markers of campaigns that ended, in case their end did not; the audit checks that none outlives its
 * campaign.
 */
export function limitMarkerSource(prisma: DatabaseClient): PersonalDataSource {
  return {
    ...limitMarkerSourceBase,
    async erase(subject, at) {
      const uses = await runningUses(prisma, subject);
      const markers = uses.flatMap((use) => {
        const marker = subject.limitMarker(use.memberId, use.campaignId);
        return marker ? [{ campaignId: use.campaignId, marker, kind: use.kind, questionId: use.questionId, at }] : [];
      });
      await keep(prisma, markers);
      // Markers are written, not erased: they are no rows of the member's.
      return 0;
    },
    async expire(_cutoff, at) {
      const ended = { campaign: { OR: [{ state: "closed" as const }, { closesAt: { lte: at } }] } };
      return (await prisma.limitMarker.deleteMany({ where: ended })).count;
    },
    async audit(context) {
      const late = new Date(context.at.getTime() - DAY_MS);
      const outlived = await prisma.limitMarker.count({
        where: { campaign: { OR: [{ state: "closed" }, { closesAt: { lt: late } }] } },
      });
      return [limitMarkerAudit(outlived)];
    },
  };
}

/** One unit of a running campaign's limit one of the subject's members used. */
interface MemberUse extends LimitUse {
  readonly memberId: string;
  readonly campaignId: string;
}

async function runningUses(prisma: DatabaseClient, subject: PersonalDataSubject): Promise<MemberUse[]> {
  const memberIds = [...new Set(subject.memberIds)];
  const communityIds = [...new Set(subject.members.map((m) => m.communityId))];
  const uses: MemberUse[] = [];
  // A ballot: attributed to the member, or kept under their voter key on an anonymous poll.
  const polls = await perChunk(communityIds, (ids) =>
    prisma.campaign.findMany({
      where: { communityId: { in: ids }, kind: "poll", state: "live" },
      select: { id: true },
    }),
  );
  for (const poll of polls) {
    const keys = subject.voterKeys(poll.id);
    const memberOfKey = new Map(keys.map((key, i) => [key, subject.memberIds[i]!]));
    // Each member once, by their id (an attributed vote) or their voter key (an anonymous one).
    const voted = new Set<string>();
    for (const chunk of chunks(memberIds)) {
      const chunkKeys = keys.filter((key) => chunk.includes(memberOfKey.get(key) ?? ""));
      const voters = await prisma.pollVote.findMany({
        where: { campaignId: poll.id, OR: [{ memberId: { in: chunk } }, { voterKey: { in: chunkKeys } }] },
        select: { voterKey: true, memberId: true },
        distinct: ["voterKey"],
      });
      for (const voter of voters) voted.add(voter.memberId ?? memberOfKey.get(voter.voterKey) ?? "");
    }
    for (const memberId of voted) {
      if (memberId) uses.push({ memberId, campaignId: poll.id, kind: "ballot", questionId: null });
    }
  }
  const claims = await perChunk(memberIds, (ids) =>
    prisma.offerClaim.findMany({
      where: { memberId: { in: ids }, offer: { campaign: { state: { in: ["scheduled", "live"] } } } },
      select: { memberId: true, campaignId: true },
    }),
  );
  for (const claim of claims) {
    if (claim.memberId)
      uses.push({ memberId: claim.memberId, campaignId: claim.campaignId, kind: "claim", questionId: null });
  }
  const openSession = { session: { openChannelKey: { not: null } } };
  const questions = await perChunk(memberIds, (ids) =>
    prisma.qaQuestion.findMany({
      where: { askerId: { in: ids }, ...openSession },
      select: { id: true, askerId: true, sessionId: true },
    }),
  );
  for (const question of questions) {
    if (question.askerId) {
      uses.push({
        memberId: question.askerId,
        campaignId: question.sessionId,
        kind: "question",
        questionId: question.id,
      });
    }
  }
  const upvotes = await perChunk(memberIds, (ids) =>
    prisma.qaUpvote.findMany({
      where: { memberId: { in: ids }, question: openSession },
      select: { memberId: true, question: { select: { id: true, sessionId: true } } },
    }),
  );
  for (const upvote of upvotes) {
    if (upvote.memberId) {
      uses.push({
        memberId: upvote.memberId,
        campaignId: upvote.question.sessionId,
        kind: "upvote",
        questionId: upvote.question.id,
      });
    }
  }
  return uses;
}

/**
 * Stores the markers not stored yet: an erasure run again (after a crash half-way) finds what it kept before and
 * adds only what is missing, so a unit is never counted twice.
 */
async function keep(prisma: DatabaseClient, markers: readonly NewLimitMarker[]): Promise<void> {
  const byMarker = new Map<string, NewLimitMarker[]>();
  for (const marker of markers) {
    const key = `${marker.campaignId}\n${marker.marker}`;
    byMarker.set(key, [...(byMarker.get(key) ?? []), marker]);
  }
  for (const group of byMarker.values()) {
    const { campaignId, marker } = group[0]!;
    const kept = (await prisma.limitMarker.findMany({ where: { campaignId, marker } })).map(unitOf);
    const missing = group.filter((unit) => {
      const index = kept.indexOf(unitOf(unit));
      if (index < 0) return true;
      kept.splice(index, 1);
      return false;
    });
    if (missing.length > 0) await prisma.limitMarker.createMany({ data: missing.map((unit) => ({ ...unit })) });
  }
}

function unitOf(use: { readonly kind: string; readonly questionId: string | null }): string {
  return `${use.kind}:${use.questionId ?? ""}`;
}
