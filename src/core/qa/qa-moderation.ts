import type { Community } from "../domain/community.ts";
import { type AppError, fail } from "../errors/error-codes.ts";
import { ok, type Result } from "../errors/result.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import type { MessageView } from "../ports/view.ts";
import type { QaRepository } from "./qa.repository.port.ts";
import type { QuestionInContext } from "./qa.service.ts";
import { type QaQuestion, type QaQuestionState, type QaSession, rankQuestions } from "./qa.ts";
import type { QaMessages } from "./qa-messages.ts";

/** A decision on a waiting question. */
export type ReviewDecision = "approve" | "reject";

const decisions: Readonly<Record<ReviewDecision, { from: readonly QaQuestionState[]; to: QaQuestionState }>> = {
  approve: { from: ["pending"], to: "published" },
  reject: { from: ["pending"], to: "rejected" },
};

/**
 * Moderators' work on questions: approving, rejecting or merging waiting questions (from review cards in
 * the staff channel or the private review queue), merging duplicates, and hiding questions. A review card
 * in the staff channel may sit in another chat than the session (on Telegram the staff channel is a group
 * of its own): it is honoured when it was pressed in the channel the session's community names as its
 * staff channel, where only the buttons Circolo posted there (signed for that chat) can be pressed.
 */
export class QaModeration {
  readonly #qa: QaRepository;
  readonly #communities: CommunityRepository;
  readonly #messages: QaMessages;

  constructor(deps: { qa: QaRepository; communities: CommunityRepository; messages: QaMessages }) {
    this.#qa = deps.qa;
    this.#communities = deps.communities;
    this.#messages = deps.messages;
  }

  /** A question a moderator may review from here: in this community, or from its staff channel. */
  async reviewable(
    community: Community,
    channelId: string | null,
    questionId: string,
  ): Promise<Result<QuestionInContext, AppError>> {
    const question = await this.#qa.question(questionId);
    const session = question && (await this.#qa.get(question.sessionId));
    if (!question || !session) return fail("STALE_OR_FORGED_ACTION");
    if (session.communityId === community.id) return ok({ question, session, community });
    const home = await this.#communities.get(session.communityId);
    const fromStaffChannel =
      home !== null &&
      channelId !== null &&
      home.settings.staffChannelId === channelId &&
      home.brandId === community.brandId;
    return fromStaffChannel ? ok({ question, session, community: home }) : fail("STALE_OR_FORGED_ACTION");
  }

  /** Approves or rejects a waiting question; of two moderators deciding at once, the second is told. */
  async decide(found: QuestionInContext, decision: ReviewDecision, at: Date): Promise<Result<QaQuestion, AppError>> {
    if (found.session.state !== "open") return fail("QA_SESSION_CLOSED");
    const { from, to } = decisions[decision];
    const moved = await this.#qa.transition(found.question.id, from, to, at);
    if (!moved) return fail("QA_ALREADY_DECIDED");
    this.#messages.refresh(found.session.id);
    return ok(moved);
  }

  /** Merges a waiting or shown duplicate into a question on the board of the same session. */
  async merge(
    found: QuestionInContext,
    intoId: string,
    at: Date,
  ): Promise<Result<{ from: QaQuestion; into: QaQuestion }, AppError>> {
    if (found.session.state !== "open") return fail("QA_SESSION_CLOSED");
    const merged = await this.#qa.merge(found.question.id, intoId, at);
    if (merged.kind === "from_decided") return fail("QA_ALREADY_DECIDED");
    if (merged.kind === "invalid_target") return fail("QA_MERGE_INVALID");
    this.#messages.refresh(found.session.id);
    return ok({ from: merged.from, into: merged.into });
  }

  /** Hides a waiting or shown question from the board. */
  async hide(session: QaSession, question: QaQuestion, at: Date): Promise<Result<QaQuestion, AppError>> {
    if (session.state !== "open") return fail("QA_SESSION_CLOSED");
    const hidden = await this.#qa.transition(question.id, ["pending", "published"], "hidden", at);
    if (!hidden) return fail("QA_NOT_ON_BOARD");
    this.#messages.refresh(session.id);
    return ok(hidden);
  }

  /** The questions a duplicate may be merged into: the others on the board, best-ranked first. */
  async mergeTargets(question: QaQuestion): Promise<QaQuestion[]> {
    return rankQuestions(await this.#qa.questions(question.sessionId)).filter((q) => q.id !== question.id);
  }

  /** The session's waiting questions, oldest first. */
  async waiting(sessionId: string): Promise<QaQuestion[]> {
    return (await this.#qa.questions(sessionId)).filter((q) => q.state === "pending");
  }

  /** Replaces the staff channel's review card of a question decided elsewhere (the private queue). */
  settleReviewCard(found: QuestionInContext, view: MessageView): void {
    this.#messages.settleReviewCard(found.question, found.community, view);
  }
}
