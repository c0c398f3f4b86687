import { GrammyError, HttpError } from "grammy";
import { PlatformError } from "../shared/platform-error.ts";

/**
 * A Bot API failure as a PlatformError: the Bot API's error code (its HTTP status) and the method. The
 * description is Telegram's own text: it never carries the token.
 */
export class TelegramPlatformError extends PlatformError {
  readonly platform = "telegram" as const;
  /** The Bot API's `error_code` (400, 403, 429, 5xx), or "http" when no answer came back. */
  declare readonly code: number | "http";
  /** The Bot API method that failed. */
  readonly method: string;

  constructor(input: {
    message: string;
    code: number | "http";
    method: string;
    retryAfterMs: number | null;
    cause?: unknown;
  }) {
    super(input);
    this.method = input.method;
  }

  /**
   * The bot may not write to this person: they never started a private chat with it, blocked it, or
   * deleted their account (403 Forbidden).
   */
  get privateChatClosed(): boolean {
    return this.code === 403;
  }

  /** The group became a supergroup with this chat id: the old chat takes no new messages. */
  get migratedTo(): number | null {
    const cause = this.cause;
    const to = cause instanceof GrammyError ? cause.parameters.migrate_to_chat_id : undefined;
    return typeof to === "number" ? to : null;
  }

  /** An edit that changed nothing (the message already shows this view): not a failure for Circolo. */
  get messageNotModified(): boolean {
    return this.code === 400 && /message is not modified/i.test(this.message);
  }

  /** A callback query answered too late or twice: the person simply sees no toast. */
  get queryExpired(): boolean {
    return this.code === 400 && /query is too old|query id is invalid/i.test(this.message);
  }
}

/** How long to wait after a server or network error when Telegram gives no hint. */
const serverErrorBackoffMs = 3_000;

/**
 * Turns what grammY throws (GrammyError for an API refusal, HttpError when the request failed on the
 * way) into a TelegramPlatformError; null for anything else (a bug), which should be logged as what it is.
 */
export function toPlatformError(error: unknown): TelegramPlatformError | null {
  if (error instanceof TelegramPlatformError) return error;
  if (error instanceof GrammyError) {
    const retryAfter = error.parameters.retry_after;
    return new TelegramPlatformError({
      message: `${error.method} failed: ${error.error_code} ${error.description}`,
      code: error.error_code,
      method: error.method,
      retryAfterMs:
        typeof retryAfter === "number" ? retryAfter * 1000 : error.error_code >= 500 ? serverErrorBackoffMs : null,
      cause: error,
    });
  }
  if (error instanceof HttpError) {
    // grammY's message names the method and never the token (sensitiveLogs is off).
    const method = /'([A-Za-z]+)'/.exec(error.message)?.[1] ?? "unknown";
    return new TelegramPlatformError({
      message: `${method} failed: no answer from the Bot API`,
      code: "http",
      method,
      retryAfterMs: serverErrorBackoffMs,
      cause: error,
    });
  }
  return null;
}

/** Runs a Bot API call, turning its failure into a TelegramPlatformError (other errors pass unchanged). */
export async function callTelegram<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toPlatformError(error) ?? error;
  }
}
