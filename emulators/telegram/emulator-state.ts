import { EventEmitter } from "node:events";
import type { BotCommand, InlineKeyboardMarkup, Message, MessageEntity, Update, User } from "grammy/types";

/** A person on the emulated Telegram. */
export interface EmulatedUser {
  readonly id: number;
  readonly firstName: string;
  languageCode: string | undefined;
  /** The person pressed Start in the bot's private chat: only then may the bot write there. */
  startedBot: boolean;
  blockedBot: boolean;
  /** A bot account (Telegram's GroupAnonymousBot): bots may not write to it. */
  readonly isBot?: boolean;
}

/** The account Telegram shows as the sender of a message an administrator posts anonymously, as the group. */
export const groupAnonymousBot = { id: 1_087_968_824, firstName: "Group", username: "GroupAnonymousBot" } as const;

/** Where a member stands in a group. */
export type MemberStatus = "creator" | "administrator" | "member" | "left" | "kicked";

/** A group, supergroup or private chat. */
export interface EmulatedChat {
  readonly id: number;
  readonly type: "private" | "group" | "supergroup";
  title: string;
  readonly members: Map<number, MemberStatus>;
  /** The bot's own status in the group. */
  botStatus: MemberStatus;
  /** Set once a group became a supergroup: the old chat refuses messages from then on. */
  migratedTo: number | null;
}

/** A poll as the bot posted it. */
export interface EmulatedPoll {
  readonly question: string;
  readonly options: readonly string[];
  readonly isAnonymous: boolean;
  readonly multiple: boolean;
  closed: boolean;
}

/** A message in a chat, by the bot or by a person. */
export interface EmulatedMessage {
  readonly chatId: number;
  readonly messageId: number;
  readonly fromBot: boolean;
  readonly userId: number | null;
  readonly date: number;
  /** Plain text (HTML parsed away), or a file's caption. */
  text: string;
  entities: MessageEntity[];
  replyMarkup: InlineKeyboardMarkup | undefined;
  readonly replyTo: number | null;
  /** The chat a message was sent on behalf of (an anonymous administrator posting as the group). */
  readonly senderChatId?: number;
  readonly file?: { readonly kind: "photo" | "document"; readonly name: string; readonly bytes: number };
  readonly poll?: EmulatedPoll;
  /** How many times the bot edited it. */
  edits: number;
}

/** One Bot API call, as the bot made it, for assertions; recorded when it arrives (a long poll too). */
export interface RecordedCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly at: number;
  /** False while the call is being answered (a long poll waiting for updates). */
  done: boolean;
  /** null when it succeeded (or is still running); else the error code sent back. */
  errorCode: number | null;
  /** The error's description, when it failed. */
  description?: string;
}

/** A fault to answer the next calls of a method with. */
export type Fault =
  | { readonly code: 429; readonly retryAfter: number }
  | { readonly code: 500 | 502 }
  /** The request hangs, then its connection is reset without an answer; the method never runs. */
  | { readonly code: "timeout"; readonly afterMs: number };

/** The answer the bot gave to a button press. */
export interface CallbackAnswer {
  readonly text?: string;
  readonly url?: string;
  readonly showAlert?: boolean;
}

/** Everything the emulated Telegram knows; changes emit "change" so tests can wait for them. */
export class EmulatorState extends EventEmitter {
  readonly bot: User & { username: string };
  readonly users = new Map<number, EmulatedUser>();
  readonly chats = new Map<number, EmulatedChat>();
  readonly messages = new Map<string, EmulatedMessage>();
  /** Menus per `scope JSON|language`. */
  readonly commands = new Map<string, BotCommand[]>();
  readonly calls: RecordedCall[] = [];
  readonly faults = new Map<string, Fault[]>();
  /** Button presses: the query, and the bot's answer once given. */
  readonly callbackQueries = new Map<string, { answer: CallbackAnswer | null }>();
  /** Every update ever queued, by id (for redelivery). */
  readonly updates = new Map<number, Update>();
  #nextUserId = 100_000_001;
  #nextGroupId = 4_000_001;
  #nextSupergroupId = 1_000_000_000_001;
  #nextUpdateId = 1;
  #nextQueryId = 1;
  readonly #nextMessageId = new Map<number, number>();

