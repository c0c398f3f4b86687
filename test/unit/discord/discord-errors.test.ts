import { DiscordAPIError, HTTPError, RateLimitError } from "discord.js";
import { describe, expect, it } from "vitest";
import { DiscordPlatformError, routeOf, toPlatformError } from "../../../src/platforms/discord/discord.errors.ts";

const url = "http://127.0.0.1:1/api/v10/interactions/1234567890123456789/secret-token/callback";
const request = { body: undefined, files: undefined };

describe("Discord errors", () => {
  it("turns an API error into a DiscordPlatformError with its code and status", () => {
    const error = toPlatformError(
      new DiscordAPIError({ code: 10062, message: "Unknown interaction" }, 10062, 404, "POST", url, request),
    );
    expect(error).toBeInstanceOf(DiscordPlatformError);
    expect(error).toMatchObject({
      platform: "discord",
      code: 10062,
      status: 404,
      retryAfterMs: null,
      interactionExpired: true,
    });
    expect(error?.message).toBe("POST /api/v10/interactions/:id/:token/callback failed: 404 10062 Unknown interaction");
  });

  it("carries retry-after from a rate limit, in milliseconds", () => {
    const limited = toPlatformError(
      new RateLimitError({
        timeToReset: 1_200,
        limit: 5,
        method: "POST",
        hash: "h",
        url,
        route: "/channels/:id/messages",
        majorParameter: "1",
        global: false,
        retryAfter: 1_500,
        sublimitTimeout: 0,
        scope: "user",
      }),
    );
    expect(limited).toMatchObject({ code: "rate_limited", status: 429, retryAfterMs: 1_500 });
    const fromBody = toPlatformError(
      new DiscordAPIError(
        { code: 0, message: "You are being rate limited.", retry_after: 0.25 } as never,
        0,
        429,
        "GET",
        url,
        request,
      ),
    );
    expect(fromBody?.retryAfterMs).toBe(250);
  });

  it("suggests a pause after a server error", () => {
    expect(toPlatformError(new HTTPError(502, "Bad Gateway", "GET", url, request))).toMatchObject({
      code: "http",
      status: 502,
      retryAfterMs: 1_000,
    });
  });

  it("recognises closed direct messages and answered interactions", () => {
    const closed = toPlatformError(
      new DiscordAPIError({ code: 50007, message: "Cannot send" }, 50007, 403, "POST", url, request),
    );
    const answered = toPlatformError(
      new DiscordAPIError({ code: 40060, message: "Already" }, 40060, 400, "POST", url, request),
    );
    expect([closed?.directMessagesClosed, answered?.alreadyAcknowledged]).toEqual([true, true]);
  });

  it("leaves errors that are not Discord's alone", () => {
    expect(toPlatformError(new TypeError("bug"))).toBeNull();
  });

  it("keeps tokens and ids out of logged routes", () => {
    expect(routeOf(url)).toBe("/api/v10/interactions/:id/:token/callback");
    expect(routeOf("https://discord.com/api/v10/webhooks/1234567890123456789/tok/messages/@original?wait=true")).toBe(
      "/api/v10/webhooks/:id/:token/messages/@original",
    );
    expect(routeOf("https://discord.com/api/v10/channels/1234567890123456789/messages/1234567890123456780")).toBe(
      "/api/v10/channels/:id/messages/:id",
    );
  });
});
