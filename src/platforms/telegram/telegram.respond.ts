import type { Api } from "grammy";
import type { ActionCodec } from "../../core/actions/action-codec.ts";
import type { Locale } from "../../core/domain/platform.ts";
import type { Translator } from "../../core/i18n/translator.ts";
import type { PipelineOutcome } from "../../core/pipeline/update-pipeline.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { MessageView, Reply } from "../../core/ports/view.ts";
import type { TelegramChat } from "./telegram.chat.ts";
import { sendRendered } from "./telegram.delivery.ts";
import { callTelegram, TelegramPlatformError, toPlatformError } from "./telegram.errors.ts";
import { type ButtonPlace, callbackEncoder } from "./telegram.ids.ts";
import type { ReplyOutbox } from "./telegram.outbox.ts";
import type { PrivateChats } from "./telegram.private.ts";
import { cut, escapeHtml, type RenderedView, renderView, telegramLimits } from "./telegram.render.ts";

/** Where an update came from: the chat, the person, and the community it acts in. */
export interface Place {
  readonly updateId: number;
  readonly chat: { readonly id: number; readonly type: string };
  readonly userId: number;
  /** The group the interaction acts in (also for a private chat opened from a group's deep link). */
  readonly communityChatId: string | null;
}

/** A command message: answers are threaded under it. */
export interface CommandPlace extends Place {
  readonly messageId: number;
  /** The command, so that a deep link can bring the person back to it. */
  readonly command: string;
  /**
   * An administrator posted it anonymously, as the group: the sender is GroupAnonymousBot, a bot no one can write
   * to, and the person behind it is unknown.
   */
  readonly sentAsGroup?: boolean;
}

/** A pressed button: the callback query must be answered exactly once. */
export interface CallbackPlace extends Place {
  readonly queryId: string;
  readonly messageId: number;
}

/**
 * Delivers the pipeline's replies on Telegram. Personal replies go to the member's private chat (with a
 * deep link in the group when the bot may not write there yet); public replies, errors and notices are
 * answered where the member acted. Button presses always get their callback query answered. Messages leave
 * through the outbox, so that a reply Telegram makes wait never holds up the chat's next updates.
 */
export class TelegramResponder {
  readonly #api: Api;
  readonly #actions: ActionCodec;
  readonly #translator: Translator;
  readonly #logger: Logger;
  readonly #chat: TelegramChat;
  readonly #privateChats: PrivateChats;
  readonly #outbox: ReplyOutbox;

  constructor(deps: {
    api: Api;
    actions: ActionCodec;
    translator: Translator;
    logger: Logger;
    chat: TelegramChat;
    privateChats: PrivateChats;
    outbox: ReplyOutbox;
  }) {
    this.#api = deps.api;
    this.#actions = deps.actions;
    this.#translator = deps.translator;
    this.#logger = deps.logger;
    this.#chat = deps.chat;
    this.#privateChats = deps.privateChats;
    this.#outbox = deps.outbox;
  }

