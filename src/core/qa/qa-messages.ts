import { BackgroundWork, Refresher } from "../delivery/background-work.ts";
import type { Community } from "../domain/community.ts";
import type { Translator } from "../i18n/translator.ts";
import type { ChatPlatform } from "../ports/chat-platform.port.ts";
import type { ChatPlatforms } from "../ports/chat-platforms.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import type { MessageView } from "../ports/view.ts";
import type { QaRepository } from "./qa.repository.port.ts";
import { type QaQuestion, type QaSession, summarize } from "./qa.ts";
import { answerView, boardView, type QaViewContext, reviewCardView, summaryView } from "./qa.view.ts";

/**
 * The messages a Q&A session posts on its own: the board (posted once, then edited), review cards in the
 * staff channel, answers and the closing summary. Board edits run in the background, one read at a time
 * per session: a change while a refresh is reading marks the board dirty and it is read again, so the
 * newest state is always the last edit submitted; the adapter's coalescer then sends at most one edit per
 * interval. Failures of background work are logged, never thrown at the member who acted.
 */
export class QaMessages {
  readonly #qa: QaRepository;
  readonly #communities: CommunityRepository;
  readonly #chat: ChatPlatforms;
  readonly #translator: Translator;
  readonly #logger: Logger;
  readonly #background: BackgroundWork;
  readonly #refresher: Refresher;

  constructor(deps: {
    qa: QaRepository;
    communities: CommunityRepository;
    chat: ChatPlatforms;
    translator: Translator;
    logger: Logger;
  }) {
    this.#qa = deps.qa;
    this.#communities = deps.communities;
    this.#chat = deps.chat;
    this.#translator = deps.translator;
    this.#logger = deps.logger;
    this.#background = new BackgroundWork(deps.logger, "background work failed");
    this.#refresher = new Refresher((id) => this.#refreshOnce(id), this.#background, "board refresh failed");
  }

  /** The community's platform, when it is connected. */
  platformOf(community: Community): ChatPlatform | undefined {
    return this.#chat.for(community.platform);
  }

  /** How the community's public messages speak: its language and time zone, its platform's limits. */
  contextFor(community: Community, chat: ChatPlatform): QaViewContext {
    return {
      t: this.#translator.for(community.locale),
      locale: community.locale,
      timeZone: community.timeZone,
      capabilities: chat.capabilities,
    };
  }

  /** Posts the board of a new session and remembers where; throws when the platform refuses. */
  async postBoard(session: QaSession, community: Community): Promise<void> {
    const chat = this.#require(community);
    const ref = await chat.send(
      { channelId: session.channelId },
      boardView(session, [], this.contextFor(community, chat)),
    );
    await this.#qa.setBoard(session.id, ref.messageId);
  }

  /** Brings the session's board up to date, in the background. */
  refresh(sessionId: string): void {
    this.#refresher.request(sessionId);
  }

  /** Posts a waiting question's review card in the staff channel (in the background) and remembers it. */
  postReviewCard(session: QaSession, question: QaQuestion, community: Community, staffChannelId: string): void {
    this.track(
      (async () => {
        const chat = this.#require(community);
        const view = reviewCardView(session, question, "c", this.contextFor(community, chat));
        const ref = await chat.send({ channelId: staffChannelId }, view);
        await this.#qa.setReview(question.id, { channelId: ref.channelId, messageId: ref.messageId });
      })(),
      "review card not posted",
    );
  }

  /** Replaces a posted review card (after a decision taken elsewhere), in the background. */
  settleReviewCard(question: QaQuestion, community: Community, view: MessageView): void {
    const review = question.review;
    const chat = this.platformOf(community);
    if (!review || !chat) return;
    this.track(
      chat.edit({ platform: community.platform, channelId: review.channelId, messageId: review.messageId }, view),
      "review card not updated",
    );
  }

  /** Posts an answer in the session's channel, asking the platform to notify the asker. */
  async postAnswer(session: QaSession, question: QaQuestion, answer: string, community: Community): Promise<void> {
    const chat = this.#require(community);
    const t = this.#translator.for(community.locale);
    await chat.send(
      { channelId: session.channelId, ...(question.notifyAddress ? { notify: question.notifyAddress } : {}) },
      answerView(question, answer, t),
    );
  }

  /** Edits the board to its final state and, when `withSummary`, posts the summary under it. */
  async finish(session: QaSession, community: Community, withSummary: boolean): Promise<void> {
    const chat = this.#require(community);
    // Through the refresh loop, so that a refresh still reading the open board cannot edit it last.
    this.refresh(session.id);
    if (!withSummary) return;
    const summary = summarize(await this.#qa.questions(session.id));
    await chat.send(
      { channelId: session.channelId },
      summaryView(session, summary, this.contextFor(community, chat).t),
    );
  }

  /** Keeps a promise until it settles (see idle), logging its failure. */
  track(work: Promise<unknown>, what?: string): void {
    this.#background.track(work, what);
  }

  /** Resolves once no background work is left (tests, shutdown). */
  idle(): Promise<void> {
    return this.#background.idle();
  }

  async #refreshOnce(sessionId: string): Promise<void> {
    const session = await this.#qa.get(sessionId);
    if (!session?.boardMessageId) return;
    const community = await this.#communities.get(session.communityId);
    const chat = community && this.platformOf(community);
    if (!community || !chat) return;
    const view = boardView(session, await this.#qa.questions(sessionId), this.contextFor(community, chat));
    this.track(
      chat.edit(
        { platform: community.platform, channelId: session.channelId, messageId: session.boardMessageId },
        view,
      ),
      "board not updated",
    );
  }

  #require(community: Community): ChatPlatform {
    const chat = this.platformOf(community);
    if (!chat) throw new Error(`platform ${community.platform} is not connected`);
    return chat;
  }
}
