import { err } from "./result.ts";

/**
 * Every expected failure Circolo can answer with, one sentence each. Adapters turn a code into a
 * localized message (catalogue key `errors.<CODE>`); the code itself is stable and safe to log.
 */
export const errorCodes = {
  /** The command or its arguments did not match what the command expects. */
  INVALID_INPUT: "The command's input did not pass validation.",
  /** The command exists on neither platform's registry. */
  UNKNOWN_COMMAND: "No command with that name is registered.",
  /** A moderator-only action was attempted by someone who is not a moderator. */
  NOT_A_MODERATOR: "Only the community's moderators may do this.",
  /** The action needs a consent the member has not granted. */
  CONSENT_REQUIRED: "The member has not granted the consent this action needs.",
  /** The community is unknown or the bot was removed from it. */
  COMMUNITY_NOT_FOUND: "The community is not known or no longer active.",
  /** The command only works inside a community (a guild or group), not in a private chat. */
  COMMUNITY_ONLY: "This command must be used inside a community.",
  /** A button or callback carried data that failed verification, or refers to something gone. */
  STALE_OR_FORGED_ACTION: "The button is no longer valid or was not issued by Circolo.",
  /** The database or another dependency is temporarily unavailable; the member should try again. */
  TEMPORARILY_UNAVAILABLE: "A dependency is briefly unavailable; trying again later will work.",
  /** No schedule of this community has that id (or the prefix matches several). */
  SCHEDULE_NOT_FOUND: "No schedule of this community matches that id.",
  /** The update was already handled (a platform redelivery or a replay). */
  DUPLICATE_UPDATE: "The same platform update was already handled once.",
  /** A poll definition broke a rule (details.reason names it: too_few_options, closes_past, unknown_segment, ...). */
  INVALID_POLL: "The poll's question, options, closing time or segment is invalid; nothing was created.",
  /** No poll with that number exists in the community. */
  POLL_NOT_FOUND: "The community has no poll with that number.",
  /** The poll has closed (or its closing time has passed), so it takes no more votes. */
  POLL_CLOSED: "The poll is closed and no longer takes votes.",
  /** The member is outside the poll's target segment. */
  NOT_IN_SEGMENT: "The poll targets a segment the member is not in.",
  /** A single-choice vote for the option the member had already chosen. */
  ALREADY_VOTED: "The member already voted for this option; choosing another one changes the vote.",
  /** The platform refused to post the poll in the channel; nothing was kept. */
  POLL_NOT_POSTED: "The poll could not be posted in the channel, so it was not created.",
  /** /digest channel came from a place the platform did not name as a channel. */
  DIGEST_CHANNEL_UNKNOWN: "The platform did not say which channel the command came from.",
} as const;

/** A stable failure code. */
export type ErrorCode = keyof typeof errorCodes;

/** An expected failure: a code plus optional details for the localized message (never secrets or raw ids). */
export interface AppError {
  readonly code: ErrorCode;
  readonly details?: Readonly<Record<string, string | number>>;
}

/** Builds a failed result carrying an AppError. */
export function fail(code: ErrorCode, details?: Record<string, string | number>) {
  return err<AppError>(details ? { code, details } : { code });
}
