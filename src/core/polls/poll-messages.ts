import { CampaignMessages } from "../delivery/campaign-messages.ts";
import type { Community } from "../domain/community.ts";
import type { Translator } from "../i18n/translator.ts";
import type { MessageRef } from "../ports/chat-platform.port.ts";
import type { ChatPlatforms } from "../ports/chat-platforms.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { PollRepository } from "../ports/poll.repository.port.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import { emptyTally, type Poll, type Tally } from "./poll.ts";
import { closedPollView, pollMessageView, pollResultsView } from "./poll.view.ts";

/**
 * The messages a poll lives in: posting it, keeping its counts current, and its final state. Refreshes read
 * the tally after the votes that asked for them, so the last edit shows the latest counts.
 */
export class PollMessages extends CampaignMessages {
  readonly #polls: PollRepository;

  constructor(deps: {
    polls: PollRepository;
    communities: CommunityRepository;
    chat: ChatPlatforms;
    translator: Translator;
    logger: Logger;
  }) {
    super(deps, { background: "poll background task failed", refresh: "poll message refresh failed" });
    this.#polls = deps.polls;
  }

  /** Posts a new poll in its channel and remembers the message. Throws when the platform refuses. */
  async post(poll: Poll, community: Community, at: Date): Promise<MessageRef> {
    const chat = this.requirePlatform(community);
    const view = pollMessageView(poll, emptyTally(poll.options.length), this.contextFor(community), chat.capabilities);
    const ref = await chat.send(
      { channelId: poll.channelId, ...(poll.mentionRoleId ? { mentionRoleId: poll.mentionRoleId } : {}) },
      view,
    );
    await this.#polls.addMessage(poll.id, { role: "channel", ref, at });
    return ref;
  }

  /**
   * Shows a closed poll's final state in every message it was posted in (after any refresh in flight, so
   * that no stale count lands last) and, when asked, posts the results in its channel.
   */
  async finish(poll: Poll, tally: Tally, postResults: boolean, at: Date): Promise<void> {
    await this.settled(poll.id);
    const community = await this.communities.get(poll.communityId);
    const chat = community && this.platformOf(community);
    if (!community || !chat) {
      this.logger.warn({ pollId: poll.id }, "poll closed while its platform is not connected; messages not updated");
      return;
    }
    const ctx = this.contextFor(community);
    const closed = closedPollView(poll, tally, ctx);
    for (const message of await this.#polls.messages(poll.id)) {
      if (message.role === "results") continue;
      // A private copy's buttons act for the community: its edit keeps them signed for it.
      const ref = message.role === "direct" ? { ...message.ref, actsFor: community.platformId } : message.ref;
      await chat.edit(ref, closed).catch((error: unknown) => {
        this.logger.warn({ err: error, pollId: poll.id }, "could not edit a closed poll's message");
      });
    }
    if (!postResults) return;
    const ref = await chat.send({ channelId: poll.channelId }, pollResultsView(poll, tally, ctx));
    await this.#polls.addMessage(poll.id, { role: "results", ref, at });
  }

  protected async refreshOnce(pollId: string): Promise<void> {
    const poll = await this.#polls.get(pollId);
    if (poll?.state !== "live") return;
    const community = await this.communities.get(poll.communityId);
    const chat = community && this.platformOf(community);
    if (!community || !chat) return;
    const view = pollMessageView(poll, await this.#polls.tally(poll.id), this.contextFor(community), chat.capabilities);
    for (const message of await this.#polls.messages(poll.id)) {
      if (message.role === "channel") await chat.edit(message.ref, view);
    }
  }
}
