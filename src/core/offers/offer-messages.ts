import { BackgroundWork, Refresher } from "../delivery/background-work.ts";
import type { Community } from "../domain/community.ts";
import { pickLocale } from "../domain/platform.ts";
import type { Translator } from "../i18n/translator.ts";
import type { ChatPlatform, MessageRef } from "../ports/chat-platform.port.ts";
import type { ChatPlatforms } from "../ports/chat-platforms.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import type { OfferRepository } from "./offer.repository.port.ts";
import type { Offer } from "./offer.ts";
import { type OfferViewContext, offerEndedView, offerPostView } from "./offer.view.ts";

/**
 * The message an offer lives in: posting it, keeping its "left" count current as members claim, and its final
 * state. Refreshes of one offer never overlap and always read the offer after the claims that asked for them,
 * so the last edit shows the latest count; the adapters coalesce rapid edits of one message themselves.
 */
export class OfferMessages {
  readonly #offers: OfferRepository;
  readonly #communities: CommunityRepository;
  readonly #chat: ChatPlatforms;
  readonly #translator: Translator;
  readonly #logger: Logger;
  readonly #background: BackgroundWork;
  readonly #refresher: Refresher;

  constructor(deps: {
    offers: OfferRepository;
    communities: CommunityRepository;
    chat: ChatPlatforms;
    translator: Translator;
    logger: Logger;
  }) {
    this.#offers = deps.offers;
    this.#communities = deps.communities;
    this.#chat = deps.chat;
    this.#translator = deps.translator;
    this.#logger = deps.logger;
    this.#background = new BackgroundWork(deps.logger, "offer background task failed");
    this.#refresher = new Refresher(
      (offerId) => this.#refreshOnce(offerId),
      this.#background,
      "offer message refresh failed",
    );
  }

  /** How the community reads its offers: its language and its clocks. */
  contextFor(community: Pick<Community, "locale" | "timeZone">): OfferViewContext {
    const locale = pickLocale(community.locale);
    return { t: this.#translator.for(locale), locale, timeZone: community.timeZone };
  }

  /** The connected platform of a community, or null when it is not connected to this instance. */
  platformOf(community: Community): ChatPlatform | null {
    return this.#chat.for(community.platform) ?? null;
  }

  /** Posts the offer in its channel and remembers the message. Throws when the platform refuses. */
  async post(offer: Offer, community: Community, at: Date): Promise<MessageRef> {
    const chat = this.platformOf(community);
    if (!chat) throw new Error(`${community.platform} is not connected`);
    const ref = await chat.send({ channelId: offer.channelId }, offerPostView(offer, this.contextFor(community)));
    await this.#offers.addMessage(offer.id, ref, at);
    return ref;
  }

  /** Brings the offer's messages up to date with its stock, in the background. */
  refresh(offerId: string): void {
    this.#refresher.request(offerId);
  }

  /** Shows an ended offer's final state in its messages, after any refresh in flight. */
  async finish(offer: Offer): Promise<void> {
    await this.#refresher.settled(offer.id);
    const community = await this.#communities.get(offer.communityId);
    const chat = community && this.platformOf(community);
    if (!community || !chat) {
      this.#logger.warn({ offerId: offer.id }, "offer ended while its platform is not connected; message not updated");
      return;
    }
    const view = offerEndedView(offer, this.contextFor(community));
    for (const ref of await this.#offers.messages(offer.id)) {
      await chat.edit(ref, view).catch((error: unknown) => {
        this.#logger.warn({ err: error, offerId: offer.id }, "could not edit an ended offer's message");
      });
    }
  }

  /** Keeps a background task until it settles, so that idle() can wait for it. */
  track(task: Promise<unknown>): void {
    this.#background.track(task);
  }

  /** Resolves once no background work is left. */
  idle(): Promise<void> {
    return this.#background.idle();
  }

  async #refreshOnce(offerId: string): Promise<void> {
    const offer = await this.#offers.get(offerId);
    if (offer?.state !== "live") return;
    const community = await this.#communities.get(offer.communityId);
    const chat = community && this.platformOf(community);
    if (!community || !chat) return;
    const view = offerPostView(offer, this.contextFor(community));
    for (const ref of await this.#offers.messages(offerId)) await chat.edit(ref, view);
  }
}
