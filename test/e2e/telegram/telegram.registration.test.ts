import { Api } from "grammy";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registry } from "../../../commands/index.ts";
import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import type { CommandDefinition } from "../../../src/core/commands/command.ts";
import { createInMemoryRepositories } from "../../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { commandsHashKey, syncCommandMenus } from "../../../src/platforms/telegram/telegram.registration.ts";

/** setMyCommands through grammY's Api against the emulator, with the hash kept in the settings repository. */
describe("the Telegram command menus", () => {
  let emulator: TelegramEmulator;
  let api: Api;
  const settings = () => createInMemoryRepositories().settings;

  beforeEach(async () => {
    emulator = await TelegramEmulator.start();
    api = new Api(emulator.token, { apiRoot: emulator.apiRoot });
  });
  afterEach(() => emulator.stop());

  const sync = (store: ReturnType<typeof settings>, commands: readonly CommandDefinition[] = registry.commands) =>
    syncCommandMenus({ api, botId: 42, commands, settings: store, logger: pino({ level: "silent" }) });

  it("sends every scope and language once, then nothing while the commands stay the same", async () => {
    const store = settings();
    expect(await sync(store)).toBe(true);
    expect(await sync(store)).toBe(false);
    expect(emulator.calls("setMyCommands")).toHaveLength(9);
    expect(await store.get(commandsHashKey(42))).toMatch(/^[0-9a-f]{64}$/);
  });

  it("sends them again when a command changes", async () => {
    const store = settings();
    await sync(store);
    const [help, ...rest] = registry.commands;
    const renamed = { ...help!, description: { en: "What I can do", it: "Cosa so fare" } };
    expect(await sync(store, [renamed, ...rest])).toBe(true);
    expect(emulator.calls("setMyCommands")).toHaveLength(18);
    expect(emulator.commands({ type: "all_private_chats" }, "it")).toEqual([
      { command: "help", description: "Cosa so fare" },
    ]);
  });

  it("keeps no hash when Telegram refused a list, so the next start tries again", async () => {
    const store = settings();
    emulator.failNext("setMyCommands", 1, { code: 500 });
    await expect(sync(store)).rejects.toMatchObject({ name: "PlatformError", platform: "telegram", code: 500 });
    expect(await store.get(commandsHashKey(42))).toBeNull();
    expect(await sync(store)).toBe(true);
  });
});
