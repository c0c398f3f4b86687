import { randomBytes } from "node:crypto";
import type { Community } from "../domain/community.ts";
import type { Member } from "../domain/member.ts";
import type { Interaction } from "../engagement/interaction.ts";
import { type AppError, fail } from "../errors/error-codes.ts";
import { ok, type Result } from "../errors/result.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import type { ErasedLimits } from "../privacy/limit-marker.ts";
import type { QaErasure, QaRepository } from "./qa.repository.port.ts";
import { answerMaxLength, type QaQuestion, type QaSession, questionLength, reviewChannelOf } from "./qa.ts";
import { qaCloseJob, qaCloseScheduleId } from "./qa-closing.ts";
import { resolveEndTime } from "./qa-end-time.ts";
import type { QaMessages } from "./qa-messages.ts";

/** A compact random id (10 characters of base 36): short enough for buttons on both platforms. */
export function compactId(): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  return [...randomBytes(10)].map((byte) => alphabet[byte % 36]).join("");
}

/** Everything the Q&A service works with. */
export interface QaServiceDeps {
  readonly qa: QaRepository;
  readonly messages: QaMessages;
  readonly scheduler: Scheduler;
  /** What people who erased their data had asked and upvoted in open sessions. */
  readonly erased: ErasedLimits;
  readonly logger: Logger;
  readonly newId?: () => string;
}

/** A question with the session it belongs to and that session's community. */
export interface QuestionInContext {
  readonly question: QaQuestion;
  readonly session: QaSession;
  readonly community: Community;
}

/**
 * Q&A sessions ("ask the brand"): opening one in a channel (its board posted, its end scheduled), asking
 * (limits, moderation queue), upvoting and answering. Moderators' decisions live in QaModeration, closing
 * in QaClosing. Expected failures are results; only bugs throw.
 */
export class QaService {
  readonly #deps: QaServiceDeps;
  readonly #newId: () => string;

  constructor(deps: QaServiceDeps) {
    this.#deps = deps;
    this.#newId = deps.newId ?? compactId;
  }

