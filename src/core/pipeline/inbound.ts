import type { Platform } from "../domain/platform.ts";

/**
 * One interaction as an adapter hands it to the core: already decoded from the platform's shape,
 * with a verified action reference for buttons. The raw user id is used only to derive the pseudonym.
 */
export interface Inbound {
  readonly platform: Platform;
  /** The platform's update or interaction id (unique per platform). */
  readonly updateId: string;
  readonly receivedAt: Date;
  /** The guild or group the interaction came from; null in a private chat with the bot. */
  readonly community: { readonly platformId: string; readonly title: string } | null;
  /** The channel (Discord) or chat (Telegram) the interaction happened in, where public replies go. */
  readonly channelId?: string | null;
  readonly user: {
    readonly id: string;
    readonly languageTag: string | null;
    /** Platform administrator (Discord Manage Server; Telegram chat administrator). */
    readonly isAdmin: boolean;
    readonly roles: readonly string[];
  };
  /**
   * How a later message can notify the person about this interaction (Actor.notifyAddress), made by the
   * adapter and read back only by the same platform's ChatPlatform (for example the command's message to
   * reply to, or the person to mention, sealed).
   */
  readonly notifyAddress?: string | null;
  readonly request: InboundRequest;
}

/** What was asked. */
export type InboundRequest =
  | {
      readonly type: "command";
      readonly name: string;
      readonly subcommand?: string | null;
      /** Raw option values; validated by the command's zod schema in the pipeline. */
      readonly options: Readonly<Record<string, unknown>>;
    }
  | {
      readonly type: "action";
      readonly name: string;
      readonly args: readonly string[];
      readonly values?: readonly string[];
      readonly fields?: Readonly<Record<string, string>>;
    };
