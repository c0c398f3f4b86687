import type { FastifyInstance } from "fastify";
import type pino from "pino";
import type { ActionCodec } from "../core/actions/action-codec.ts";
import type { CoreServices } from "../core/commands/command.ts";
import type { CommunityDirectory } from "../core/community/community-directory.ts";
import type { Platform } from "../core/domain/platform.ts";
import type { Translator } from "../core/i18n/translator.ts";
import type { UpdatePipeline } from "../core/pipeline/update-pipeline.ts";
import type { ChatPlatform } from "../core/ports/chat-platform.port.ts";
import type { Clock } from "../core/ports/clock.port.ts";

/**
 * The settings the adapters read, named as in the environment; the app's parsed `Config` has them all. Declared
 * here rather than imported from src/app so that the adapters depend only on the core and on this contract.
 */
export interface AdapterConfig {
  readonly TELEGRAM_BOT_TOKEN?: string | undefined;
  readonly TELEGRAM_API_ROOT: string;
  readonly TELEGRAM_WEBHOOK_URL?: string | undefined;
  readonly TELEGRAM_WEBHOOK_SECRET?: string | undefined;
  readonly DISCORD_TOKEN?: string | undefined;
  readonly DISCORD_API_ROOT: string;
  readonly DISCORD_GUILD_IDS: readonly string[];
}

/** What the composition root hands each platform adapter: the contract between src/app and src/platforms. */
export interface AdapterDeps {
  readonly config: AdapterConfig;
  readonly pipeline: UpdatePipeline;
  readonly directory: CommunityDirectory;
  readonly services: CoreServices;
  readonly translator: Translator;
  readonly actions: ActionCodec;
  readonly logger: pino.Logger;
  /** The app's HTTP server; routes (the Telegram webhook) must be added before it listens. */
  readonly http: FastifyInstance;
  readonly clock: Clock;
}

/** A connected chat platform. */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** The port the core uses to post and edit on this platform. */
  readonly chat: ChatPlatform;
  /** Connects and starts receiving; resolves when the platform is ready (logged in, polling or webhook set). */
  start(): Promise<void>;
  /**
   * Stops taking new updates and waits (bounded) for those in flight to be answered; posting and editing
   * still work, so background work can finish. Idempotent.
   */
  stopReceiving(): Promise<void>;
  /**
   * Sends the edits waiting for their message's edit window now, and every later edit at once: stopping does
   * not wait out the windows. Resolves once they were sent (or failed); unbounded, the caller sets the deadline.
   */
  flushEdits(): Promise<void>;
  /** Stops receiving (if not yet), answers what is in flight, sends pending edits and disconnects. */
  stop(): Promise<void>;
}
