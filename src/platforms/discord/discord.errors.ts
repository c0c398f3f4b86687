import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from "discord.js";
import { PlatformError } from "../shared/platform-error.ts";

/** A Discord failure as a PlatformError, with the HTTP status and Discord's own error codes named. */
export class DiscordPlatformError extends PlatformError {
  readonly platform = "discord" as const;
  /** The HTTP status, or null when the request never got one. */
  readonly status: number | null;

  constructor(input: {
    message: string;
    code: number | string;
    status: number | null;
    retryAfterMs: number | null;
    cause?: unknown;
  }) {
    super(input);
    this.status = input.status;
  }

  /** The interaction's 3-second window or its 15-minute token expired: answering is no longer possible. */
  get interactionExpired(): boolean {
    return this.code === RESTJSONErrorCodes.UnknownInteraction || this.code === RESTJSONErrorCodes.UnknownWebhook;
  }

  /** Another process or an earlier attempt already answered this interaction. */
  get alreadyAcknowledged(): boolean {
    return this.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged;
  }

  /** The person does not accept direct messages from the bot (or shares no server with it any more). */
  get directMessagesClosed(): boolean {
    return this.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser;
  }
}

/** How long to wait after a server error when Discord gives no hint. */
const serverErrorBackoffMs = 1_000;

/**
 * Turns what discord.js throws (DiscordAPIError, HTTPError, RateLimitError) into a DiscordPlatformError; null for
 * anything else (a bug, a network failure), which should be logged as what it is.
 */
export function toPlatformError(error: unknown): DiscordPlatformError | null {
  if (error instanceof DiscordPlatformError) return error;
  if (error instanceof RateLimitError) {
    return new DiscordPlatformError({
      message: `rate limited on ${error.route} (${error.scope})`,
      code: "rate_limited",
      status: 429,
      retryAfterMs: Math.max(error.retryAfter, error.timeToReset, 0),
      cause: error,
    });
  }
  if (error instanceof DiscordAPIError) {
    const raw = error.rawError as { retry_after?: unknown; message?: unknown };
    const retryAfter = raw.retry_after;
    return new DiscordPlatformError({
      message: `${error.method.toUpperCase()} ${routeOf(error.url)} failed: ${error.status} ${error.code} ${String(raw.message ?? "")}`,
      code: error.code,
      status: error.status,
      retryAfterMs:
        typeof retryAfter === "number"
          ? Math.ceil(retryAfter * 1000)
          : error.status >= 500
            ? serverErrorBackoffMs
            : null,
      cause: error,
    });
  }
  if (error instanceof HTTPError) {
    return new DiscordPlatformError({
      message: `${error.method.toUpperCase()} ${routeOf(error.url)} failed: ${error.status}`,
      code: "http",
      status: error.status,
      retryAfterMs: error.status >= 500 || error.status === 429 ? serverErrorBackoffMs : null,
      cause: error,
    });
  }
  return null;
}

/**
 * The path of a request with tokens and ids replaced, safe for logs: interaction and webhook tokens are
 * credentials, and raw ids are not wanted in logs either.
 */
export function routeOf(url: string): string {
  const path = url.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*$/, "");
  return path
    .replace(/\/(interactions|webhooks)\/(\d+)\/[^/]+/, "/$1/:id/:token")
    .replace(/\/\d{15,21}(?=\/|$)/g, "/:id");
}
