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
} from "../../../core/qa/qa.repository.port.ts";
import type { QaQuestion, QaQuestionState, QaSession } from "../../../core/qa/qa.ts";
import { type InMemoryStore, rowKey } from "./in-memory-store.ts";

type StoredSession = { -readonly [K in keyof QaSession]: QaSession[K] } & { lastNumber: number };
type StoredQuestion = { -readonly [K in keyof Omit<QaQuestion, "upvotes">]: QaQuestion[K] };
interface StoredUpvote {
  readonly questionId: string;
  memberId: string | null;
  readonly at: Date;
}

/** The Q&A tables of one store. */
export interface QaTables {
  readonly sessions: Map<string, StoredSession>;
  readonly questionRows: Map<string, StoredQuestion>;
  readonly upvotes: StoredUpvote[];
}

// Kept beside the shared store, so that every repository set built on one store sees the same sessions (and a
// community's move reaches them).
const tablesOf = new WeakMap<InMemoryStore, QaTables>();

/** The Q&A tables of a store (created on first use). */
export function qaTablesOf(store: InMemoryStore): QaTables {
  let tables = tablesOf.get(store);
  if (!tables) {
    tables = { sessions: new Map(), questionRows: new Map(), upvotes: [] };
    tablesOf.set(store, tables);
  }
  return tables;
}

/**
 * Q&A sessions in memory, with the database's rules: one open session per channel, numbers per session,
 * the open-question limit checked with the insert, conditional transitions, and foreign keys on the
 * community and members (the shared store's).
 */
export class QaRepositoryInMemory implements QaRepository {
  readonly #store: InMemoryStore;
  readonly sessions: Map<string, StoredSession>;
  readonly questionRows: Map<string, StoredQuestion>;
  readonly upvotes: StoredUpvote[];

  constructor(store: InMemoryStore) {
    this.#store = store;
    ({ sessions: this.sessions, questionRows: this.questionRows, upvotes: this.upvotes } = qaTablesOf(store));
  }

  async open(input: NewQaSession): Promise<OpenSessionOutcome> {
    this.#store.requireCommunity(input.communityId);
    // Checked and written without yielding, as the database's unique key does it in one statement.
    const busy = this.#openIn(input.communityId, input.channelId);
    if (busy) return { kind: "channel_busy", session: toSession(busy) };
    const session: StoredSession = {
      ...input,
      closedAt: null,
      state: "open",
      boardMessageId: null,
      lastNumber: 0,
    };
    this.sessions.set(input.id, session);
    return { kind: "opened", session: toSession(session) };
  }

  async discard(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
    for (const [id, q] of this.questionRows) if (q.sessionId === sessionId) this.questionRows.delete(id);
  }

