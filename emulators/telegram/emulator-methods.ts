import type { ChatMember, InlineKeyboardMarkup } from "grammy/types";
import { ApiFailure, failures } from "./emulator-errors.ts";
import { parseHtml } from "./emulator-html.ts";
import type { EmulatedChat, EmulatedMessage, EmulatorState } from "./emulator-state.ts";
import type { UpdateQueue } from "./emulator-updates.ts";

/** A method's parameters (JSON or form fields; files as `{ name, bytes }`). */
export type Params = Record<string, unknown>;

/** What a method handler may use besides its parameters. */
export interface MethodContext {
  readonly state: EmulatorState;
  readonly queue: UpdateQueue;
  /** Registers what to do when the bot drops the request (an aborted long poll). */
  readonly onAbort: (cancel: () => void) => void;
}

type Method = (params: Params, ctx: MethodContext) => unknown;

const maxText = 4_096;

/** The Bot API methods Circolo uses, with Telegram's checks and error texts. */
export const methods: Readonly<Record<string, Method>> = {
  getMe: (_p, { state }) => ({
    ...state.bot,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  }),

  getUpdates: (p, { queue, onAbort }) =>
    queue.getUpdates(
      {
        ...(p.offset !== undefined ? { offset: Number(p.offset) } : {}),
        ...(p.limit !== undefined ? { limit: Number(p.limit) } : {}),
        ...(p.timeout !== undefined ? { timeout: Number(p.timeout) } : {}),
        ...(Array.isArray(p.allowed_updates) ? { allowed_updates: p.allowed_updates as string[] } : {}),
      },
      onAbort,
    ),

  setWebhook: (p, { queue }) => {
    const url = String(p.url ?? "");
    if (url === "") queue.deleteWebhook(Boolean(p.drop_pending_updates));
    else {
      queue.setWebhook(
        { url, secretToken: p.secret_token as string | undefined, maxConnections: Number(p.max_connections ?? 40) },
        Boolean(p.drop_pending_updates),
        p.allowed_updates as string[] | undefined,
      );
    }
    return true;
  },

  deleteWebhook: (p, { queue }) => {
    queue.deleteWebhook(Boolean(p.drop_pending_updates));
    return true;
  },

  getWebhookInfo: (_p, { queue }) => ({
    url: queue.webhook?.url ?? "",
    has_custom_certificate: false,
    pending_update_count: queue.pendingCount,
  }),

  sendMessage: (p, { state }) => {
    const chat = writableChat(state, p.chat_id);
    const { text, entities } = formatted(p.text, p.parse_mode);
    return post(state, chat, {
      text,
      entities,
      replyMarkup: keyboard(p.reply_markup),
      replyTo: replyTarget(state, chat, p),
    });
  },

  sendPhoto: (p, { state }) => sendFile(state, p, "photo"),
  sendDocument: (p, { state }) => sendFile(state, p, "document"),

  sendPoll: (p, { state }) => {
    const chat = writableChat(state, p.chat_id);
    const options = (p.options as unknown[]).map((o) =>
      typeof o === "string" ? o : String((o as { text: string }).text),
    );
    if (options.length < 2 || options.length > 12) throw failures.pollOptions();
    return post(state, chat, {
      text: String(p.question),
      replyMarkup: keyboard(p.reply_markup),
      poll: {
        question: String(p.question),
        options,
        isAnonymous: p.is_anonymous !== false,
        multiple: Boolean(p.allows_multiple_answers),
        closed: false,
      },
    });
  },

  stopPoll: (p, { state }) => {
    const message = ownMessage(state, p);
    if (!message.poll) throw failures.cannotEdit();
    if (message.poll.closed) throw failures.pollClosed();
    message.poll.closed = true;
    message.replyMarkup = keyboard(p.reply_markup);
    state.changed();
    return (state.apiMessage(message) as { poll: unknown }).poll;
  },

  editMessageText: (p, { state }) => {
    const message = ownMessage(state, p);
    const { text, entities } = formatted(p.text, p.parse_mode);
    const markup = keyboard(p.reply_markup);
    if (text === message.text && sameJson(entities, message.entities) && sameJson(markup, message.replyMarkup))
      throw failures.notModified();
    Object.assign(message, { text, entities, replyMarkup: markup, edits: message.edits + 1 });
    state.changed();
    return state.apiMessage(message);
  },

  editMessageReplyMarkup: (p, { state }) => {
    const message = ownMessage(state, p);
    const markup = keyboard(p.reply_markup);
    if (sameJson(markup, message.replyMarkup)) throw failures.notModified();
    Object.assign(message, { replyMarkup: markup, edits: message.edits + 1 });
    state.changed();
    return state.apiMessage(message);
  },

  answerCallbackQuery: (p, { state }) => {
    const query = state.callbackQueries.get(String(p.callback_query_id));
    if (!query || query.answer) throw failures.queryInvalid();
    const text = p.text === undefined ? undefined : String(p.text);
    if (text !== undefined && text.length > 200) throw new ApiFailure(400, "Bad Request: MESSAGE_TOO_LONG");
    query.answer = {
      ...(text !== undefined ? { text } : {}),
      ...(p.url !== undefined ? { url: String(p.url) } : {}),
      ...(p.show_alert !== undefined ? { showAlert: Boolean(p.show_alert) } : {}),
    };
    state.changed();
    return true;
  },

  setMyCommands: (p, { state }) => {
    const commands = p.commands as { command: string; description: string }[];
    for (const c of commands) {
      if (!/^[a-z0-9_]{1,32}$/.test(c.command)) throw new ApiFailure(400, "Bad Request: BOT_COMMAND_INVALID");
      if (c.description.length < 1 || c.description.length > 256)
        throw new ApiFailure(400, "Bad Request: command description is invalid");
    }
    state.commands.set(commandsKey(p), commands);
    state.changed();
    return true;
  },

  getMyCommands: (p, { state }) => state.commands.get(commandsKey(p)) ?? [],

  getChat: (p, { state }) => {
    const chat = state.chats.get(Number(p.chat_id));
    if (!chat) throw failures.chatNotFound();
    return { ...state.apiChat(chat), accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: {} };
  },

  getChatMember: (p, { state }) => {
    const chat = groupChat(state, p.chat_id);
    const userId = Number(p.user_id);
    const user = state.users.get(userId);
    if (!user) throw failures.userNotFound();
    return chatMember(state.apiUser(user), chat.members.get(userId) ?? "left");
  },

  getChatAdministrators: (p, { state }) => {
    const chat = groupChat(state, p.chat_id);
    const admins = [...chat.members.entries()].filter(([, s]) => s === "creator" || s === "administrator");
    return [
      ...admins.map(([id, status]) => chatMember(state.apiUser(state.users.get(id)!), status)),
      ...(chat.botStatus === "administrator" ? [chatMember(state.bot, "administrator")] : []),
    ];
  },
};