  constructor(botId: number, username: string) {
    super();
    this.setMaxListeners(0);
    this.bot = { id: botId, is_bot: true, first_name: "Circolo", username };
  }

  newUserId(): number {
    return this.#nextUserId++;
  }

  newGroupId(): number {
    return -this.#nextGroupId++;
  }

  newSupergroupId(): number {
    return -this.#nextSupergroupId++;
  }

  newUpdateId(): number {
    return this.#nextUpdateId++;
  }

  newQueryId(): string {
    return `q${this.#nextQueryId++}`;
  }

  newMessageId(chatId: number): number {
    const id = this.#nextMessageId.get(chatId) ?? 1;
    this.#nextMessageId.set(chatId, id + 1);
    return id;
  }

  changed(): void {
    this.emit("change");
  }

  message(chatId: number, messageId: number): EmulatedMessage | undefined {
    return this.messages.get(`${chatId}/${messageId}`);
  }

  addMessage(message: EmulatedMessage): EmulatedMessage {
    this.messages.set(`${message.chatId}/${message.messageId}`, message);
    this.changed();
    return message;
  }

  /** The private chat of a person with the bot (its id is the person's id). */
  privateChat(user: EmulatedUser): EmulatedChat {
    let chat = this.chats.get(user.id);
    if (!chat) {
      chat = { id: user.id, type: "private", title: "", members: new Map(), botStatus: "member", migratedTo: null };
      this.chats.set(user.id, chat);
    }
    return chat;
  }

  apiUser(user: EmulatedUser): User {
    return {
      id: user.id,
      is_bot: user.isBot ?? false,
      first_name: user.firstName,
      ...(user.id === groupAnonymousBot.id ? { username: groupAnonymousBot.username } : {}),
      ...(user.languageCode ? { language_code: user.languageCode } : {}),
    };
  }

  apiChat(chat: EmulatedChat): Message["chat"] {
    if (chat.type === "private") {
      const user = this.users.get(chat.id);
      return { id: chat.id, type: "private", first_name: user?.firstName ?? "" };
    }
    return { id: chat.id, type: chat.type, title: chat.title } as Message["chat"];
  }

  /** A stored message in the Bot API's shape. */
  apiMessage(message: EmulatedMessage): Message {
    const chat = this.chats.get(message.chatId)!;
    const from = message.fromBot ? this.bot : this.apiUser(this.users.get(message.userId!)!);
    const base = {
      message_id: message.messageId,
      date: message.date,
      chat: this.apiChat(chat),
      from,
      ...(message.senderChatId !== undefined
        ? { sender_chat: this.apiChat(this.chats.get(message.senderChatId)!) }
        : {}),
      ...(message.replyMarkup ? { reply_markup: message.replyMarkup } : {}),
      ...(message.edits > 0 ? { edit_date: message.date } : {}),
    };
    if (message.poll) {
      const poll = message.poll;
      return {
        ...base,
        poll: {
          id: `poll-${message.chatId}-${message.messageId}`,
          question: poll.question,
          options: poll.options.map((text) => ({ text, voter_count: 0 })),
          total_voter_count: 0,
          is_closed: poll.closed,
          is_anonymous: poll.isAnonymous,
          type: "regular",
          allows_multiple_answers: poll.multiple,
        },
      } as Message;
    }
    if (message.file?.kind === "document") {
      return {
        ...base,
        document: {
          file_id: `f${message.messageId}`,
          file_unique_id: `u${message.messageId}`,
          file_name: message.file.name,
        },
      } as Message;
    }
    if (message.file?.kind === "photo") {
      return {
        ...base,
        photo: [{ file_id: `f${message.messageId}`, file_unique_id: `u${message.messageId}`, width: 1, height: 1 }],
      } as Message;
    }
    return {
      ...base,
      text: message.text,
      ...(message.entities.length > 0 ? { entities: message.entities } : {}),
    } as Message;
  }
}
