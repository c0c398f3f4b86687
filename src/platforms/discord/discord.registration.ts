import { type REST, Routes } from "discord.js";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { SystemSettingRepository } from "../../core/ports/repositories.port.ts";
import { type DiscordCommandJson, discordCommandsHash } from "./discord.commands.ts";
import { toPlatformError } from "./discord.errors.ts";

/** Where the registration goes: every guild (global) or one development guild. */
export type RegistrationTarget = { readonly scope: "global" } | { readonly scope: "guild"; readonly guildId: string };

/** The settings key holding the hash of the set last registered for an application and target. */
export function registrationKey(applicationId: string, target: RegistrationTarget): string {
  return `discord.commands.${applicationId}.${target.scope === "global" ? "global" : `guild.${target.guildId}`}`;
}

/**
 * Registers the application commands (bulk overwrite) on each target whose stored hash differs from the
 * derived set's, then stores the new hash. The hash lives in the database, so a restart, another
 * instance or another shard's process all see the same state and nothing is registered twice.
 * A failed target is logged and left for the next start; it does not stop the bot.
 * Returns the targets that were registered.
 */
export async function syncCommands(input: {
  rest: REST;
  applicationId: string;
  targets: readonly RegistrationTarget[];
  commands: readonly DiscordCommandJson[];
  settings: SystemSettingRepository;
  logger: Logger;
}): Promise<RegistrationTarget[]> {
  const hash = discordCommandsHash(input.commands);
  const registered: RegistrationTarget[] = [];
  for (const target of input.targets) {
    const key = registrationKey(input.applicationId, target);
    if ((await input.settings.get(key)) === hash) continue;
    const route =
      target.scope === "global"
        ? Routes.applicationCommands(input.applicationId)
        : Routes.applicationGuildCommands(input.applicationId, target.guildId);
    try {
      await input.rest.put(route, { body: input.commands });
    } catch (error) {
      input.logger.error(
        { platform: "discord", scope: target.scope, err: toPlatformError(error) ?? error },
        "command registration failed",
      );
      continue;
    }
    await input.settings.set(key, hash);
    registered.push(target);
    input.logger.info(
      { platform: "discord", scope: target.scope, commands: input.commands.length },
      "commands registered",
    );
  }
  return registered;
}
