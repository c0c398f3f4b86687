import type { Platform } from "../../core/domain/platform.ts";

/**
 * The one error type platform failures become before they reach anything outside an adapter
 * (GrammyError/HttpError on Telegram, DiscordAPIError/HTTPError/RateLimitError on Discord): the
 * platform, the platform's own code, and how long to wait before a retry can help.
 */
export abstract class PlatformError extends Error {
  override readonly name = "PlatformError";
  abstract readonly platform: Platform;
  /** The platform's error code, or a short word ("http", "rate_limited") when the answer carried none. */
  readonly code: number | string;
  /** Wait this long before retrying; null when retrying will not help. */
  readonly retryAfterMs: number | null;

  protected constructor(input: {
    message: string;
    code: number | string;
    retryAfterMs: number | null;
    cause?: unknown;
  }) {
    super(input.message, input.cause === undefined ? undefined : { cause: input.cause });
    this.code = input.code;
    this.retryAfterMs = input.retryAfterMs;
  }
}