  async setBoard(sessionId: string, messageId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session) session.boardMessageId = messageId;
  }

  async get(sessionId: string): Promise<QaSession | null> {
    const session = this.sessions.get(sessionId);
    return session ? toSession(session) : null;
  }

  async findOpenInChannel(communityId: string, channelId: string): Promise<QaSession | null> {
    const found = this.#openIn(communityId, channelId);
    return found ? toSession(found) : null;
  }

  async listOpen(communityId: string): Promise<QaSession[]> {
    return [...this.sessions.values()]
      .filter((s) => s.communityId === communityId && s.state === "open")
      .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime())
      .map(toSession);
  }

  async ask(input: NewQaQuestion): Promise<AskOutcome> {
    this.#store.requireMember(input.askerId);
    const session = this.sessions.get(input.sessionId);
    if (session?.state !== "open") return { kind: "closed" };
    const open = [...this.questionRows.values()].filter(
      (q) =>
        q.sessionId === input.sessionId &&
        q.askerId === input.askerId &&
        (q.state === "pending" || q.state === "published") &&
        q.firstAnsweredAt === null,
    );
    if (open.length + (input.priorOpen ?? 0) >= session.maxOpenPerMember) {
      return { kind: "limit", max: session.maxOpenPerMember };
    }
    session.lastNumber += 1;
    const row: StoredQuestion = {
      id: input.id,
      sessionId: input.sessionId,
      number: session.lastNumber,
      askerId: input.askerId,
      text: input.text,
      state: input.state,
      mergedIntoId: null,
      askedAt: input.at,
      publishedAt: input.state === "published" ? input.at : null,
      firstAnsweredAt: null,
      answerCount: 0,
      notifyAddress: input.notifyAddress,
      review: null,
    };
    this.questionRows.set(row.id, row);
    return { kind: "asked", question: this.#toQuestion(row) };
  }

  async question(questionId: string): Promise<QaQuestion | null> {
    const row = this.questionRows.get(questionId);
    return row ? this.#toQuestion(row) : null;
  }

  async questionByNumber(sessionId: string, number: number): Promise<QaQuestion | null> {
    const row = [...this.questionRows.values()].find((q) => q.sessionId === sessionId && q.number === number);
    return row ? this.#toQuestion(row) : null;
  }

  async questions(sessionId: string): Promise<QaQuestion[]> {
    return [...this.questionRows.values()]
      .filter((q) => q.sessionId === sessionId)
      .sort((a, b) => a.number - b.number)
      .map((q) => this.#toQuestion(q));
  }

  async upvote(questionId: string, memberId: string, at: Date): Promise<boolean> {
    this.#store.requireMember(memberId);
    if (!this.questionRows.has(questionId)) throw new Error(`foreign key violation: question ${questionId}`);
    if (this.#upvoted(questionId, memberId)) return false;
    this.upvotes.push({ questionId, memberId, at });
    return true;
  }

  async hasUpvoted(questionId: string, memberId: string): Promise<boolean> {
    return this.#upvoted(questionId, memberId);
  }

  async withdrawUpvote(questionId: string, memberId: string): Promise<boolean> {
    const index = this.upvotes.findIndex((u) => u.questionId === questionId && u.memberId === memberId);
    if (index < 0) return false;
    this.upvotes.splice(index, 1);
    return true;
  }

  async transition(
    questionId: string,
    from: readonly QaQuestionState[],
    to: QaQuestionState,
    at: Date,
  ): Promise<QaQuestion | null> {
    const row = this.questionRows.get(questionId);
    if (!row || !from.includes(row.state)) return null;
    row.state = to;
    if (to === "published") row.publishedAt ??= at;
    return this.#toQuestion(row);
  }

  async merge(fromId: string, intoId: string, at: Date): Promise<MergeOutcome> {
    const from = this.questionRows.get(fromId);
    const into = this.questionRows.get(intoId);
    if (!from || (from.state !== "pending" && from.state !== "published")) return { kind: "from_decided" };
    if (!into || into.id === from.id || into.sessionId !== from.sessionId || into.state !== "published") {
      return { kind: "invalid_target" };
    }
    from.state = "merged";
    from.mergedIntoId = into.id;
    const supporters = [...this.upvotes.filter((u) => u.questionId === from.id).map((u) => u.memberId), from.askerId];
    for (let i = this.upvotes.length - 1; i >= 0; i--)
      if (this.upvotes[i]!.questionId === from.id) this.upvotes.splice(i, 1);
    for (const memberId of new Set(supporters)) {
      if (memberId === null || memberId === into.askerId) continue;
      if (!this.#upvoted(into.id, memberId)) this.upvotes.push({ questionId: into.id, memberId, at });
    }
    return { kind: "merged", from: this.#toQuestion(from), into: this.#toQuestion(into) };
  }

  async setReview(questionId: string, ref: { channelId: string; messageId: string }): Promise<void> {
    const row = this.questionRows.get(questionId);
    if (row) row.review = { ...ref };
  }

  async recordAnswer(questionId: string, at: Date): Promise<QaQuestion | null> {
    const row = this.questionRows.get(questionId);
    if (!row) return null;
    row.answerCount += 1;
    row.firstAnsweredAt ??= at;
    return this.#toQuestion(row);
  }

  async close(sessionId: string, at: Date): Promise<CloseSessionOutcome> {
    const session = this.sessions.get(sessionId);
    if (!session) return { kind: "not_found" };
    if (session.state === "closed") return { kind: "already_closed", session: toSession(session) };
    session.state = "closed";
    session.closedAt = at;
    for (const q of this.questionRows.values()) if (q.sessionId === sessionId) q.notifyAddress = null;
    return { kind: "closed", session: toSession(session) };
  }

  async firstAnswerTimes(communityId: string, from: Date, to: Date): Promise<FirstAnswerTime[]> {
    return [...this.questionRows.values()]
      .filter((q) => this.sessions.get(q.sessionId)?.communityId === communityId)
      .filter((q) => q.firstAnsweredAt && q.firstAnsweredAt >= from && q.firstAnsweredAt < to)
      .sort((a, b) => a.firstAnsweredAt!.getTime() - b.firstAnsweredAt!.getTime())
      .map((q) => ({
        questionId: q.id,
        sessionId: q.sessionId,
        askedAt: q.askedAt,
        firstAnsweredAt: q.firstAnsweredAt!,
      }));
  }

  async eraseMember(memberId: string): Promise<QaErasure> {
    const sessionIds = new Set<string>();
    let questions = 0;
    let upvotes = 0;
    for (const q of this.questionRows.values()) {
      if (q.askerId !== memberId) continue;
      q.askerId = null;
      q.text = null;
      q.notifyAddress = null;
      sessionIds.add(q.sessionId);
      questions += 1;
    }
    for (const u of this.upvotes) {
      if (u.memberId !== memberId) continue;
      u.memberId = null;
      sessionIds.add(this.questionRows.get(u.questionId)!.sessionId);
      upvotes += 1;
    }
    return { sessionIds: [...sessionIds], questions, upvotes };
  }

  async personalRecords(memberIds: readonly string[]): Promise<QaPersonalRecords> {
    const topic = (sessionId: string) => this.sessions.get(sessionId)?.topic ?? "";
    const byTime =
      <T>(at: (row: T) => Date) =>
      (a: T, b: T) =>
        at(a).getTime() - at(b).getTime();
    const questions = [...this.questionRows.values()]
      .filter((q) => q.askerId !== null && memberIds.includes(q.askerId))
      .sort(byTime((q) => q.askedAt))
      .map((q) => ({
        topic: topic(q.sessionId),
        number: q.number,
        text: q.text,
        state: q.state,
        askedAt: q.askedAt,
        firstAnsweredAt: q.firstAnsweredAt,
      }));
    const upvotes = this.upvotes
      .filter((u) => u.memberId !== null && memberIds.includes(u.memberId))
      .sort(byTime((u) => u.at))
      .map((u) => {
        const question = this.questionRows.get(u.questionId)!;
        return { topic: topic(question.sessionId), questionNumber: question.number, at: u.at };
      });
    return { questions, upvotes };
  }

  #openIn(communityId: string, channelId: string): StoredSession | undefined {
    const key = rowKey(communityId, channelId);
    return [...this.sessions.values()].find((s) => s.state === "open" && rowKey(s.communityId, s.channelId) === key);
  }

  #upvoted(questionId: string, memberId: string): boolean {
    return this.upvotes.some((u) => u.questionId === questionId && u.memberId === memberId);
  }

  #toQuestion(row: StoredQuestion): QaQuestion {
    const upvotes = this.upvotes.filter((u) => u.questionId === row.id).length;
    return { ...row, review: row.review ? { ...row.review } : null, upvotes };
  }
}

function toSession(session: StoredSession): QaSession {
  const { lastNumber: _, ...rest } = session;
  return { ...rest };
}
