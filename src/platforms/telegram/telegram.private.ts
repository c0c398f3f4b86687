import type { Api } from "grammy";
import type { ActionCodec } from "../../core/actions/action-codec.ts";
import type { MessageView } from "../../core/ports/view.ts";
import { type PostedMessage, sendRendered } from "./telegram.delivery.ts";
import { TelegramPlatformError } from "./telegram.errors.ts";
import { callbackEncoder, encodeStartPayload, type StartTarget } from "./telegram.ids.ts";
import { escapeHtml, type RenderedView, renderView } from "./telegram.render.ts";

/**
 * Personal replies (consent, offers, a member's own data) go to the member's private chat with the bot,
 * whose id is the member's user id. Telegram lets a bot write there only after the person started it;
 * until then the group gets a deep link that opens the private chat at the right place.
 */
export class PrivateChats {
  readonly #api: Api;
  readonly #actions: ActionCodec;
  readonly #botUsername: () => string;

  constructor(api: Api, actions: ActionCodec, botUsername: () => string) {
    this.#api = api;
    this.#actions = actions;
    this.#botUsername = botUsername;
  }

  /**
   * Sends a view to a person's private chat, its buttons acting in `communityChatId` (null: none).
   * Returns null when the bot may not write there (never started, or blocked); other failures throw.
   */
  async send(userId: number, view: MessageView, communityChatId: string | null): Promise<PostedMessage | null> {
    const rendered = renderView(view, callbackEncoder(this.#actions, { kind: "private", communityChatId }));
    try {
      return await sendRendered(this.#api, userId, rendered);
    } catch (error) {
      if (error instanceof TelegramPlatformError && error.privateChatClosed) return null;
      throw error;
    }
  }

  /** `https://t.me/<bot>?start=<payload>`: opens the private chat and sends `/start <payload>` on Start. */
  deepLink(target: StartTarget): string {
    return `https://t.me/${this.#botUsername()}?start=${encodeStartPayload(this.#actions, target)}`;
  }

  /** The group reply for someone the bot cannot write to yet: a sentence and a button to the deep link. */
  closedNotice(text: string, buttonLabel: string, link: string): RenderedView {
    return {
      parts: [escapeHtml(text)],
      keyboard: { inline_keyboard: [[{ text: buttonLabel, url: link }]] },
      attachments: [],
    };
  }
}
