/** A Bot API refusal: answered as `{ ok: false, error_code, description, parameters? }` with that HTTP status. */
export class ApiFailure extends Error {
  readonly code: number;
  readonly parameters: { retry_after?: number; migrate_to_chat_id?: number } | undefined;

  constructor(code: number, description: string, parameters?: { retry_after?: number; migrate_to_chat_id?: number }) {
    super(description);
    this.code = code;
    this.parameters = parameters;
  }

  /** The JSON body Telegram sends with the error. */
  toJSON() {
    return {
      ok: false,
      error_code: this.code,
      description: this.message,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

/** The failures the emulator's methods give, with Telegram's own wording. */
export const failures = {
  notFound: () => new ApiFailure(404, "Not Found"),
  unauthorized: () => new ApiFailure(401, "Unauthorized"),
  chatNotFound: () => new ApiFailure(400, "Bad Request: chat not found"),
  userNotFound: () => new ApiFailure(400, "Bad Request: user not found"),
  missing: (field: string) => new ApiFailure(400, `Bad Request: ${field} is empty`),
  notStarted: () => new ApiFailure(403, "Forbidden: bot can't initiate conversation with a user"),
  botRecipient: () => new ApiFailure(403, "Forbidden: bot can't send messages to bots"),
  blocked: () => new ApiFailure(403, "Forbidden: bot was blocked by the user"),
  kicked: () => new ApiFailure(403, "Forbidden: bot was kicked from the group chat"),
  notMember: () => new ApiFailure(403, "Forbidden: bot is not a member of the group chat"),
  upgraded: (to: number) =>
    new ApiFailure(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: to }),
  tooLong: () => new ApiFailure(400, "Bad Request: message is too long"),
  emptyText: () => new ApiFailure(400, "Bad Request: message text is empty"),
  buttonData: () => new ApiFailure(400, "Bad Request: BUTTON_DATA_INVALID"),
  buttonUrl: () => new ApiFailure(400, "Bad Request: BUTTON_URL_INVALID"),
  replyNotFound: () => new ApiFailure(400, "Bad Request: message to be replied not found"),
  messageNotFound: () => new ApiFailure(400, "Bad Request: message to edit not found"),
  cannotEdit: () => new ApiFailure(400, "Bad Request: message can't be edited"),
  notModified: () =>
    new ApiFailure(
      400,
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    ),
  queryInvalid: () =>
    new ApiFailure(400, "Bad Request: query is too old and response timeout expired or query ID is invalid"),
  webhookActive: () =>
    new ApiFailure(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    ),
  otherGetUpdates: () =>
    new ApiFailure(
      409,
      "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    ),
  pollOptions: () => new ApiFailure(400, "Bad Request: poll must have 2-12 options"),
  pollClosed: () => new ApiFailure(400, "Bad Request: poll has already been closed"),
  tooManyRequests: (retryAfter: number) =>
    new ApiFailure(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter }),
  internal: () => new ApiFailure(500, "Internal Server Error"),
};
