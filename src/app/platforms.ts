import type { AdapterDeps, PlatformAdapter } from "./platform-adapter.ts";

/** The adapters the configuration asks for (none yet: the Discord and Telegram adapters plug in here). */
export async function createPlatformAdapters(_deps: AdapterDeps): Promise<PlatformAdapter[]> {
  return [];
}
