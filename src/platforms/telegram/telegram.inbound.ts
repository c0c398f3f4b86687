import type { Chat, ChatMember, ChatMemberUpdated, User } from "grammy/types";
import type { Inbound, InboundRequest } from "../../core/pipeline/inbound.ts";

/** A command as typed: `/name`, `/name@bot_username`, followed by its arguments. */
export interface TypedCommand {
  /** Lowercase command name. */
  readonly name: string;
  /** True when the command named this bot (`/name@bot`): meant for Circolo even if unknown to it. */
  readonly addressed: boolean;
  /** The text after the command, untouched. */
  readonly args: string;
}

const commandPattern = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?=\s|$)([\s\S]*)$/;

/**
 * Reads a command at the start of a message; null for plain text and for commands addressed to
 * another bot (`/poll@OtherBot`), which share the group's command namespace.
 */
export function readCommand(text: string, botUsername: string): TypedCommand | null {
  const match = commandPattern.exec(text);
  if (!match) return null;
  const [, name, target, args] = match;
  if (target && target.toLowerCase() !== botUsername.toLowerCase()) return null;
  return { name: name!.toLowerCase(), addressed: Boolean(target), args: args!.trim() };
}

/** Whether a chat is a community (a group or supergroup); private chats and channels are not. */
export function isGroup(chat: Pick<Chat, "type">): boolean {
  return chat.type === "group" || chat.type === "supergroup";
}

/** The community a chat stands for, as the core names it. */
export function communityOf(chat: Chat): Inbound["community"] {
  return isGroup(chat) ? { platformId: String(chat.id), title: "title" in chat ? (chat.title ?? "") : "" } : null;
}

/**
 * Builds the core's Inbound. Telegram has no roles: moderators are the chat's administrators (isAdmin),
 * so roles stay empty. The raw user id only reaches the pipeline, which keeps a pseudonym of it.
 */
export function toInbound(input: {
  updateId: number;
  receivedAt: Date;
  community: Inbound["community"];
  /** The chat the update came from, where public replies go. */
  chatId: number;
  from: User;
  isAdmin: boolean;
  request: InboundRequest;
  /** The message a command came in: a later message replying to it notifies its author. */
  messageId?: number;
}): Inbound {
  return {
    platform: "telegram",
    updateId: String(input.updateId),
    receivedAt: input.receivedAt,
    community: input.community,
    channelId: String(input.chatId),
    user: {
      id: String(input.from.id),
      languageTag: input.from.language_code ?? null,
      isAdmin: input.isAdmin,
      roles: [],
    },
    request: input.request,
    ...(input.messageId !== undefined ? { notifyAddress: String(input.messageId) } : {}),
  };
}

/** What a change of the bot's own membership means for the community. */
export type MembershipChange = "joined" | "left" | null;

/**
 * Reads a my_chat_member update of a group: the bot was added ("joined") or removed or banned ("left").
 * Promotions, restrictions and private chats (a person blocking the bot) change nothing.
 */
export function botMembershipChange(update: ChatMemberUpdated): MembershipChange {
  if (!isGroup(update.chat)) return null;
  const before = isPresent(update.old_chat_member);
  const after = isPresent(update.new_chat_member);
  if (!before && after) return "joined";
  if (before && !after) return "left";
  return null;
}

function isPresent(member: ChatMember): boolean {
  switch (member.status) {
    case "creator":
    case "administrator":
    case "member":
      return true;
    case "restricted":
      return member.is_member;
    default:
      return false;
  }
}
