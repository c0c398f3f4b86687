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
  /**
   * A start, repeat or until given to /poll, /offer create or /qa open is invalid (details.reason names it:
   * start_invalid, start_past, repeat_invalid, until_before_start, ...); nothing was scheduled.
   */
  INVALID_SCHEDULE: "The start time, recurrence or end of the schedule is invalid; nothing was scheduled.",
  /** A community setting given to /settings or `circolo community set` is invalid (details.reason names it). */
  INVALID_SETTINGS: "A community setting is invalid; nothing was changed.",
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
  /**
   * The person already used what a running campaign allows (a ballot, an offer's codes, an upvote) before erasing
   * their data: that use still counts, without their name, until the campaign ends.
   */
  TAKEN_PART_BEFORE_ERASURE: "The person used this campaign's limit before erasing their data; it still counts.",
  /** The platform refused to post the poll in the channel; nothing was kept. */
  POLL_NOT_POSTED: "The poll could not be posted in the channel, so it was not created.",
  /** /digest channel came from a place the platform did not name as a channel. */
  DIGEST_CHANNEL_UNKNOWN: "The platform did not say which channel the command came from.",
  /** An offer definition broke a rule (details.reason names it: quantity_invalid, ends_before_start, pool_empty, ...). */
  INVALID_OFFER:
    "The offer's title, quantity, limits, validity window, segment or codes are invalid; nothing was created.",
  /** No offer with that number exists in the community. */
  OFFER_NOT_FOUND: "The community has no offer with that number.",
  /** The offer's validity window has not started yet. */
  OFFER_NOT_OPEN: "The offer does not take claims before its start.",
  /** The offer ended or was closed, so it takes no more claims. */
  OFFER_CLOSED: "The offer is closed and takes no more claims.",
  /** Every code of the offer was handed out. */
  OFFER_ALL_CLAIMED: "Every code of the offer is claimed.",
  /** The member already holds as many codes of the offer as one member may (details.limit). */
  OFFER_LIMIT_REACHED: "The member reached the offer's per-member limit.",
  /** The member is outside the offer's target segment. */
  OFFER_NOT_IN_SEGMENT: "The offer targets a segment the member is not in.",
  /** The platform refused to post the offer in the channel; nothing was kept. */
  OFFER_NOT_POSTED: "The offer could not be posted in the channel, so it was not created.",
  /** /qa open came from a place the platform did not name as a channel. */
  QA_CHANNEL_UNKNOWN: "The platform did not say which channel the Q&A command came from.",
  /** A session's end time could not be read, is past, or is too far (details.reason: invalid, past, tooFar). */
  QA_INVALID_END: "The Q&A session's end time is invalid; nothing was opened.",
  /** A Q&A session is already open in the channel (one per channel at a time). */
  QA_SESSION_EXISTS: "The channel already has an open Q&A session.",
  /** No Q&A session is open in the channel the command came from. */
  QA_SESSION_NOT_FOUND: "No Q&A session is open in this channel.",
  /** The Q&A session has closed, so it takes no more questions, upvotes, answers or decisions. */
  QA_SESSION_CLOSED: "The Q&A session is closed.",
  /** The platform refused to post the session's board; nothing was kept. */
  QA_BOARD_NOT_POSTED: "The Q&A board could not be posted in the channel, so no session was opened.",
  /** /ask without text on a platform that cannot show a form. */
  QA_TEXT_REQUIRED: "The question text is missing and the platform cannot ask for it with a form.",
  /** A question shorter or longer than allowed (details.min, details.max, details.length). */
  QA_QUESTION_LENGTH: "The question is shorter or longer than a question may be.",
  /** The member already has the session's maximum of open questions (details.max). */
  QA_TOO_MANY_OPEN: "The member reached the session's limit of open questions.",
  /** No question with that number in the session (details.number). */
  QA_QUESTION_NOT_FOUND: "The session has no question with that number.",
  /** The question is not shown on the board (waiting, hidden, merged or rejected). */
  QA_NOT_ON_BOARD: "The question is not on the session's board.",
  /** A member tried to upvote their own question. */
  QA_OWN_QUESTION: "Members cannot upvote their own question.",
  /** A member tried to withdraw an upvote they had not given. */
  QA_NOT_UPVOTED: "The member has not upvoted the question.",
  /** Another moderator already approved, rejected or merged the waiting question. */
  QA_ALREADY_DECIDED: "The question was already decided by a moderator.",
  /** The merge target is not another question on the board of the same session. */
  QA_MERGE_INVALID: "The question cannot be merged into that one.",
  /** An answer that is empty or longer than allowed (details.max). */
  QA_ANSWER_LENGTH: "The answer is empty or too long.",
  /** /answer without text on a platform that cannot show a form. */
  QA_ANSWER_REQUIRED: "The answer text is missing and the platform cannot ask for it with a form.",
  /** The platform refused to post the answer; nothing was recorded. */
  QA_ANSWER_NOT_POSTED: "The answer could not be posted in the session's channel, so it was not recorded.",
  /** A /link code that is malformed, forged, for another brand, unknown or already used. */
  LINK_CODE_INVALID: "The link code is not one Circolo issued for this brand, or it was already used.",
  /** A /link code typed after its ten minutes were over. */
  LINK_CODE_EXPIRED: "The link code has expired.",
  /** /link <code> typed with the same account that asked for the code. */
  LINK_SAME_ACCOUNT: "The link code was issued to this same account; it must be typed from the other account.",
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
