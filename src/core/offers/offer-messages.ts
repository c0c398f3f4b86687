import { CampaignMessages } from "../delivery/campaign-messages.ts";
import type { Community } from "../domain/community.ts";
import type { Translator } from "../i18n/translator.ts";
import type { MessageRef } from "../ports/chat-platform.port.ts";
import type { ChatPlatforms } from "../ports/chat-platforms.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import type { OfferRepository } from "./offer.repository.port.ts";
import type { Offer } from "./offer.ts";
import { offerEndedView, offerPostView } from "./offer.view.ts";

/**
 * The message an offer lives in: posting it, keeping its "left" count current as members claim, and its final
 * state. Refreshes read the offer after the claims that asked for them, so the last edit shows the latest count.
 */
export class OfferMessages extends CampaignMessages {
  readonly #offers: OfferRepository;

  constructor(deps: {
    offers: OfferRepository;
    communities: CommunityRepository;
    chat: ChatPlatforms;
    translator: Translator;
    logger: Logger;
  }) {
    super(deps, { background: "offer background task failed", refresh: "offer message refresh failed" });
    this.#offers = deps.offers;
  }

  /** Posts the offer in its channel and remembers the message. Throws when the platform refuses. */
  async post(offer: Offer, community: Community, at: Date): Promise<MessageRef> {
    const chat = this.requirePlatform(community);
    const ref = await chat.send({ channelId: offer.channelId }, offerPostView(offer, this.contextFor(community)));
    await this.#offers.addMessage(offer.id, ref, at);
    return ref;
  }

  /** Shows an ended offer's final state in its messages, after any refresh in flight. */
  async finish(offer: Offer): Promise<void> {
    await this.settled(offer.id);
    const community = await this.communities.get(offer.communityId);
    const chat = community && this.platformOf(community);
    if (!community || !chat) {
      this.logger.warn({ offerId: offer.id }, "offer ended while its platform is not connected; message not updated");
      return;
    }
    const view = offerEndedView(offer, this.contextFor(community));
    for (const ref of await this.#offers.messages(offer.id)) {
      await chat.edit(ref, view).catch((error: unknown) => {
        this.logger.warn({ err: error, offerId: offer.id }, "could not edit an ended offer's message");
      });
    }
  }

  protected async refreshOnce(offerId: string): Promise<void> {
    const offer = await this.#offers.get(offerId);
    if (offer?.state !== "live") return;
    const community = await this.communities.get(offer.communityId);
    const chat = community && this.platformOf(community);
    if (!community || !chat) return;
    const view = offerPostView(offer, this.contextFor(community));
    for (const ref of await this.#offers.messages(offerId)) await chat.edit(ref, view);
  }
}
