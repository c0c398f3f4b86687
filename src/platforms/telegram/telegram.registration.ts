import type { Api } from "grammy";
import type { CommandDefinition } from "../../core/commands/command.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { SystemSettingRepository } from "../../core/ports/repositories.port.ts";
import { telegramCommandsHash, toTelegramCommandLists } from "./telegram.commands.ts";
import { callTelegram } from "./telegram.errors.ts";

/** The setting that remembers which command menus a bot was last given. */
export function commandsHashKey(botId: number): string {
  return `telegram.commands.hash.${botId}`;
}

/**
 * Gives the bot its command menus (setMyCommands per scope and language) when the set derived from the
 * registry differs from the one last sent, so a restart with the same commands makes no calls. The hash
 * is stored only after every list was accepted: a failure part-way makes the next start try again.
 * Returns whether the menus were sent.
 */
export async function syncCommandMenus(input: {
  api: Api;
  botId: number;
  commands: readonly CommandDefinition[];
  settings: SystemSettingRepository;
  logger: Logger;
}): Promise<boolean> {
  const lists = toTelegramCommandLists(input.commands);
  const hash = telegramCommandsHash(lists);
  const key = commandsHashKey(input.botId);
  if ((await input.settings.get(key)) === hash) return false;
  for (const list of lists) {
    await callTelegram(() =>
      input.api.setMyCommands(list.commands, {
        scope: list.scope,
        ...(list.language_code ? { language_code: list.language_code } : {}),
      }),
    );
  }
  await input.settings.set(key, hash);
  input.logger.info({ platform: "telegram", lists: lists.length }, "telegram command menus updated");
  return true;
}
