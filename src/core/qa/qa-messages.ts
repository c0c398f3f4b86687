import { CampaignMessages } from "../delivery/campaign-messages.ts";
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
export class QaMessages extends CampaignMessages {
  readonly #qa: QaRepository;

  constructor(deps: {
    qa: QaRepository;
    communities: CommunityRepository;
    chat: ChatPlatforms;
    translator: Translator;
    logger: Logger;
  }) {
    super(deps, { background: "background work failed", refresh: "board refresh failed" });
    this.#qa = deps.qa;
  }

  /** How the community's public messages speak: its language and time zone, its platform's limits. */
  #contextOn(community: Community, chat: ChatPlatform): QaViewContext {
    return { ...this.contextFor(community), capabilities: chat.capabilities };
  }

  /** Posts the board of a new session and remembers where; throws when the platform refuses. */
  async postBoard(session: QaSession, community: Community): Promise<void> {
    const chat = this.requirePlatform(community);
    const ref = await chat.send(
      { channelId: session.channelId },
      boardView(session, [], this.#contextOn(community, chat)),
    );
    await this.#qa.setBoard(session.id, ref.messageId);
  }

  /** Posts a waiting question's review card in the staff channel (in the background) and remembers it. */
  postReviewCard(session: QaSession, question: QaQuestion, community: Community, staffChannelId: string): void {
    this.track(
      (async () => {
        const chat = this.requirePlatform(community);
        const view = reviewCardView(session, question, "c", this.#contextOn(community, chat));
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
    const chat = this.requirePlatform(community);
    const { t } = this.contextFor(community);
    await chat.send(
      { channelId: session.channelId, ...(question.notifyAddress ? { notify: question.notifyAddress } : {}) },
      answerView(question, answer, t),
    );
  }

  /** Edits the board to its final state and, when `withSummary`, posts the summary under it. */
  async finish(session: QaSession, community: Community, withSummary: boolean): Promise<void> {
    const chat = this.requirePlatform(community);
    // Through the refresh loop, so that a refresh still reading the open board cannot edit it last.
    this.refresh(session.id);
    if (!withSummary) return;
    const summary = summarize(await this.#qa.questions(session.id));
    await chat.send(
      { channelId: session.channelId },
      summaryView(session, summary, this.#contextOn(community, chat).t),
    );
  }

  protected async refreshOnce(sessionId: string): Promise<void> {
    const session = await this.#qa.get(sessionId);
    if (!session?.boardMessageId) return;
    const community = await this.communities.get(session.communityId);
    const chat = community && this.platformOf(community);
    if (!community || !chat) return;
    const view = boardView(session, await this.#qa.questions(sessionId), this.#contextOn(community, chat));
    this.track(
      chat.edit(
        { platform: community.platform, channelId: session.channelId, messageId: session.boardMessageId },
        view,
      ),
      "board not updated",
    );
  }
}
