import {
  type LimitMarkerRepository,
  type LimitUse,
  type LimitUseKind,
  limitMarkerAudit,
  limitMarkerSourceBase,
  type NewLimitMarker,
} from "../../../core/privacy/limit-marker.ts";
import type { PersonalDataSource, PersonalDataSubject } from "../../../core/privacy/personal-data.port.ts";
import type { InMemoryStore } from "./in-memory-store.ts";
import { offerTablesOf } from "./offer.in-memory.ts";
import { pollTablesOf } from "./poll.in-memory.ts";
import { qaTablesOf } from "./qa.in-memory.ts";

const DAY_MS = 86_400_000;

const markersOf = new WeakMap<InMemoryStore, NewLimitMarker[]>();

/** The LimitMarker rows of a store (created on first use). */
function markerRows(store: InMemoryStore): NewLimitMarker[] {
  let rows = markersOf.get(store);
  if (!rows) {
    rows = [];
    markersOf.set(store, rows);
  }
  return rows;
}

/** LimitMarker rows in memory, as the database keeps them. */
export class LimitMarkerRepositoryInMemory implements LimitMarkerRepository {
  readonly #store: InMemoryStore;

  constructor(store: InMemoryStore) {
    this.#store = store;
  }

  async uses(campaignId: string, marker: string): Promise<LimitUse[]> {
    return markerRows(this.#store)
      .filter((row) => row.campaignId === campaignId && row.marker === marker)
      .map((row) => ({ kind: row.kind, questionId: row.questionId }));
  }

  async forget(campaignId: string): Promise<number> {
    return removeRows(this.#store, (row) => row.campaignId === campaignId);
  }
}

/** The in-memory twin of limitMarkerSource (limit-marker.repository.ts): same rules over the in-memory tables. */
export function limitMarkerSourceInMemory(store: InMemoryStore): PersonalDataSource {
  /** When a campaign stopped running, or null while it runs (or when it is unknown). */
  const endedAt = (campaignId: string): Date | null => {
    const poll = pollTablesOf(store).polls.get(campaignId);
    if (poll) return poll.state === "closed" ? new Date(0) : poll.closesAt;
    const offer = offerTablesOf(store).offers.get(campaignId);
    if (offer) return offer.state === "closed" ? new Date(0) : offer.endsAt;
    const session = qaTablesOf(store).sessions.get(campaignId);
    if (session) return session.state === "closed" ? new Date(0) : session.endsAt;
    return null;
  };
  return {
    ...limitMarkerSourceBase,
    async erase(subject, at) {
      const rows = markerRows(store);
      const kept = rows.map((row) => `${row.campaignId}\n${row.marker}\n${row.kind}:${row.questionId ?? ""}`);
      for (const use of runningUses(store, subject)) {
        const marker = subject.limitMarker(use.memberId, use.campaignId);
        if (!marker) continue;
        // An erasure run again keeps each unit once.
        const index = kept.indexOf(`${use.campaignId}\n${marker}\n${use.kind}:${use.questionId ?? ""}`);
        if (index >= 0) kept.splice(index, 1);
        else rows.push({ campaignId: use.campaignId, marker, kind: use.kind, questionId: use.questionId, at });
      }
      return 0;
    },
    expire: async (_cutoff, at) =>
      removeRows(store, (row) => {
        const ended = endedAt(row.campaignId);
        return ended !== null && ended.getTime() <= at.getTime();
      }),
    async audit(context) {
      const late = context.at.getTime() - DAY_MS;
      const outlived = markerRows(store).filter((row) => {
        const ended = endedAt(row.campaignId);
        return ended !== null && ended.getTime() < late;
      }).length;
      return [limitMarkerAudit(outlived)];
    },
  };
}

interface MemberUse {
  readonly memberId: string;
  readonly campaignId: string;
  readonly kind: LimitUseKind;
  readonly questionId: string | null;
}

function runningUses(store: InMemoryStore, subject: PersonalDataSubject): MemberUse[] {
  const mine = new Set(subject.memberIds);
  const communities = new Set(subject.members.map((m) => m.communityId));
  const uses: MemberUse[] = [];
  const { polls, votes } = pollTablesOf(store);
  for (const poll of polls.values()) {
    if (poll.state !== "live" || !communities.has(poll.communityId)) continue;
    const keys = subject.voterKeys(poll.id);
    const voters = new Map<string, string>();
    for (const vote of votes) {
      if (vote.pollId !== poll.id) continue;
      const memberId =
        vote.memberId && mine.has(vote.memberId) ? vote.memberId : subject.memberIds[keys.indexOf(vote.voterKey)];
      if (memberId) voters.set(vote.voterKey, memberId);
    }
    for (const memberId of voters.values())
      uses.push({ memberId, campaignId: poll.id, kind: "ballot", questionId: null });
  }
  const { offers, claims } = offerTablesOf(store);
  for (const claim of claims) {
    const state = offers.get(claim.offerId)?.state;
    if (claim.memberId && mine.has(claim.memberId) && (state === "scheduled" || state === "live")) {
      uses.push({ memberId: claim.memberId, campaignId: claim.offerId, kind: "claim", questionId: null });
    }
  }
  const { sessions, questionRows, upvotes } = qaTablesOf(store);
  const open = (sessionId: string) => sessions.get(sessionId)?.state === "open";
  for (const question of questionRows.values()) {
    if (question.askerId && mine.has(question.askerId) && open(question.sessionId)) {
      uses.push({
        memberId: question.askerId,
        campaignId: question.sessionId,
        kind: "question",
        questionId: question.id,
      });
    }
  }
  for (const upvote of upvotes) {
    const question = questionRows.get(upvote.questionId);
    if (upvote.memberId && mine.has(upvote.memberId) && question && open(question.sessionId)) {
      uses.push({ memberId: upvote.memberId, campaignId: question.sessionId, kind: "upvote", questionId: question.id });
    }
  }
  return uses;
}

function removeRows(store: InMemoryStore, matches: (row: NewLimitMarker) => boolean): number {
  const rows = markerRows(store);
  const before = rows.length;
  const keptRows = rows.filter((row) => !matches(row));
  rows.splice(0, rows.length, ...keptRows);
  return before - keptRows.length;
}
