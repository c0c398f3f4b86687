import type { Api } from "grammy";
import type { ActionCodec } from "../../core/actions/action-codec.ts";
import type {
  ChannelTarget,
  ChatPlatform,
  MessageRef,
  PlatformCapabilities,
} from "../../core/ports/chat-platform.port.ts";
import type { MessageView } from "../../core/ports/view.ts";
import { EditCoalescer } from "../shared/edit-coalescer.ts";
import { editRendered, type PostedMessage, sendRendered } from "./telegram.delivery.ts";
import { TelegramPlatformError } from "./telegram.errors.ts";
import { type ButtonPlace, callbackEncoder } from "./telegram.ids.ts";
import type { PrivateChats } from "./telegram.private.ts";
import { renderSingle, renderView, telegramLimits } from "./telegram.render.ts";

/** What Telegram offers the core: no ephemeral replies, modals or select menus; long messages. */
export const telegramCapabilities: PlatformCapabilities = {
  ephemeralReplies: false,
  modals: false,
  selectMenus: false,
  // Native polls exist, but the port has no way to post one yet: polls use buttons, which keep votes private.
  nativePolls: false,
  maxMessageLength: telegramLimits.message,
  maxButtonsPerRow: telegramLimits.buttonsPerRow,
  maxActionRows: telegramLimits.rows,
};

interface PendingEdit {
  readonly message: PostedMessage;
  readonly view: MessageView;
  readonly place: ButtonPlace;
}

/** Where the buttons of a message the core posts on its own live: a group, or a private chat. */
export function placeOfChat(chatId: number): ButtonPlace {
  return chatId < 0 ? { kind: "group", chatId: String(chatId) } : { kind: "private", communityChatId: null };
}

/**
 * The ChatPlatform port on the Bot API. A channel is a chat id (a group, or a person's private chat).
 * Edits of one message are coalesced: at most one every `groupEditIntervalMs` in a group (live counts
 * seen by many) and every `privateEditIntervalMs` in a private chat (Telegram allows about one message
 * a second per chat), the newest view winning. Errors reach the caller as TelegramPlatformError.
 */
export class TelegramChat implements ChatPlatform {
  readonly platform = "telegram" as const;
  readonly capabilities = telegramCapabilities;
  readonly #api: Api;
  readonly #actions: ActionCodec;
  readonly #privateChats: PrivateChats;
  readonly #edits: EditCoalescer<PendingEdit>;

  constructor(
    api: Api,
    actions: ActionCodec,
    privateChats: PrivateChats,
    options: { groupEditIntervalMs: number; privateEditIntervalMs: number },
  ) {
    this.#api = api;
    this.#actions = actions;
    this.#privateChats = privateChats;
    this.#edits = new EditCoalescer((_key, edit) => this.#edit(edit), {
      intervalMs: (key) => (key.startsWith("-") ? options.groupEditIntervalMs : options.privateEditIntervalMs),
    });
  }

  /**
   * `target.notify` is the id of the message a command came in (see telegram.inbound.ts): the view is
   * posted in reply to it, which notifies its author. A deleted message does not stop the post.
   */
  async send(target: ChannelTarget, view: MessageView): Promise<MessageRef> {
    const replyTo = target.notify && /^\d{1,12}$/.test(target.notify) ? Number(target.notify) : undefined;
    const post = (chatId: number) => {
      const rendered = renderView(view, callbackEncoder(this.#actions, placeOfChat(chatId)));
      return sendRendered(this.#api, chatId, rendered, replyTo !== undefined ? { replyTo } : {});
    };
    // A chat id stored before the group became a supergroup (a schedule's payload): Telegram names the new one.
    const posted = await post(Number(target.channelId)).catch((error: unknown) => {
      const migratedTo = error instanceof TelegramPlatformError ? error.migratedTo : null;
      if (migratedTo === null) throw error;
      return post(migratedTo);
    });
    if (!posted) throw new Error("the view has neither text nor files: there is nothing to post");
    return { platform: "telegram", channelId: String(posted.chatId), messageId: String(posted.messageId) };
  }

  edit(ref: MessageRef, view: MessageView): Promise<void> {
    const chatId = Number(ref.channelId);
    const place: ButtonPlace =
      ref.actsFor !== undefined && chatId > 0 ? { kind: "private", communityChatId: ref.actsFor } : placeOfChat(chatId);
    return this.editMessage({ chatId, messageId: Number(ref.messageId) }, view, place);
  }

  /** `contact` is the member's Telegram user id, which is also their private chat's id. */
  async sendPrivate(contact: string, view: MessageView, actsFor?: string): Promise<MessageRef | null> {
    const posted = await this.#privateChats.send(Number(contact), view, actsFor ?? null);
    if (!posted) return null;
    const ref: MessageRef = {
      platform: "telegram",
      channelId: String(posted.chatId),
      messageId: String(posted.messageId),
    };
    return actsFor !== undefined ? { ...ref, actsFor } : ref;
  }

  /** Edits a message whose buttons act at `place` (coalesced). */
  editMessage(message: PostedMessage, view: MessageView, place: ButtonPlace): Promise<void> {
    return this.#edits.submit(`${message.chatId}/${message.messageId}`, { message, view, place });
  }

  /** Sends every coalesced edit still waiting (at shutdown). */
  flush(): Promise<void> {
    return this.#edits.flush();
  }

  #edit({ message, view, place }: PendingEdit): Promise<void> {
    return editRendered(this.#api, message, renderSingle(view, callbackEncoder(this.#actions, place)));
  }
}