function chatMember(user: ChatMember["user"], status: string): ChatMember {
  if (status === "administrator") {
    return { user, status, can_be_edited: false, is_anonymous: false, can_manage_chat: true } as ChatMember;
  }
  if (status === "creator") return { user, status, is_anonymous: false } as ChatMember;
  if (status === "kicked") return { user, status, until_date: 0 } as ChatMember;
  return { user, status } as ChatMember;
}

function commandsKey(p: Params): string {
  return `${JSON.stringify(p.scope ?? { type: "default" })}|${String(p.language_code ?? "")}`;
}

/** A chat the bot may post in, with Telegram's refusals for the others. */
function writableChat(state: EmulatorState, chatId: unknown): EmulatedChat {
  // A person's id is also the id of their private chat with the bot, started or not.
  const person = state.users.get(Number(chatId));
  const chat = person ? state.privateChat(person) : state.chats.get(Number(chatId));
  if (!chat) throw failures.chatNotFound();
  if (chat.migratedTo !== null) throw failures.upgraded(chat.migratedTo);
  if (chat.type === "private") {
    const user = state.users.get(chat.id)!;
    if (user.isBot) throw failures.botRecipient();
    if (user.blockedBot) throw failures.blocked();
    if (!user.startedBot) throw failures.notStarted();
    return chat;
  }
  if (chat.botStatus === "kicked") throw failures.kicked();
  if (chat.botStatus === "left") throw failures.notMember();
  return chat;
}

