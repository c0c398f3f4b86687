import type { Poll, Tally } from "../../../core/polls/poll.ts";
import type {
  CloseOutcome,
  NewPoll,
  PollMessage,
  PollRepository,
  VoteOutcome,
  VoteRequest,
} from "../../../core/ports/poll.repository.port.ts";
import { type InMemoryStore, rowKey } from "./in-memory-store.ts";

/** A PollVote row. */
export interface StoredPollVote {
  readonly pollId: string;
  readonly voterKey: string;
  optionIndex: number;
  memberId: string | null;
  at: Date;
}

/** The poll tables of one store. */
export interface PollTables {
  readonly polls: Map<string, Poll>;
  readonly votes: StoredPollVote[];
  readonly messages: Map<string, PollMessage[]>;
  readonly audience: Set<string>;
}

// Kept beside the shared store rather than in it, so that every repository set built on one store (a second
// "instance" in tests) sees the same polls.
const tablesOf = new WeakMap<InMemoryStore, PollTables>();

/** The poll tables of a store (created on first use), for the privacy feature's in-memory personal-data sources. */
export function pollTablesOf(store: InMemoryStore): PollTables {
  let tables = tablesOf.get(store);
  if (!tables) {
    tables = { polls: new Map(), votes: [], messages: new Map(), audience: new Set() };
    tablesOf.set(store, tables);
  }
  return tables;
}

/**
 * Polls in memory with the database's semantics: numbers unique per community, one row per (poll, voter,
 * option), votes and closes applied atomically (each runs to completion without yielding). Rows pointing
 * at a member erased from the shared store read as the database's SET NULL / CASCADE would leave them.
 */
export class PollRepositoryInMemory implements PollRepository {
  readonly #store: InMemoryStore;
  readonly #polls: Map<string, Poll>;
  readonly #votes: StoredPollVote[];
  readonly #messages: Map<string, PollMessage[]>;
  readonly #audience: Set<string>;

  constructor(store: InMemoryStore) {
    this.#store = store;
    const tables = pollTablesOf(store);
    this.#polls = tables.polls;
    this.#votes = tables.votes;
    this.#messages = tables.messages;
    this.#audience = tables.audience;
  }

