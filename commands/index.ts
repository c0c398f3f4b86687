import type { CommandRegistry } from "../src/core/commands/command.ts";
import { answerCommand, qaAnswerFormAction, qaAnswerPickAction, qaAnswerSubmitAction } from "./answer.command.ts";
import { askCommand, qaAskButtonAction, qaAskFormAction, qaUpvoteAction, qaWithdrawAction } from "./ask.command.ts";
import { campaignCommand } from "./campaign.command.ts";
import { digestCommand } from "./digest.command.ts";
import { helpCommand } from "./help.command.ts";
import { linkCommand, unlinkAction } from "./link.command.ts";
import { eraseConfirmAction, eraseKeepAction, mydataCommand } from "./mydata.command.ts";
import { offerClaimAction, offerCommand, offerDetailsAction } from "./offer.command.ts";
import { pollCloseAction, pollCommand, pollResultsAction, pollsCommand, pollVoteAction } from "./poll.command.ts";
import { consentAnswerActionDefinition, privacyCommand, privacyToggleAction } from "./privacy.command.ts";
import {
  qaApproveAction,
  qaCommand,
  qaMergeIntoAction,
  qaMergeMenuAction,
  qaRejectAction,
  qaReviewBackAction,
  qaReviewQueueAction,
} from "./qa.command.ts";
import { settingsCommand } from "./settings.command.ts";

/** The Q&A session's buttons and forms. */
const qaActionList = [
  qaAskButtonAction,
  qaAskFormAction,
  qaUpvoteAction,
  qaWithdrawAction,
  qaApproveAction,
  qaRejectAction,
  qaMergeMenuAction,
  qaMergeIntoAction,
  qaReviewBackAction,
  qaReviewQueueAction,
  qaAnswerPickAction,
  qaAnswerFormAction,
  qaAnswerSubmitAction,
];

/**
 * Every command and action Circolo answers, declared once. Both adapters derive their registration
 * (Discord application commands, Telegram setMyCommands and argument parsing) from this list.
 */
export const registry: CommandRegistry = {
  commands: [
    helpCommand,
    privacyCommand,
    mydataCommand,
    linkCommand,
    askCommand,
    campaignCommand,
    settingsCommand,
    pollCommand,
    pollsCommand,
    digestCommand,
    qaCommand,
    answerCommand,
    offerCommand,
  ],
  actions: [
    privacyToggleAction,
    consentAnswerActionDefinition,
    eraseConfirmAction,
    eraseKeepAction,
    unlinkAction,
    pollVoteAction,
    pollResultsAction,
    pollCloseAction,
    ...qaActionList,
    offerClaimAction,
    offerDetailsAction,
  ],
};
