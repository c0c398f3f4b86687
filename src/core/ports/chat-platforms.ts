import type { Platform } from "../domain/platform.ts";
import type { ChatPlatform } from "./chat-platform.port.ts";

/**
 * The connected platforms, for messages the core sends on its own initiative (a scheduled poll, closing
 * results, a digest). Adapters register themselves as they are created.
 */
export class ChatPlatforms {
  readonly #byPlatform = new Map<Platform, ChatPlatform>();

  /** Makes a platform reachable by the core. */
  register(chat: ChatPlatform): void {
    this.#byPlatform.set(chat.platform, chat);
  }

  /** The platform's port, or undefined when that platform is not connected. */
  for(platform: Platform): ChatPlatform | undefined {
    return this.#byPlatform.get(platform);
  }
}