  /** The vote rows as the database would hold them, for tests. */
  get votes(): readonly StoredPollVote[] {
    return this.#votes.map((v) => ({
      ...v,
      memberId: v.memberId && this.#store.members.has(v.memberId) ? v.memberId : null,
    }));
  }

  async create(poll: NewPoll, audience: readonly string[] | null): Promise<Poll> {
    this.#store.requireCommunity(poll.communityId);
    if (this.#polls.has(poll.id)) throw new Error(`unique violation: campaign ${poll.id} exists`);
    for (const memberId of audience ?? []) this.#store.requireMember(memberId);
    let last = 0;
    for (const p of this.#polls.values()) if (p.communityId === poll.communityId) last = Math.max(last, p.number);
    const stored: Poll = { ...poll, number: last + 1, state: "live", closedAt: null };
    this.#polls.set(poll.id, stored);
    for (const memberId of audience ?? []) this.#audience.add(rowKey(poll.id, memberId));
    return copy(stored);
  }

  async get(id: string): Promise<Poll | null> {
    const poll = this.#polls.get(id);
    return poll ? copy(poll) : null;
  }

  async findByNumber(communityId: string, number: number): Promise<Poll | null> {
    for (const poll of this.#polls.values()) {
      if (poll.communityId === communityId && poll.number === number) return copy(poll);
    }
    return null;
  }

  async listOpen(communityId: string): Promise<Poll[]> {
    return [...this.#polls.values()]
      .filter((p) => p.communityId === communityId && p.state === "live")
      .sort((a, b) => a.number - b.number)
      .map(copy);
  }

  async discard(id: string): Promise<void> {
    this.#polls.delete(id);
    this.#messages.delete(id);
    for (let i = this.#votes.length - 1; i >= 0; i--) if (this.#votes[i]!.pollId === id) this.#votes.splice(i, 1);
    for (const key of this.#audience) if (key.startsWith(rowKey(id, ""))) this.#audience.delete(key);
  }

  async inAudience(pollId: string, memberId: string): Promise<boolean> {
    return this.#store.members.has(memberId) && this.#audience.has(rowKey(pollId, memberId));
  }

  async castVote(vote: VoteRequest): Promise<VoteOutcome> {
    const poll = this.#polls.get(vote.pollId);
    if (poll?.state !== "live" || poll.closesAt.getTime() <= vote.at.getTime()) return { kind: "closed" };
    const before = this.#choices(vote.pollId, vote.voterKey);
    const row: StoredPollVote = { ...vote, optionIndex: vote.option };
    const without = (predicate: (v: StoredPollVote) => boolean) => {
      for (let i = this.#votes.length - 1; i >= 0; i--) if (predicate(this.#votes[i]!)) this.#votes.splice(i, 1);
    };
    const mine = (v: StoredPollVote) => v.pollId === vote.pollId && v.voterKey === vote.voterKey;
    if (vote.mode === "single") {
      if (before.length === 1 && before[0] === vote.option) return { kind: "unchanged", choices: before };
      without(mine);
      this.#votes.push(row);
      return { kind: "changed", before, after: [vote.option] };
    }
    if (before.includes(vote.option)) {
      without((v) => mine(v) && v.optionIndex === vote.option);
      return { kind: "changed", before, after: before.filter((o) => o !== vote.option) };
    }
    this.#votes.push(row);
    return { kind: "changed", before, after: [...before, vote.option].sort((a, b) => a - b) };
  }

  async choices(pollId: string, voterKey: string): Promise<number[]> {
    return this.#choices(pollId, voterKey);
  }

  async close(pollId: string, at: Date, when: "due" | "now"): Promise<CloseOutcome> {
    const poll = this.#polls.get(pollId);
    if (!poll) return { kind: "not_found" };
    if (poll.state === "closed") return { kind: "already_closed", poll: copy(poll), tally: this.#tally(poll) };
    if (when === "due" && poll.closesAt.getTime() > at.getTime()) return { kind: "not_due", poll: copy(poll) };
    const closed: Poll = { ...poll, state: "closed", closedAt: new Date(at) };
    this.#polls.set(pollId, closed);
    return { kind: "closed", poll: copy(closed), tally: this.#tally(closed) };
  }

  async tally(pollId: string): Promise<Tally> {
    const poll = this.#polls.get(pollId);
    if (!poll) throw new Error(`no poll ${pollId}`);
    return this.#tally(poll);
  }

  async addMessage(pollId: string, message: PollMessage): Promise<void> {
    if (!this.#polls.has(pollId)) throw new Error(`foreign key violation: campaign ${pollId} does not exist`);
    const list = this.#messages.get(pollId) ?? [];
    const same = (m: PollMessage) =>
      m.ref.platform === message.ref.platform &&
      m.ref.channelId === message.ref.channelId &&
      m.ref.messageId === message.ref.messageId;
    if (!list.some(same)) list.push({ ...message, ref: { ...message.ref } });
    this.#messages.set(pollId, list);
  }

  async messages(pollId: string): Promise<PollMessage[]> {
    // A private copy goes with its member, as the database's cascade does.
    return (this.#messages.get(pollId) ?? [])
      .filter((m) => !m.memberId || this.#store.members.has(m.memberId))
      .map((m) => ({ ...m, ref: { ...m.ref } }));
  }

  #choices(pollId: string, voterKey: string): number[] {
    return this.#votes
      .filter((v) => v.pollId === pollId && v.voterKey === voterKey)
      .map((v) => v.optionIndex)
      .sort((a, b) => a - b);
  }

  #tally(poll: Poll): Tally {
    const counts = poll.options.map(() => 0);
    const voters = new Set<string>();
    for (const vote of this.#votes) {
      if (vote.pollId !== poll.id) continue;
      counts[vote.optionIndex] = (counts[vote.optionIndex] ?? 0) + 1;
      voters.add(vote.voterKey);
    }
    return { counts, voters: voters.size };
  }
}

function copy(poll: Poll): Poll {
  return {
    ...poll,
    options: [...poll.options],
    sentAt: new Date(poll.sentAt),
    closesAt: new Date(poll.closesAt),
    closedAt: poll.closedAt && new Date(poll.closedAt),
  };
}
