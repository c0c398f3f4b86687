import type { CommandRegistry } from "../src/core/services.ts";
import { campaignCommand } from "./campaign.command.ts";
import { helpCommand } from "./help.command.ts";
import { pollCloseAction, pollCommand, pollResultsAction, pollsCommand, pollVoteAction } from "./poll.command.ts";
import { privacyCommand, privacyToggleAction } from "./privacy.command.ts";

/**
 * Every command and action Circolo answers, declared once. Both adapters derive their registration
 * (Discord application commands, Telegram setMyCommands and argument parsing) from this list.
 */
export const registry: CommandRegistry = {
  commands: [helpCommand, privacyCommand, campaignCommand, pollCommand, pollsCommand],
  actions: [privacyToggleAction, pollVoteAction, pollResultsAction, pollCloseAction],
};
