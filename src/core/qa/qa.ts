/** Where a question is in its session's life. Whether it was answered is `firstAnsweredAt`, not a state. */
export type QaQuestionState = "pending" | "published" | "rejected" | "merged" | "hidden";

/** A Q&A session ("ask the brand"): one Campaign of kind "qa", running in one channel. */
export interface QaSession {
  /** The campaign id (compact, so that it fits in buttons). */
  readonly id: string;
  readonly communityId: string;
  readonly channelId: string;
  readonly topic: string;
  /** Questions wait for a moderator's approval before the board shows them. */
  readonly moderated: boolean;
  /** Open questions (waiting or shown, not yet answered) one member may have at once. */
  readonly maxOpenPerMember: number;
  readonly openedAt: Date;
  /** When the qa.close job closes it; null: only a moderator closes it. */
  readonly endsAt: Date | null;
  readonly closedAt: Date | null;
  readonly state: "open" | "closed";
  /** The board's message id in `channelId`, once posted. */
  readonly boardMessageId: string | null;
}

/** A question as stored, with its upvote count. */
export interface QaQuestion {
  /** Compact id (it travels in buttons). */
  readonly id: string;
  readonly sessionId: string;
  /** "Q3" in its session. */
  readonly number: number;
  /** Null once the asker's data was erased. */
  readonly askerId: string | null;
  /** Null once the asker's data was erased (a question may name its asker). */
  readonly text: string | null;
  readonly state: QaQuestionState;
  readonly mergedIntoId: string | null;
  readonly askedAt: Date;
  readonly publishedAt: Date | null;
  readonly firstAnsweredAt: Date | null;
  readonly answerCount: number;
  readonly upvotes: number;
  /** How the platform can notify the asker (opaque; see Actor.notifyAddress). */
  readonly notifyAddress: string | null;
  /** The review card posted in the staff channel, if any. */
  readonly review: { readonly channelId: string; readonly messageId: string } | null;
}

/** The limits of a question's text, in characters after trimming. */
export const questionLength = { min: 10, max: 500 } as const;

/** The longest answer a moderator may post. */
export const answerMaxLength = 1_500;

/** How many open questions a member may have per session when the moderator does not say. */
export const defaultMaxOpenPerMember = 3;

/** Whether the question still counts against its asker's limit: waiting or shown, and not answered. */
export function isOpenQuestion(question: QaQuestion): boolean {
  return (question.state === "pending" || question.state === "published") && question.firstAnsweredAt === null;
}

/**
 * The board's order: the questions shown (published), most upvoted first, then the oldest first (it has
 * waited longer), then by number so that the order is total.
 */
export function rankQuestions(questions: readonly QaQuestion[]): QaQuestion[] {
  return questions
    .filter((q) => q.state === "published")
    .sort((a, b) => b.upvotes - a.upvotes || a.askedAt.getTime() - b.askedAt.getTime() || a.number - b.number);
}

/** How long the asker waited for the first answer, in milliseconds; null while unanswered. */
export function timeToFirstAnswerMs(question: QaQuestion): number | null {
  return question.firstAnsweredAt ? question.firstAnsweredAt.getTime() - question.askedAt.getTime() : null;
}

/** The median of some numbers (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What the closing summary says about a session. */
export interface QaSummary {
  /** Every question members asked, whatever became of it (waiting, rejected, merged and hidden included). */
  readonly asked: number;
  /** Questions with at least one answer. */
  readonly answered: number;
  /** Median time from asking to the first answer over the answered questions; null when none was answered. */
  readonly medianFirstAnswerMs: number | null;
  /** The best-ranked questions shown on the board that got no answer. */
  readonly topUnanswered: readonly QaQuestion[];
}

/** The summary of a session's questions. */
export function summarize(questions: readonly QaQuestion[], topCount = 3): QaSummary {
  const answered = questions.filter((q) => q.firstAnsweredAt !== null);
  return {
    asked: questions.length,
    answered: answered.length,
    medianFirstAnswerMs: median(answered.map((q) => timeToFirstAnswerMs(q)!)),
    topUnanswered: rankQuestions(questions)
      .filter((q) => q.firstAnsweredAt === null)
      .slice(0, topCount),
  };
}

/**
 * Where a session's waiting questions get review cards: the community's staff channel, unless that is the
 * session's own channel (on Telegram, the group itself), where members would read questions no moderator
 * has approved yet. Null: moderators review privately, from the board's Review queue button.
 */
export function reviewChannelOf(
  community: { readonly settings: { readonly staffChannelId: string | null } },
  session: { readonly channelId: string },
): string | null {
  const staff = community.settings.staffChannelId;
  return staff !== null && staff !== session.channelId ? staff : null;
}
