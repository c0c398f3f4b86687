import { describe, expect, it } from "vitest";
import { z } from "zod";
import { registry } from "../../../commands/index.ts";
import { type CommandDefinition, defineCommand } from "../../../src/core/commands/command.ts";
import { option } from "../../../src/core/commands/option-meta.ts";
import { ok } from "../../../src/core/errors/result.ts";
import {
  type TelegramCommandList,
  telegramCommandsHash,
  telegramUsage,
  toTelegramCommandLists,
} from "../../../src/platforms/telegram/telegram.commands.ts";

const run = async () => ok({ type: "none" as const });

/** A member command with positional options first and flags of every kind after. */
const poll = defineCommand({
  name: "poll",
  description: { en: "Start a poll", it: "Avvia un sondaggio" },
  audience: "member",
  scope: "community",
  options: z.object({
    question: option(z.string().min(3).max(200), { en: "What to ask", it: "Cosa chiedere" }, true),
    first: option(z.string().max(80), { en: "First answer", it: "Prima risposta" }, true),
    second: option(z.string().max(80), { en: "Second answer", it: "Seconda risposta" }, true),
    third: option(z.string().max(80).optional(), { en: "Third answer", it: "Terza risposta" }, true),
    note: option(z.string().max(50), { en: "Shown under the poll", it: "Mostrata sotto il sondaggio" }),
    multi: option(z.boolean().optional(), { en: "Allow several answers", it: "Consenti più risposte" }),
    hours: option(z.number().int().min(1).max(720).optional(), { en: "Hours open", it: "Ore di apertura" }),
    style: option(z.enum(["single", "ranked"]).default("single"), { en: "How to vote", it: "Come votare" }),
  }),
  run,
});

/** A moderator command with subcommands. */
const purge = defineCommand({
  name: "purge",
  description: { en: "Remove old content", it: "Rimuovi i contenuti vecchi" },
  audience: "moderator",
  scope: "community",
  options: z.object({}),
  subcommands: {
    messages: {
      description: { en: "Remove the latest messages", it: "Rimuovi gli ultimi messaggi" },
      options: z.object({ count: option(z.int().positive().max(100), { en: "How many", it: "Quanti" }, true) }),
    },
    polls: { description: { en: "Remove closed polls", it: "Rimuovi i sondaggi chiusi" }, options: z.object({}) },
  },
  run,
});

/** A member command usable in a private chat with the bot. */
const ping = defineCommand({
  name: "ping",
  description: { en: "Check that Circolo answers", it: "Verifica che Circolo risponda" },
  audience: "member",
  scope: "anywhere",
  options: z.object({}),
  run,
});

const synthetic: CommandDefinition[] = [poll, purge, ping];

/** Menu entries of the given commands in one locale. */
const entries = (commands: CommandDefinition[], locale: "en" | "it") =>
  commands.map((c) => ({ command: c.name, description: c.description[locale] }));

