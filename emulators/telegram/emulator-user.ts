import type { ChatMember, ChatMemberUpdated, Message, Update } from "grammy/types";
import {
  type EmulatedChat,
  type EmulatedMessage,
  type EmulatedUser,
  type EmulatorState,
  groupAnonymousBot,
  type MemberStatus,
} from "./emulator-state.ts";
import type { UpdateQueue } from "./emulator-updates.ts";

/** What the user side needs from the emulator. */
export interface UserSide {
  readonly state: EmulatorState;
  readonly queue: UpdateQueue;
  /** Whether the bot reads only commands in groups (BotFather's privacy mode, on by default). */
  readonly privacyMode: boolean;
}

/** A person using Telegram: writes in groups and in the bot's private chat, presses buttons. */
export class EmulatedPerson {
  readonly #side: UserSide;
  readonly user: EmulatedUser;

  constructor(side: UserSide, user: EmulatedUser) {
    this.#side = side;
    this.user = user;
  }

  get id(): number {
    return this.user.id;
  }

  /** Sends a message in a group (or, with no group, in the private chat with the bot). */
  say(text: string, group?: EmulatedGroup): EmulatedMessage {
    const { state } = this.#side;
    const chat = group ? group.chat : state.privateChat(this.user);
    if (!group) this.user.startedBot = true;
    const message = state.addMessage({
      chatId: chat.id,
      messageId: state.newMessageId(chat.id),
      fromBot: false,
      userId: this.user.id,
      date: Math.floor(Date.now() / 1000),
      text,
      entities: text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: /^\S+/.exec(text)![0].length }] : [],
      replyMarkup: undefined,
      replyTo: null,
      edits: 0,
    });
    const botReads = !group || (isPresent(chat.botStatus) && (!this.#side.privacyMode || text.startsWith("/")));
    if (botReads) push(this.#side, { message: state.apiMessage(message) });
    return message;
  }

  /**
   * Sends a command as the group, as an administrator with "Remain anonymous" does: Telegram shows the message as
   * coming from GroupAnonymousBot with the group as `sender_chat`, and the person's own id is nowhere in it.
   */
  sayAsGroup(text: string, group: EmulatedGroup): EmulatedMessage {
    const { state } = this.#side;
    if (!state.users.has(groupAnonymousBot.id)) {
      state.users.set(groupAnonymousBot.id, {
        id: groupAnonymousBot.id,
        firstName: groupAnonymousBot.firstName,
        languageCode: undefined,
        startedBot: false,
        blockedBot: false,
        isBot: true,
      });
    }
    const message = state.addMessage({
      chatId: group.id,
      messageId: state.newMessageId(group.id),
      fromBot: false,
      userId: groupAnonymousBot.id,
      senderChatId: group.id,
      date: Math.floor(Date.now() / 1000),
      text,
      entities: [{ type: "bot_command", offset: 0, length: /^\S+/.exec(text)![0].length }],
      replyMarkup: undefined,
      replyTo: null,
      edits: 0,
    });
    if (isPresent(group.chat.botStatus)) push(this.#side, { message: state.apiMessage(message) });
    return message;
  }

  /** Presses Start in the bot's private chat (what opening a deep link does, with its payload). */
  start(payload?: string): EmulatedMessage {
    return this.say(payload ? `/start ${payload}` : "/start");
  }

  /** The person had started the bot's private chat before the test began: the bot may write there. */
  hasStartedBot(): void {
    this.user.startedBot = true;
  }

  /** Presses the inline button with this label; returns the callback query's id. */
  press(message: EmulatedMessage, label: string): string {
    const button = message.replyMarkup?.inline_keyboard.flat().find((b) => b.text === label);
    if (!button || !("callback_data" in button))
      throw new Error(`no button "${label}" on message ${message.messageId}`);
    return this.pressData(message, button.callback_data);
  }

  /** Sends a button press with any data (a modified client can send what it likes). */
  pressData(message: EmulatedMessage, data: string): string {
    const { state } = this.#side;
    const id = state.newQueryId();
    state.callbackQueries.set(id, { answer: null });
    push(this.#side, {
      callback_query: {
        id,
        from: state.apiUser(this.user),
        message: state.apiMessage(message),
        chat_instance: `ci${message.chatId}`,
        data,
      },
    });
    return id;
  }

  /** Blocks the bot: from now on it may not write to this person. */
  blockBot(): void {
    this.user.blockedBot = true;
  }
}

/** A group on the emulated Telegram, with what its owner and members can do to it. */
export class EmulatedGroup {
  readonly #side: UserSide;
  chat: EmulatedChat;

  constructor(side: UserSide, chat: EmulatedChat) {
    this.#side = side;
    this.chat = chat;
  }

  get id(): number {
    return this.chat.id;
  }

  /** Someone adds the bot (my_chat_member: left → member or administrator). */
  addBot(by: EmulatedPerson, options: { admin?: boolean } = {}): void {
    this.#botStatus(by, options.admin ? "administrator" : "member");
  }

  /** Someone removes the bot (my_chat_member: member → left). */
  removeBot(by: EmulatedPerson): void {
    this.#botStatus(by, "left");
  }

  /** Someone bans the bot (my_chat_member: member → kicked). */
  kickBot(by: EmulatedPerson): void {
    this.#botStatus(by, "kicked");
  }

  /** A person joins; a service message says so. */
  join(person: EmulatedPerson, status: MemberStatus = "member"): void {
    this.chat.members.set(person.id, status);
    this.#service({ new_chat_members: [this.#side.state.apiUser(person.user)] }, person);
  }

  /** A person leaves; a service message says so. */
  leave(person: EmulatedPerson): void {
    this.chat.members.set(person.id, "left");
    this.#service({ left_chat_member: this.#side.state.apiUser(person.user) }, person);
  }

  /** Makes a member an administrator (Telegram sends the bot nothing about it without chat_member updates). */
  promote(person: EmulatedPerson): void {
    this.chat.members.set(person.id, "administrator");
  }

  /**
   * Upgrades a group to a supergroup, as Telegram does: a new chat with a new id and the same members,
   * `migrate_to_chat_id` posted in the old chat and `migrate_from_chat_id` in the new one. This handle
   * then points at the supergroup.
   */
  migrate(by: EmulatedPerson): void {
    const { state } = this.#side;
    const old = this.chat;
    const next: EmulatedChat = {
      id: state.newSupergroupId(),
      type: "supergroup",
      title: old.title,
      members: new Map(old.members),
      botStatus: old.botStatus,
      migratedTo: null,
    };
    state.chats.set(next.id, next);
    this.#service({ migrate_to_chat_id: next.id }, by);
    old.migratedTo = next.id;
    this.chat = next;
    this.#service({ migrate_from_chat_id: old.id }, by);
  }

  #botStatus(by: EmulatedPerson, status: MemberStatus): void {
    const { state } = this.#side;
    const before = this.chat.botStatus;
    this.chat.botStatus = status;
    const update: ChatMemberUpdated = {
      chat: state.apiChat(this.chat),
      from: state.apiUser(by.user),
      date: Math.floor(Date.now() / 1000),
      old_chat_member: member(state.bot, before),
      new_chat_member: member(state.bot, status),
    };
    push(this.#side, { my_chat_member: update });
  }

  #service(content: Partial<Message>, by: EmulatedPerson): void {
    const { state } = this.#side;
    const message = {
      message_id: state.newMessageId(this.chat.id),
      date: Math.floor(Date.now() / 1000),
      chat: state.apiChat(this.chat),
      from: state.apiUser(by.user),
      ...content,
    } as Message;
    if (isPresent(this.chat.botStatus)) push(this.#side, { message });
  }
}

function member(user: ChatMember["user"], status: MemberStatus): ChatMember {
  if (status === "administrator") {
    return { user, status, can_be_edited: false, is_anonymous: false, can_manage_chat: true } as ChatMember;
  }
  if (status === "kicked") return { user, status, until_date: 0 };
  if (status === "creator") return { user, status, is_anonymous: false };
  return { user, status } as ChatMember;
}

function isPresent(status: MemberStatus): boolean {
  return status === "member" || status === "administrator" || status === "creator";
}

/** Queues an update with the next id (content: `{ message }`, `{ callback_query }`, ...). */
function push(side: UserSide, content: Record<string, unknown>): void {
  side.queue.push({ update_id: side.state.newUpdateId(), ...content } as Update);
}
