import type { Platform } from "../domain/platform.ts";
import type { MessageView } from "./view.ts";

/** What a platform can do; the core branches on these, never on the platform's name. */
export interface PlatformCapabilities {
  readonly ephemeralReplies: boolean;
  readonly modals: boolean;
  readonly selectMenus: boolean;
  readonly nativePolls: boolean;
  readonly maxMessageLength: number;
  readonly maxButtonsPerRow: number;
  readonly maxActionRows: number;
}

/** Where a message lives, as the platform names it. */
export interface MessageRef {
  readonly platform: Platform;
  readonly channelId: string;
  readonly messageId: string;
  /**
   * For a message in a member's private chat whose buttons act for a community: that community's platform
   * id (a guild id, a group's chat id). Absent for messages posted in the community itself.
   */
  readonly actsFor?: string;
}

/** A channel inside a community. */
export interface ChannelTarget {
  readonly channelId: string;
  /** Plain-text role mention to prefix (adapters allow only this role to be pinged). */
  readonly mentionRoleId?: string;
  /**
   * A person to notify with this message: an address the same platform's adapter made (Actor.notifyAddress).
   * Each platform notifies its own way (Discord mentions the person; Telegram replies to their message);
   * a platform that cannot simply posts the message.
   */
  readonly notify?: string;
}

/**
 * The port every chat platform adapter implements for messages the core sends on its own initiative
 * (scheduled polls, closing results, digests). Replies to an interaction go back through the pipeline.
 */
export interface ChatPlatform {
  readonly platform: Platform;
  readonly capabilities: PlatformCapabilities;
  /** Posts a view in a channel. */
  send(target: ChannelTarget, view: MessageView): Promise<MessageRef>;
  /** Edits a posted view. Adapters coalesce rapid edits of the same message. */
  edit(ref: MessageRef, view: MessageView): Promise<void>;
  /**
   * Sends a view to a member privately, using a contact address the member allowed Circolo to keep
   * (direct_messages consent). Its buttons act for the community `actsFor` (its platform id), if given.
   * Returns null when the platform refuses (the member blocked the bot).
   */
  sendPrivate(contact: string, view: MessageView, actsFor?: string): Promise<MessageRef | null>;
}
