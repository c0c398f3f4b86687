import pino from "pino";
import type { DiscordEmulator } from "../../../../emulators/discord/discord-emulator.ts";
import { ActionCodec } from "../../../../src/core/actions/action-codec.ts";
import type { CommandRegistry, CoreServices } from "../../../../src/core/commands/command.ts";
import { Pseudonymizer } from "../../../../src/core/identity/pseudonym.ts";
import { UpdatePipeline } from "../../../../src/core/pipeline/update-pipeline.ts";
import { systemClock } from "../../../../src/core/ports/clock.port.ts";
import { createDiscordAdapter, type DiscordAdapterOptions } from "../../../../src/platforms/discord/discord.adapter.ts";
import type { DiscordChat } from "../../../../src/platforms/discord/discord.chat.ts";
import type { PlatformAdapter } from "../../../../src/platforms/platform-adapter.ts";
import { startTestApp, type TestApp, testSecret } from "../../../support/test-app.ts";

/** The real app connected to the emulator through DISCORD_TOKEN and DISCORD_API_ROOT. */
export interface AppOnEmulator {
  readonly emulator: DiscordEmulator;
  readonly app: TestApp;
  readonly chat: DiscordChat;
  stop(): Promise<void>;
}

/** The app's environment for an emulator. */
export function discordEnv(emulator: DiscordEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return { DISCORD_TOKEN: emulator.token, DISCORD_API_ROOT: emulator.apiRoot, ...extra };
}

/** Starts the real app (composition root, SQLite in a temp folder) against an emulator. */
export async function startAppOnEmulator(
  emulator: DiscordEmulator,
  env: Record<string, string> = {},
): Promise<AppOnEmulator> {
  const app = await startTestApp(discordEnv(emulator, env));
  const adapter = app.adapters.find((a) => a.platform === "discord");
  if (!adapter) throw new Error("the app started without its Discord adapter");
  return { emulator, app, chat: adapter.chat as DiscordChat, stop: () => app.dispose() };
}

/** The Discord adapter over a registry made for a test, on the app's real database and services. */
export interface AdapterOnEmulator extends AppOnEmulator {
  readonly adapter: PlatformAdapter;
}

/**
 * Starts the app without Discord, then a Discord adapter of its own whose pipeline serves `registry`:
 * this drives components the real commands do not use yet (select menus, modals, moderator commands,
 * options with validation) through the same adapter code and the real discord.js Client.
 */
export async function startAdapterWithRegistry(input: {
  registry: CommandRegistry;
  emulator: DiscordEmulator;
  options?: DiscordAdapterOptions;
  /** Another token than the emulator's (to see a refused login). */
  token?: string;
}): Promise<AdapterOnEmulator> {
  const app = await startTestApp({});
  const services: CoreServices = { ...app.services, registry: input.registry };
  const pipeline = new UpdatePipeline({
    services,
    directory: app.directory,
    pseudonyms: new Pseudonymizer(testSecret),
    translator: app.translator,
    metrics: app.metrics,
  });
  const config = { ...app.config, DISCORD_TOKEN: input.emulator.token, DISCORD_API_ROOT: input.emulator.apiRoot };
  const adapter = createDiscordAdapter(
    {
      config,
      pipeline,
      directory: app.directory,
      services,
      translator: app.translator,
      actions: new ActionCodec(testSecret),
      logger: pino({ level: "silent" }),
      http: app.http,
      clock: systemClock,
    },
    input.token ?? input.emulator.token,
    input.options,
  );
  try {
    await adapter.start();
  } catch (error) {
    await app.dispose();
    throw error;
  }
  return {
    emulator: input.emulator,
    app,
    adapter,
    chat: adapter.chat as DiscordChat,
    async stop() {
      await adapter.stop();
      await app.dispose();
    },
  };
}

/** Polls until a check passes (for effects of gateway events, which have no reply to wait for). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
