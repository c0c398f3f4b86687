import type { QaQuestion, QaQuestionState, QaSession } from "./qa.ts";

/** A session to open. */
export interface NewQaSession {
  readonly id: string;
  readonly communityId: string;
  readonly channelId: string;
  readonly topic: string;
  readonly moderated: boolean;
  readonly maxOpenPerMember: number;
  readonly openedAt: Date;
  readonly endsAt: Date | null;
}

/** A question to store. */
export interface NewQaQuestion {
  readonly id: string;
  readonly sessionId: string;
  readonly askerId: string;
  readonly text: string;
  readonly at: Date;
  /** Shown at once (no moderation queue) or waiting for approval. */
  readonly state: "pending" | "published";
  readonly notifyAddress: string | null;
  /** Open questions the asker's person asked before erasing their data: they count against the limit too. */
  readonly priorOpen?: number;
}

/** What opening a session did. */
export type OpenSessionOutcome =
  | { readonly kind: "opened"; readonly session: QaSession }
  /** Another session is already open in that channel. */
  | { readonly kind: "channel_busy"; readonly session: QaSession };

/** What an ask did. */
export type AskOutcome =
  | { readonly kind: "asked"; readonly question: QaQuestion }
  | { readonly kind: "closed" }
  /** The asker already has the session's maximum of open questions. */
  | { readonly kind: "limit"; readonly max: number };

/** What closing a session did. */
export type CloseSessionOutcome =
  | { readonly kind: "closed"; readonly session: QaSession }
  | { readonly kind: "already_closed"; readonly session: QaSession }
  | { readonly kind: "not_found" };

/** What a merge did. */
export type MergeOutcome =
  | { readonly kind: "merged"; readonly from: QaQuestion; readonly into: QaQuestion }
  /** The duplicate was no longer waiting or shown (someone decided first). */
  | { readonly kind: "from_decided" }
  /** The target is not a shown question of the same session. */
  | { readonly kind: "invalid_target" };

/** A question's first answer, for the digest. */
export interface FirstAnswerTime {
  readonly questionId: string;
  readonly sessionId: string;
  readonly askedAt: Date;
  readonly firstAnsweredAt: Date;
}

/** What an erasure changed. */
export interface QaErasure {
  /** Sessions whose questions or upvotes changed (open ones need their board refreshed). */
  readonly sessionIds: readonly string[];
  /** Questions unlinked from the member, their text deleted. */
  readonly questions: number;
  /** Upvotes unlinked from the member (they still count, for no one). */
  readonly upvotes: number;
}

/** A member's Q&A data, as an export shows it (oldest first). */
export interface QaPersonalRecords {
  readonly questions: readonly {
    readonly topic: string;
    readonly number: number;
    readonly text: string | null;
    readonly state: QaQuestionState;
    readonly askedAt: Date;
    readonly firstAnsweredAt: Date | null;
  }[];
  readonly upvotes: readonly { readonly topic: string; readonly questionNumber: number; readonly at: Date }[];
}

/**
 * Q&A sessions, their questions and upvotes. Every state change is conditional on the state it starts
 * from, so two moderators deciding at once, or a close racing an ask, leave one consistent outcome.
 */
export interface QaRepository {
  /** Opens a session in its channel, unless one is already open there (one open session per channel). */
  open(session: NewQaSession): Promise<OpenSessionOutcome>;
  /** Removes a session that never became visible (its board could not be posted). */
  discard(sessionId: string): Promise<void>;
  /** Remembers where the board was posted. */
  setBoard(sessionId: string, messageId: string): Promise<void>;
  get(sessionId: string): Promise<QaSession | null>;
  /** The open session in a channel of the community, if any. */
  findOpenInChannel(communityId: string, channelId: string): Promise<QaSession | null>;
  /** The community's open sessions, oldest first. */
  listOpen(communityId: string): Promise<QaSession[]>;
  /**
   * Adds a question under the session's next number, if the session is open and the asker has fewer than
   * the session's maximum of open questions (checked and written atomically per session).
   */
  ask(question: NewQaQuestion): Promise<AskOutcome>;
  question(questionId: string): Promise<QaQuestion | null>;
  questionByNumber(sessionId: string, number: number): Promise<QaQuestion | null>;
  /** Every question of the session, by number, with upvote counts. */
  questions(sessionId: string): Promise<QaQuestion[]>;
  /** Adds the member's upvote; false when the member had already upvoted the question. */
  upvote(questionId: string, memberId: string, at: Date): Promise<boolean>;
  /** Whether the member currently upvotes the question. */
  hasUpvoted(questionId: string, memberId: string): Promise<boolean>;
  /** Removes the member's upvote; false when there was none. */
  withdrawUpvote(questionId: string, memberId: string): Promise<boolean>;
  /**
   * Moves a question to `to` if it is in one of `from` (publishing sets publishedAt); null when it was not,
   * so of two moderators deciding at once only one succeeds.
   */
  transition(
    questionId: string,
    from: readonly QaQuestionState[],
    to: QaQuestionState,
    at: Date,
  ): Promise<QaQuestion | null>;
  /**
   * Merges a waiting or shown duplicate into a shown question of the same session: the duplicate becomes
   * "merged", and its upvotes, and its asker's support, move to the target (never twice for one member,
   * never from the target's own asker).
   */
  merge(fromId: string, intoId: string, at: Date): Promise<MergeOutcome>;
  /** Remembers the review card posted for a waiting question. */
  setReview(questionId: string, ref: { channelId: string; messageId: string }): Promise<void>;
  /** Counts an answer; the first one sets firstAnsweredAt. Null when the question does not exist. */
  recordAnswer(questionId: string, at: Date): Promise<QaQuestion | null>;
  /**
   * Closes an open session (the channel is free again) and forgets its askers' notify addresses. Tells
   * whether this call closed it, so the summary is posted once.
   */
  close(sessionId: string, at: Date): Promise<CloseSessionOutcome>;
  /** Questions of the community first answered in [from, to), for the digest's time to first answer. */
  firstAnswerTimes(communityId: string, from: Date, to: Date): Promise<FirstAnswerTime[]>;
  /**
   * Erasure of a member: unlinks them from the questions they asked (text and notify address deleted,
   * since a question may name its asker) and from their upvotes (which keep counting, for no one).
   * Called by the erasure flow before the member row is deleted; safe to call twice.
   */
  eraseMember(memberId: string): Promise<QaErasure>;
  /** The questions and upvotes of these members (a person's memberships), for their data export. */
  personalRecords(memberIds: readonly string[]): Promise<QaPersonalRecords>;
}
