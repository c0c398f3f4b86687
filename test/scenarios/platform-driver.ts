import type { Platform } from "../../src/core/domain/platform.ts";
import type { TestApp } from "../support/test-app.ts";

/**
 * What a platform-neutral scenario needs from a platform: each adapter's end-to-end tests provide a
 * driver that runs the real client (discord.js Client / grammY Bot) against that platform's local
 * emulator, so the same scenarios prove both adapters.
 */
export interface PlatformDriver {
  readonly platform: Platform;
  /** Starts the emulator and the app connected to it; resolves once the bot is ready. */
  start(): Promise<void>;
  /** Stops the app and the emulator. */
  stop(): Promise<void>;
  /** The running app (database, services) for assertions on what was stored. */
  readonly app: TestApp;
  /** Adds the bot to a new community (guild / group) and returns a handle on it. */
  createCommunity(title: string): Promise<CommunityHandle>;
}

/** A community on the emulated platform. */
export interface CommunityHandle {
  /** The platform's id for it (guild id / chat id). */
  readonly platformId: string;
  /** A person in the community; `moderator` is a platform administrator. */
  member(options?: { moderator?: boolean; locale?: string }): Promise<MemberHandle>;
  /** The latest message the bot posted in the community's channel on its own (not a reply), as members see it. */
  lastPost(): Promise<SeenMessage>;
}

/** A rendered message as the person sees it, platform markup removed. */
export interface SeenMessage {
  /** All visible text (title, body), without markup. */
  readonly text: string;
  /** Button labels, in order. */
  readonly buttons: readonly string[];
  /** True when only this person can see it (ephemeral / private chat). */
  readonly private: boolean;
}

/** A person acting in a community through the platform's own UI. */
export interface MemberHandle {
  /** The platform user id (the emulator's); never stored by Circolo. */
  readonly userId: string;
  /**
   * Runs a slash command with structured options (the Telegram driver turns them into the documented
   * text syntax). Resolves when the bot has answered; returns what this person sees in answer.
   */
  command(name: string, options?: Record<string, string | number | boolean>, subcommand?: string): Promise<SeenMessage>;
  /** Clicks the button with this label on the given message; returns what this person sees next. */
  click(message: SeenMessage, label: string): Promise<SeenMessage>;
  /** Sends a forged or stale button press (data Circolo never issued); returns the answer seen. */
  clickForged(): Promise<SeenMessage>;
}
