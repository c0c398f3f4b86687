import type { AdapterDeps, PlatformAdapter } from "../platforms/platform-adapter.ts";

/**
 * The adapters the configuration asks for: a platform connects when its token is set. Each adapter is
 * loaded only when used, so a Telegram-only deployment never loads discord.js and vice versa.
 */
export async function createPlatformAdapters(deps: AdapterDeps): Promise<PlatformAdapter[]> {
  const adapters: PlatformAdapter[] = [];
  if (deps.config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramAdapter } = await import("../platforms/telegram/telegram.adapter.ts");
    adapters.push(createTelegramAdapter(deps, deps.config.TELEGRAM_BOT_TOKEN));
  }
  if (deps.config.DISCORD_TOKEN) {
    const { createDiscordAdapter } = await import("../platforms/discord/discord.adapter.ts");
    adapters.push(createDiscordAdapter(deps, deps.config.DISCORD_TOKEN));
  }
  return adapters;
}