/** The same JSON with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  }
  return value;
}

describe("toTelegramCommandLists", () => {
  it("derives one list per scope for the fallback, English and Italian", () => {
    const group = [
      { command: "poll", description: "Start a poll" },
      { command: "ping", description: "Check that Circolo answers" },
    ];
    const groupIt = [
      { command: "poll", description: "Avvia un sondaggio" },
      { command: "ping", description: "Verifica che Circolo risponda" },
    ];
    const privateChat = [{ command: "ping", description: "Check that Circolo answers" }];
    const privateChatIt = [{ command: "ping", description: "Verifica che Circolo risponda" }];
    const admins = [group[0], { command: "purge", description: "Remove old content" }, group[1]];
    const adminsIt = [groupIt[0], { command: "purge", description: "Rimuovi i contenuti vecchi" }, groupIt[1]];
    expect(toTelegramCommandLists(synthetic)).toEqual([
      { scope: { type: "all_group_chats" }, commands: group },
      { scope: { type: "all_group_chats" }, language_code: "en", commands: group },
      { scope: { type: "all_group_chats" }, language_code: "it", commands: groupIt },
      { scope: { type: "all_private_chats" }, commands: privateChat },
      { scope: { type: "all_private_chats" }, language_code: "en", commands: privateChat },
      { scope: { type: "all_private_chats" }, language_code: "it", commands: privateChatIt },
      { scope: { type: "all_chat_administrators" }, commands: admins },
      { scope: { type: "all_chat_administrators" }, language_code: "en", commands: admins },
      { scope: { type: "all_chat_administrators" }, language_code: "it", commands: adminsIt },
    ]);
  });

  it("sends the fallback list without a language code, so no key is left undefined in the payload", () => {
    const fallbacks = toTelegramCommandLists(synthetic).filter((list) => !("language_code" in list));
    expect(fallbacks.map((list) => list.scope.type)).toEqual([
      "all_group_chats",
      "all_private_chats",
      "all_chat_administrators",
    ]);
  });

  it("derives the real registry's menus, with /privacy kept out of private chats", () => {
    const { commands } = registry;
    const [help, privacy] = [commands.find((c) => c.name === "help")!, commands.find((c) => c.name === "privacy")!];
    const members = commands.filter((c) => c.audience === "member");
    const everyone = [...members, ...commands.filter((c) => c.audience === "moderator")];
    expect(members).toEqual(expect.arrayContaining([help, privacy]));
    expect(toTelegramCommandLists(commands)).toEqual([
      { scope: { type: "all_group_chats" }, commands: entries(members, "en") },
      { scope: { type: "all_group_chats" }, language_code: "en", commands: entries(members, "en") },
      { scope: { type: "all_group_chats" }, language_code: "it", commands: entries(members, "it") },
      { scope: { type: "all_private_chats" }, commands: entries([help], "en") },
      { scope: { type: "all_private_chats" }, language_code: "en", commands: entries([help], "en") },
      { scope: { type: "all_private_chats" }, language_code: "it", commands: entries([help], "it") },
      { scope: { type: "all_chat_administrators" }, commands: entries(everyone, "en") },
      { scope: { type: "all_chat_administrators" }, language_code: "en", commands: entries(everyone, "en") },
      { scope: { type: "all_chat_administrators" }, language_code: "it", commands: entries(everyone, "it") },
    ]);
    expect(entries([help, privacy], "it")).toEqual([
      { command: "help", description: "Mostra cosa può fare Circolo per te" },
      { command: "privacy", description: "Vedi e cambia cosa conserva Circolo su di te" },
    ]);
  });

  it("shows moderator commands only to chat administrators", () => {
    const withPurge = toTelegramCommandLists(synthetic)
      .filter((list) => list.commands.some((c) => c.command === "purge"))
      .map((list) => list.scope.type);
    expect(withPurge).toEqual(["all_chat_administrators", "all_chat_administrators", "all_chat_administrators"]);
  });

  it("refuses a command name Telegram does not accept", () => {
    const shouty = defineCommand({ ...ping, name: "Ping-Me" });
    expect(() => toTelegramCommandLists([shouty])).toThrow("/Ping-Me needs a name of 1-32 characters");
  });

  it("refuses an empty description", () => {
    const mute = defineCommand({ ...ping, description: { en: "Check", it: "" } });
    expect(() => toTelegramCommandLists([mute])).toThrow("/ping needs a description of 1-256 characters, got 0");
  });
});

describe("telegramCommandsHash", () => {
  const lists = toTelegramCommandLists(synthetic);

  it("is a sha256 hex digest", () => {
    expect(telegramCommandsHash(lists)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stays the same for the same lists with keys and calls in another order", () => {
    const shuffled = reversedKeys([...lists].reverse()) as TelegramCommandList[];
    expect(telegramCommandsHash(shuffled)).toBe(telegramCommandsHash(lists));
  });

  it("changes when a description changes", () => {
    const renamed = defineCommand({
      ...ping,
      description: { ...ping.description, it: "Controlla che Circolo ci sia" },
    });
    expect(telegramCommandsHash(toTelegramCommandLists([poll, purge, renamed]))).not.toBe(telegramCommandsHash(lists));
  });

  it("changes when the menu order changes, since Telegram shows commands in order", () => {
    expect(telegramCommandsHash(toTelegramCommandLists([ping, poll, purge]))).not.toBe(telegramCommandsHash(lists));
  });
});

describe("telegramUsage", () => {
  it("lists positional options with | and then flags, optional parts in brackets", () => {
    expect(telegramUsage(poll, "en")).toBe(
      "/poll <question> | <first> | <second> | [<third>] --note <text> [--multi] [--hours <number>] [--style <single|ranked>]",
    );
  });

  it("names flag values in the asker's language", () => {
    expect(telegramUsage(poll, "it")).toBe(
      "/poll <question> | <first> | <second> | [<third>] --note <testo> [--multi] [--hours <numero>] [--style <single|ranked>]",
    );
  });

  it("gives a command with subcommands one line per subcommand", () => {
    expect(telegramUsage(purge, "en")).toBe("/purge messages <count>\n/purge polls");
  });

  it("gives a command without options its bare name", () => {
    expect(telegramUsage(ping, "it")).toBe("/ping");
    const help = registry.commands.find((c) => c.name === "help")!;
    expect(telegramUsage(help, "en")).toBe("/help");
  });
});