  /** Answers a command (queued: see the class's note). */
  async command(place: CommandPlace, outcome: PipelineOutcome): Promise<void> {
    const reply = outcome.reply;
    if (reply.type === "none") return;
    if (reply.type === "form") throw formsUnsupported();
    if (reply.type === "notice") return this.text(place, reply.text);
    // Errors and failures say nothing personal: they are answered where the command was typed.
    if (isPersonal(reply) && outcome.outcome === "ok" && place.chat.type !== "private") {
      const note = reply.type === "message" ? reply.publicNote : undefined;
      if (place.sentAsGroup) return this.#privateChatUnreachable(place, outcome.locale, note);
      this.#outbox.enqueue(place.userId, place.updateId, async () => {
        const posted = await this.#privateChats.send(place.userId, reply.view, place.communityChatId);
        if (!posted) this.#privateChatUnreachable(place, outcome.locale, note);
      });
      return;
    }
    this.#send(place, this.#render(reply.view, place), place.messageId);
  }

  /** Answers a command with a sentence, threaded under it. */
  async text(place: CommandPlace, text: string): Promise<void> {
    this.#send(place, { parts: [escapeHtml(text)], keyboard: undefined, attachments: [] }, place.messageId);
  }

  /**
   * Tells the group, under the command, what is safe for everyone (`note`) and how to get the private reply: open
   * the private chat, or (posted as the group) send the command from one's own account.
   */
  #privateChatUnreachable(place: CommandPlace, locale: Locale, note: string | undefined): void {
    const t = this.#translator.for(locale);
    const how = place.sentAsGroup
      ? t("telegram.sentAsGroup")
      : t(note ? "telegram.privateChatClosedAfterNote" : "telegram.privateChatClosed");
    const link = this.#privateChats.deepLink({ command: place.command, communityChatId: String(place.chat.id) });
    const notice = this.#privateChats.closedNotice(note ? `${note}\n${how}` : how, t("telegram.openPrivateChat"), link);
    this.#send(place, notice, place.messageId);
  }

  /** Queues a rendered view for the place's chat. */
  #send(place: Place, rendered: RenderedView, replyTo?: number): void {
    this.#outbox.enqueue(place.chat.id, place.updateId, () =>
      sendRendered(this.#api, place.chat.id, rendered, replyTo !== undefined ? { replyTo } : {}),
    );
  }

  /** Answers a pressed button. */
  async callback(place: CallbackPlace, outcome: PipelineOutcome): Promise<void> {
    const reply = outcome.reply;
    if (outcome.outcome === "duplicate") return;
    switch (reply.type) {
      case "none":
        return this.toast(place.queryId);
      case "notice":
        return this.toast(place.queryId, reply.text);
      case "form":
        await this.toast(place.queryId);
        throw formsUnsupported();
      case "update":
        await this.toast(place.queryId);
        this.#chat
          .editMessage({ chatId: place.chat.id, messageId: place.messageId }, reply.view, placeOf(place))
          .catch((error: unknown) => this.#editFailed(place, error));
        return;
      case "message":
        if (reply.visibility === "private" && place.chat.type !== "private") {
          // The button is answered once the private chat took the message, or with a link that opens it.
          this.#outbox.enqueue(place.userId, place.updateId, async () => {
            if (await this.#privateChats.send(place.userId, reply.view, place.communityChatId)) {
              return this.toast(place.queryId);
            }
            // Opens the private chat at once; pressing Start there lets the bot write.
            const url = this.#privateChats.deepLink({ command: "", communityChatId: String(place.chat.id) });
            return this.toast(place.queryId, undefined, url);
          });
          return;
        }
        await this.toast(place.queryId);
        this.#send(place, this.#render(reply.view, place));
        return;
    }
  }

  /** Answers a callback query, with a short text or a deep link; a query already expired is let go. */
  async toast(queryId: string, text?: string, url?: string): Promise<void> {
    try {
      await callTelegram(() =>
        this.#api.answerCallbackQuery(queryId, {
          ...(text ? { text: cut(text, telegramLimits.callbackAnswer) } : {}),
          ...(url ? { url } : {}),
        }),
      );
    } catch (error) {
      if (error instanceof TelegramPlatformError && error.queryExpired) return;
      throw error;
    }
  }

  #render(view: MessageView, place: Place) {
    return renderView(view, callbackEncoder(this.#actions, placeOf(place)));
  }

  #editFailed(place: CallbackPlace, error: unknown): void {
    const platform = toPlatformError(error);
    this.#logger.warn(
      {
        platform: "telegram",
        updateId: place.updateId,
        ...(platform ? { method: platform.method, code: platform.code } : { err: error }),
      },
      "telegram edit failed",
    );
  }
}

/** Where the buttons of a reply in this place act. */
function placeOf(place: Place): ButtonPlace {
  return place.chat.type === "private"
    ? { kind: "private", communityChatId: place.communityChatId }
    : { kind: "group", chatId: String(place.chat.id) };
}

function isPersonal(reply: Reply): reply is Extract<Reply, { view: MessageView }> {
  return (reply.type === "message" && reply.visibility === "private") || reply.type === "update";
}

function formsUnsupported(): Error {
  return new Error("Telegram has no forms: the core must check capabilities.modals");
}