function groupChat(state: EmulatorState, chatId: unknown): EmulatedChat {
  const chat = state.chats.get(Number(chatId));
  if (!chat || chat.type === "private") throw failures.chatNotFound();
  return chat;
}

function ownMessage(state: EmulatorState, p: Params): EmulatedMessage {
  const message = state.message(Number(p.chat_id), Number(p.message_id));
  if (!message) throw failures.messageNotFound();
  if (!message.fromBot) throw failures.cannotEdit();
  return message;
}

function formatted(text: unknown, parseMode: unknown): { text: string; entities: EmulatedMessage["entities"] } {
  const raw = typeof text === "string" ? text : "";
  const parsed = parseMode === "HTML" ? parseHtml(raw) : { text: raw, entities: [] };
  if (parsed.text.trim() === "") throw failures.emptyText();
  if (parsed.text.length > maxText) throw failures.tooLong();
  return parsed;
}

/** Checks an inline keyboard as Telegram does: callback data of 1-64 bytes, http(s) or tg: URLs. */
function keyboard(markup: unknown): InlineKeyboardMarkup | undefined {
  const rows = (markup as InlineKeyboardMarkup | undefined)?.inline_keyboard;
  if (!rows || rows.length === 0) return undefined;
  for (const button of rows.flat()) {
    if ("callback_data" in button) {
      const bytes = Buffer.byteLength(button.callback_data);
      if (bytes < 1 || bytes > 64) throw failures.buttonData();
    } else if ("url" in button && !/^(https?|tg):\/\//.test(button.url)) throw failures.buttonUrl();
  }
  return { inline_keyboard: rows };
}

function replyTarget(state: EmulatorState, chat: EmulatedChat, p: Params): number | null {
  const reply = p.reply_parameters as { message_id?: number; allow_sending_without_reply?: boolean } | undefined;
  if (!reply?.message_id) return null;
  if (state.message(chat.id, reply.message_id)) return reply.message_id;
  if (reply.allow_sending_without_reply) return null;
  throw failures.replyNotFound();
}

function sendFile(state: EmulatorState, p: Params, kind: "photo" | "document") {
  const chat = writableChat(state, p.chat_id);
  const file = p[kind] as { name: string; bytes: number } | undefined;
  if (!file || typeof file !== "object") throw failures.missing(kind);
  const caption = formatted(p.caption ?? "·", p.parse_mode);
  return post(state, chat, {
    text: p.caption ? caption.text : "",
    replyMarkup: keyboard(p.reply_markup),
    file: { kind, ...file },
  });
}

function post(
  state: EmulatorState,
  chat: EmulatedChat,
  content: Partial<Pick<EmulatedMessage, "text" | "entities" | "replyMarkup" | "replyTo" | "file" | "poll">>,
) {
  const message = state.addMessage({
    chatId: chat.id,
    messageId: state.newMessageId(chat.id),
    fromBot: true,
    userId: null,
    date: Math.floor(Date.now() / 1000),
    text: content.text ?? "",
    entities: content.entities ?? [],
    replyMarkup: content.replyMarkup,
    replyTo: content.replyTo ?? null,
    edits: 0,
    ...(content.file ? { file: content.file } : {}),
    ...(content.poll ? { poll: content.poll } : {}),
  });
  return state.apiMessage(message);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
