import { GrammyError, HttpError } from "grammy";
import type { ChatMemberUpdated } from "grammy/types";
import { describe, expect, it } from "vitest";
import { toPlatformError } from "../../../src/platforms/telegram/telegram.errors.ts";
import { botMembershipChange, readCommand } from "../../../src/platforms/telegram/telegram.inbound.ts";

const bot = { id: 1, is_bot: true, first_name: "Circolo", username: "circolo_bot" };
const person = { id: 2, is_bot: false, first_name: "Ada" };

function change(type: "group" | "supergroup" | "private", before: string, after: string): ChatMemberUpdated {
  const chat = type === "private" ? { id: 2, type, first_name: "Ada" } : { id: -5, type, title: "G" };
  return {
    chat,
    from: person,
    date: 0,
    old_chat_member: { user: bot, status: before },
    new_chat_member: { user: bot, status: after },
  } as ChatMemberUpdated;
}

describe("reading Telegram commands", () => {
  it("reads a command, its arguments untouched, and a name in capitals", () => {
    expect(readCommand("/HELP  me | now ", "circolo_bot")).toEqual({
      name: "help",
      addressed: false,
      args: "me | now",
    });
  });

  it("reads /command@bot in a group when it names this bot, in any case", () => {
    expect(readCommand("/privacy@Circolo_Bot", "circolo_bot")).toEqual({ name: "privacy", addressed: true, args: "" });
  });

  it("leaves commands for other bots and plain text alone", () => {
    expect(readCommand("/privacy@other_bot", "circolo_bot")).toBeNull();
    expect(readCommand("hello /help", "circolo_bot")).toBeNull();
    expect(readCommand("/help-me", "circolo_bot")).toBeNull();
  });

  it("keeps a deep link's payload as the argument of /start", () => {
    expect(readCommand("/start privacy-m100-abc", "circolo_bot")?.args).toBe("privacy-m100-abc");
  });
});

describe("the bot's own membership", () => {
  it("reads being added to a group or supergroup as joining", () => {
    expect(botMembershipChange(change("group", "left", "member"))).toBe("joined");
    expect(botMembershipChange(change("supergroup", "kicked", "administrator"))).toBe("joined");
  });

  it("reads being removed or banned as leaving", () => {
    expect(botMembershipChange(change("group", "member", "left"))).toBe("left");
    expect(botMembershipChange(change("supergroup", "administrator", "kicked"))).toBe("left");
  });

  it("ignores promotions and a person blocking the bot in a private chat", () => {
    expect(botMembershipChange(change("group", "member", "administrator"))).toBeNull();
    expect(botMembershipChange(change("private", "member", "kicked"))).toBeNull();
  });
});

describe("Telegram errors", () => {
  const apiError = (code: number, description: string, parameters = {}) =>
    new GrammyError(
      `Call failed (${code}: ${description})`,
      { ok: false, error_code: code, description, parameters },
      "sendMessage",
      {
        chat_id: 1,
        text: "secret text",
      },
    );

  it("turns a 429 into a TelegramPlatformError that says how long to wait", () => {
    const error = toPlatformError(apiError(429, "Too Many Requests: retry after 3", { retry_after: 3 }));
    expect(error).toMatchObject({ code: 429, method: "sendMessage", retryAfterMs: 3_000 });
    expect(error?.message).not.toContain("secret text");
  });

  it("recognises a private chat the bot may not write to, and an edit that changed nothing", () => {
    expect(
      toPlatformError(apiError(403, "Forbidden: bot can't initiate conversation with a user"))?.privateChatClosed,
    ).toBe(true);
    expect(toPlatformError(apiError(400, "Bad Request: message is not modified: same"))?.messageNotModified).toBe(true);
    expect(toPlatformError(apiError(400, "Bad Request: chat not found"))?.retryAfterMs).toBeNull();
  });

  it("suggests waiting after a server error or a failed connection", () => {
    expect(toPlatformError(apiError(502, "Bad Gateway"))?.retryAfterMs).toBe(3_000);
    const network = toPlatformError(
      new HttpError("Network request for 'getUpdates' failed!", new Error("ECONNREFUSED")),
    );
    expect(network).toMatchObject({ code: "http", method: "getUpdates", retryAfterMs: 3_000 });
  });

  it("leaves anything else (a bug) alone", () => {
    expect(toPlatformError(new TypeError("x is undefined"))).toBeNull();
  });
});
