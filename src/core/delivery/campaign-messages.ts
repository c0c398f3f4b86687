import type { Community } from "../domain/community.ts";
import { type Locale, pickLocale } from "../domain/platform.ts";
import type { Translate, Translator } from "../i18n/translator.ts";
import type { ChatPlatform } from "../ports/chat-platform.port.ts";
import type { ChatPlatforms } from "../ports/chat-platforms.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import { BackgroundWork, Refresher } from "./background-work.ts";

/** How a community reads the messages Circolo posts in it: its language and its clocks. */
export interface CommunityViewContext {
  readonly t: Translate;
  readonly locale: Locale;
  readonly timeZone: string;
}

/** What the messages of every campaign kind are built from. */
export interface CampaignMessagesDeps {
  readonly communities: CommunityRepository;
  readonly chat: ChatPlatforms;
  readonly translator: Translator;
  readonly logger: Logger;
}

/**
 * What the messages of every campaign kind (a poll, an offer, a Q&A board) share: the community's connected
 * platform, its language and clocks, one refresh loop per campaign and the background work idle() waits for.
 * Refreshes of one campaign never overlap, and a change while one is reading makes it read again, so the last
 * edit submitted shows the newest state; the adapters coalesce rapid edits of one message themselves. A kind
 * says how one refresh reads its campaign and edits its messages.
 */
export abstract class CampaignMessages {
  protected readonly communities: CommunityRepository;
  protected readonly logger: Logger;
  readonly #chat: ChatPlatforms;
  readonly #translator: Translator;
  readonly #background: BackgroundWork;
  readonly #refresher: Refresher;

  constructor(deps: CampaignMessagesDeps, failures: { readonly background: string; readonly refresh: string }) {
    this.communities = deps.communities;
    this.logger = deps.logger;
    this.#chat = deps.chat;
    this.#translator = deps.translator;
    this.#background = new BackgroundWork(deps.logger, failures.background);
    this.#refresher = new Refresher((id) => this.refreshOnce(id), this.#background, failures.refresh);
  }

  /** How the community reads its campaigns: its language and its clocks. */
  contextFor(community: Pick<Community, "locale" | "timeZone">): CommunityViewContext {
    const locale = pickLocale(community.locale);
    return { t: this.#translator.for(locale), locale, timeZone: community.timeZone };
  }

  /** The connected platform of a community, or null when it is not connected to this instance. */
  platformOf(community: Community): ChatPlatform | null {
    return this.#chat.for(community.platform) ?? null;
  }

  /** Brings the campaign's messages up to date, in the background. */
  refresh(campaignId: string): void {
    this.#refresher.request(campaignId);
  }

  /** Keeps a background task until it settles (see idle), logging its failure. */
  track(task: Promise<unknown>, failure?: string): void {
    this.#background.track(task, failure);
  }

  /** Resolves once no background work (refreshes, private deliveries) is left: for tests and shutdown. */
  idle(): Promise<void> {
    return this.#background.idle();
  }

  /** The connected platform of a community; throws when it is not connected (the caller checked first). */
  protected requirePlatform(community: Community): ChatPlatform {
    const chat = this.platformOf(community);
    if (!chat) throw new Error(`${community.platform} is not connected`);
    return chat;
  }

  /** Resolves once a refresh of the campaign in flight has settled, so a final edit cannot be overtaken. */
  protected settled(campaignId: string): Promise<void> {
    return this.#refresher.settled(campaignId);
  }

  /** Reads the campaign once and edits its messages to match. */
  protected abstract refreshOnce(campaignId: string): Promise<void>;
}