  /**
   * Opens a session in a channel: stored (one open session per channel), its closing scheduled when it has
   * an end time, and its board posted. A board the platform refuses leaves nothing behind.
   */
  async open(input: {
    community: Community;
    channelId: string | null;
    topic: string;
    ends: string | null;
    moderated: boolean;
    maxOpenPerMember: number;
    at: Date;
  }): Promise<Result<QaSession, AppError>> {
    const { community, at } = input;
    if (!input.channelId) return fail("QA_CHANNEL_UNKNOWN");
    let endsAt: Date | null = null;
    if (input.ends) {
      const end = resolveEndTime(input.ends, at, community.timeZone);
      if (!end.ok) return fail("QA_INVALID_END", { reason: end.problem });
      endsAt = end.at;
    }
    if (!this.#deps.messages.platformOf(community)) return fail("TEMPORARILY_UNAVAILABLE");
    const opened = await this.#deps.qa.open({
      id: this.#newId(),
      communityId: community.id,
      channelId: input.channelId,
      topic: input.topic,
      moderated: input.moderated,
      maxOpenPerMember: input.maxOpenPerMember,
      openedAt: at,
      endsAt,
    });
    if (opened.kind === "channel_busy") return fail("QA_SESSION_EXISTS");
    const session = opened.session;
    if (endsAt) {
      await this.#deps.scheduler.upsert({
        id: qaCloseScheduleId(session.id),
        job: qaCloseJob,
        payload: { sessionId: session.id },
        timeZone: community.timeZone,
        runAt: endsAt,
        communityId: community.id,
        campaignId: session.id,
      });
    }
    try {
      await this.#deps.messages.postBoard(session, community);
    } catch (error) {
      this.#deps.logger.warn({ err: error, sessionId: session.id }, "Q&A board could not be posted; discarded");
      await this.#deps.scheduler.cancel(qaCloseScheduleId(session.id));
      await this.#deps.qa.discard(session.id);
      return fail("QA_BOARD_NOT_POSTED");
    }
    return ok((await this.#deps.qa.get(session.id)) ?? session);
  }

  /** The session open in a channel of the community. */
  async sessionIn(community: Community, channelId: string | null): Promise<Result<QaSession, AppError>> {
    const session = channelId ? await this.#deps.qa.findOpenInChannel(community.id, channelId) : null;
    return session ? ok(session) : fail("QA_SESSION_NOT_FOUND");
  }

  /** A session of this community, open (a button or form naming it). */
  async openSession(community: Community, sessionId: string): Promise<Result<QaSession, AppError>> {
    const session = await this.#deps.qa.get(sessionId);
    if (session?.communityId !== community.id) return fail("STALE_OR_FORGED_ACTION");
    return session.state === "open" ? ok(session) : fail("QA_SESSION_CLOSED");
  }

  /**
   * A member's question: 10-500 characters, within the session's limit of open questions per member.
   * Shown at once, or queued for moderators (a review card in the staff channel when there is one).
   */
  async ask(input: {
    community: Community;
    member: Member;
    session: QaSession;
    text: string;
    at: Date;
    /** Where it is recorded as this interaction's engagement event. */
    interaction: Interaction;
    notifyAddress: string | null;
  }): Promise<Result<QaQuestion, AppError>> {
    const { community, session } = input;
    const text = input.text.trim();
    if (text.length < questionLength.min || text.length > questionLength.max) {
      return fail("QA_QUESTION_LENGTH", { ...questionLength, length: text.length });
    }
    const asked = await this.#deps.qa.ask({
      id: this.#newId(),
      sessionId: session.id,
      askerId: input.member.id,
      text,
      at: input.at,
      state: session.moderated ? "pending" : "published",
      notifyAddress: input.notifyAddress,
      priorOpen: await this.#openBeforeErasure(session, input.member),
    });
    if (asked.kind === "closed") return fail("QA_SESSION_CLOSED");
    if (asked.kind === "limit") return fail("QA_TOO_MANY_OPEN", { max: asked.max });
    const { question } = asked;
    input.interaction.record({ kind: "ask", campaignId: session.id });
    const staff = reviewChannelOf(community, session);
    if (question.state === "pending" && staff) this.#deps.messages.postReviewCard(session, question, community, staff);
    this.#deps.messages.refresh(session.id);
    return ok(question);
  }

  /**
   * One upvote per member per question shown on an open session's board, never on one's own question.
   * `counted` is false when the member had already upvoted it (nothing changes).
   */
  async upvote(input: {
    community: Community;
    member: Member;
    questionId: string;
    at: Date;
    /** Where it is recorded as this interaction's engagement event. */
    interaction: Interaction;
  }): Promise<Result<{ question: QaQuestion; counted: boolean }, AppError>> {
    const found = await this.questionIn(input.community, input.questionId);
    if (!found.ok) return found;
    const { question, session } = found.value;
    if (session.state !== "open") return fail("QA_SESSION_CLOSED");
    if (question.state !== "published") return fail("QA_NOT_ON_BOARD");
    const before = await this.#deps.erased.uses(session.id, input.member);
    const usedOn = (kind: "question" | "upvote") => before.some((u) => u.kind === kind && u.questionId === question.id);
    if (question.askerId === input.member.id || usedOn("question")) return fail("QA_OWN_QUESTION");
    if (usedOn("upvote")) return fail("TAKEN_PART_BEFORE_ERASURE");
    if (!(await this.#deps.qa.upvote(question.id, input.member.id, input.at))) return ok({ question, counted: false });
    input.interaction.record({ kind: "upvote", campaignId: session.id });
    this.#deps.messages.refresh(session.id);
    return ok({ question, counted: true });
  }

  /** Takes a member's upvote back while the session is open. */
  async withdraw(input: {
    community: Community;
    member: Member;
    questionId: string;
  }): Promise<Result<QaQuestion, AppError>> {
    const found = await this.questionIn(input.community, input.questionId);
    if (!found.ok) return found;
    const { question, session } = found.value;
    if (session.state !== "open") return fail("QA_SESSION_CLOSED");
    if (!(await this.#deps.qa.withdrawUpvote(question.id, input.member.id))) return fail("QA_NOT_UPVOTED");
    this.#deps.messages.refresh(session.id);
    return ok(question);
  }

  /**
   * A moderator's answer to a question on the board: posted in the session's channel in reply to the
   * question (the platform notifies the asker), counted, and the first one's time recorded.
   */
  async answer(input: {
    community: Community;
    member: Member;
    questionId: string;
    text: string;
    at: Date;
    /** Where it is recorded as this interaction's engagement event. */
    interaction: Interaction;
  }): Promise<Result<QaQuestion, AppError>> {
    const text = input.text.trim();
    if (text.length < 1 || text.length > answerMaxLength) return fail("QA_ANSWER_LENGTH", { max: answerMaxLength });
    const found = await this.questionIn(input.community, input.questionId);
    if (!found.ok) return found;
    const { question, session } = found.value;
    if (session.state !== "open") return fail("QA_SESSION_CLOSED");
    if (question.state !== "published") return fail("QA_NOT_ON_BOARD");
    try {
      await this.#deps.messages.postAnswer(session, question, text, input.community);
    } catch (error) {
      this.#deps.logger.warn({ err: error, sessionId: session.id }, "Q&A answer could not be posted");
      return fail("QA_ANSWER_NOT_POSTED");
    }
    const answered = (await this.#deps.qa.recordAnswer(question.id, input.at)) ?? question;
    input.interaction.record({ kind: "answer", campaignId: session.id });
    this.#deps.messages.refresh(session.id);
    return ok(answered);
  }

  /** The question with that number in the session. */
  async questionNumbered(session: QaSession, number: number): Promise<Result<QaQuestion, AppError>> {
    const question = await this.#deps.qa.questionByNumber(session.id, number);
    return question ? ok(question) : fail("QA_QUESTION_NOT_FOUND", { number });
  }

  /** A question of a session of this community (a button naming it). */
  async questionIn(community: Community, questionId: string): Promise<Result<QuestionInContext, AppError>> {
    const question = await this.#deps.qa.question(questionId);
    const session = question && (await this.#deps.qa.get(question.sessionId));
    if (!question || session?.communityId !== community.id) return fail("STALE_OR_FORGED_ACTION");
    return ok({ question, session, community });
  }

  /** Every question of a session, by number. */
  questions(sessionId: string): Promise<QaQuestion[]> {
    return this.#deps.qa.questions(sessionId);
  }

  /**
   * Erasure of a member's Q&A data (see QaRepository.eraseMember), then the boards they appeared on are
   * shown again without them. The erasure flow calls this before it deletes the member.
   */
  async forgetMember(memberId: string): Promise<QaErasure> {
    const erased = await this.#deps.qa.eraseMember(memberId);
    for (const sessionId of erased.sessionIds) this.#deps.messages.refresh(sessionId);
    return erased;
  }

  /** Resolves once no background work (board edits, review cards) is left. */
  idle(): Promise<void> {
    return this.#deps.messages.idle();
  }

  /** Questions the member's person asked before erasing their data that are still open (waiting or unanswered). */
  async #openBeforeErasure(session: QaSession, member: Member): Promise<number> {
    const asked = (await this.#deps.erased.uses(session.id, member)).filter((u) => u.kind === "question");
    let open = 0;
    for (const use of asked) {
      const question = use.questionId ? await this.#deps.qa.question(use.questionId) : null;
      const waiting = question?.state === "pending" || question?.state === "published";
      if (waiting && question.firstAnsweredAt === null) open += 1;
    }
    return open;
  }
}
