import { describe, expect, it } from "vitest";
import { z } from "zod";
import { registry } from "../../../commands/index.ts";
import { type CommandDefinition, defineCommand } from "../../../src/core/commands/command.ts";
import { option } from "../../../src/core/commands/option-meta.ts";
import { ok } from "../../../src/core/errors/result.ts";
import {
  type DiscordCommandJson,
  discordCommandsHash,
  toDiscordCommands,
} from "../../../src/platforms/discord/discord.commands.ts";

const run = async () => ok({ type: "none" as const });

/** A member command whose options cover every kind Discord is given, declared optional-first on purpose. */
const survey = defineCommand({
  name: "survey",
  description: { en: "Ask the community something", it: "Chiedi qualcosa alla community" },
  audience: "member",
  scope: "community",
  options: z.object({
    multi: option(z.boolean().optional(), { en: "Allow several answers", it: "Consenti più risposte" }),
    question: option(z.string().min(3).max(200), { en: "What to ask", it: "Cosa chiedere" }, true),
    hours: option(z.number().int().min(1).max(720).optional(), { en: "Hours open", it: "Ore di apertura" }),
    style: option(z.enum(["single", "ranked"]).default("single"), { en: "How to vote", it: "Come votare" }),
    share: option(z.number().gt(0).lte(1), { en: "Share needed to pass", it: "Quota per approvare" }),
  }),
  run,
});

/** A moderator command with subcommands, one of them with an exclusive integer bound. */
const purge = defineCommand({
  name: "purge",
  description: { en: "Remove old content", it: "Rimuovi i contenuti vecchi" },
  audience: "moderator",
  scope: "community",
  options: z.object({}),
  subcommands: {
    messages: {
      description: { en: "Remove the latest messages", it: "Rimuovi gli ultimi messaggi" },
      options: z.object({
        count: option(z.int().positive().lt(100), { en: "How many", it: "Quanti" }),
      }),
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

const synthetic: CommandDefinition[] = [survey, purge, ping];

/** A one-off member command for the refusal cases. */
const oneOff = (name: string, options: z.ZodObject, description = ping.description) =>
  defineCommand({ name, description, audience: "member", scope: "anywhere", options, run });

/** What every level of the JSON has in common: a name, localizations, maybe nested options. */
interface JsonNode {
  readonly name: string;
  readonly description_localizations?: { readonly it?: string | null } | null;
  readonly options?: readonly JsonNode[];
}

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

describe("toDiscordCommands", () => {
  it("derives the exact application-command JSON from the declarations", () => {
    expect(toDiscordCommands(synthetic)).toEqual([
      {
        type: 1,
        name: "survey",
        description: "Ask the community something",
        description_localizations: { it: "Chiedi qualcosa alla community" },
        options: [
          {
            type: 3,
            name: "question",
            description: "What to ask",
            description_localizations: { it: "Cosa chiedere" },
            required: true,
            min_length: 3,
            max_length: 200,
          },
          {
            type: 10,
            name: "share",
            description: "Share needed to pass",
            description_localizations: { it: "Quota per approvare" },
            required: true,
            min_value: 0,
            max_value: 1,
          },
          {
            type: 5,
            name: "multi",
            description: "Allow several answers",
            description_localizations: { it: "Consenti più risposte" },
            required: false,
          },
          {
            type: 4,
            name: "hours",
            description: "Hours open",
            description_localizations: { it: "Ore di apertura" },
            required: false,
            min_value: 1,
            max_value: 720,
          },
          {
            type: 3,
            name: "style",
            description: "How to vote",
            description_localizations: { it: "Come votare" },
            required: false,
            choices: [
              { name: "single", value: "single" },
              { name: "ranked", value: "ranked" },
            ],
          },
        ],
        default_member_permissions: null,
        contexts: [0],
      },
      {
        type: 1,
        name: "purge",
        description: "Remove old content",
        description_localizations: { it: "Rimuovi i contenuti vecchi" },
        options: [
          {
            type: 1,
            name: "messages",
            description: "Remove the latest messages",
            description_localizations: { it: "Rimuovi gli ultimi messaggi" },
            options: [
              {
                type: 4,
                name: "count",
                description: "How many",
                description_localizations: { it: "Quanti" },
                required: true,
                min_value: 1,
                max_value: 99,
              },
            ],
          },
          {
            type: 1,
            name: "polls",
            description: "Remove closed polls",
            description_localizations: { it: "Rimuovi i sondaggi chiusi" },
          },
        ],
        default_member_permissions: "32",
        contexts: [0],
      },
      {
        type: 1,
        name: "ping",
        description: "Check that Circolo answers",
        description_localizations: { it: "Verifica che Circolo risponda" },
        default_member_permissions: null,
        contexts: [0, 1],
      },
    ]);
  });

  it("derives the real registry's commands, /privacy for guilds only and /help in DMs too", () => {
    const derived = toDiscordCommands(registry.commands);
    expect(derived.map((c) => c.name)).toEqual(registry.commands.map((c) => c.name));
    expect(derived.filter((c) => c.name === "help" || c.name === "privacy")).toEqual([
      {
        type: 1,
        name: "help",
        description: "Show what Circolo can do for you",
        description_localizations: { it: "Mostra cosa può fare Circolo per te" },
        default_member_permissions: null,
        contexts: [0, 1],
      },
      {
        type: 1,
        name: "privacy",
        description: "See and change what Circolo keeps about you",
        description_localizations: { it: "Vedi e cambia cosa conserva Circolo su di te" },
        default_member_permissions: null,
        contexts: [0],
      },
    ]);
  });

  it("gives only moderator commands a default permission, so members do not see them", () => {
    const permissions = toDiscordCommands([...synthetic, ...registry.commands]).map((c) => [
      c.name,
      c.default_member_permissions,
    ]);
    expect(permissions).toEqual([
      ["survey", null],
      ["purge", "32"],
      ["ping", null],
      ["help", null],
      ["privacy", null],
      ...registry.commands.slice(2).map((c) => [c.name, c.audience === "moderator" ? "32" : null]),
    ]);
  });

  it("carries an Italian description on every command, subcommand and option", () => {
    const missing: string[] = [];
    const visit = (path: string, node: JsonNode) => {
      if (!node.description_localizations?.it) missing.push(path);
      for (const child of node.options ?? []) visit(`${path} ${child.name}`, child);
    };
    const json: readonly JsonNode[] = toDiscordCommands([...synthetic, ...registry.commands]);
    for (const command of json) visit(command.name, command);
    expect(missing).toEqual([]);
  });

  it("refuses an option declared without descriptions", () => {
    const bare = oneOff("bare", z.object({ text: z.string() }));
    expect(() => toDiscordCommands([bare])).toThrow("/bare text has no descriptions");
  });

  it("refuses an option type Discord cannot express", () => {
    const tags = option(z.array(z.string()), { en: "Tags", it: "Etichette" });
    const listy = oneOff("listy", z.object({ tags }));
    expect(() => toDiscordCommands([listy])).toThrow('/listy tags has type "array"');
  });

  it("refuses a description longer than Discord's 100 characters", () => {
    const wordy = oneOff("wordy", z.object({}), { en: "x".repeat(101), it: "breve" });
    expect(() => toDiscordCommands([wordy])).toThrow("needs a description of 1-100 characters, got 101");
  });

  it("refuses an enum with more choices than Discord's 25", () => {
    const values = Array.from({ length: 26 }, (_, i) => `c${i}`) as [string, ...string[]];
    const pick = option(z.enum(values), { en: "Pick one", it: "Scegline uno" });
    const crowded = oneOff("crowded", z.object({ pick }));
    expect(() => toDiscordCommands([crowded])).toThrow("has 26 choices; Discord allows 25");
  });
});

describe("discordCommandsHash", () => {
  const json = toDiscordCommands(synthetic);

  it("is a sha256 hex digest", () => {
    expect(discordCommandsHash(json)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("stays the same for the same set with keys and commands in another order", () => {
    const shuffled = reversedKeys([...json].reverse()) as DiscordCommandJson[];
    expect(discordCommandsHash(shuffled)).toBe(discordCommandsHash(json));
  });

  it("changes when a description changes", () => {
    const renamed = defineCommand({
      ...ping,
      description: { ...ping.description, it: "Controlla che Circolo ci sia" },
    });
    expect(discordCommandsHash(toDiscordCommands([survey, purge, renamed]))).not.toBe(discordCommandsHash(json));
  });

  it("changes when the options come in another order, since Discord shows them in order", () => {
    const [first, ...rest] = json;
    const reordered = { ...first!, options: [...(first!.options ?? [])].reverse() };
    expect(discordCommandsHash([reordered, ...rest])).not.toBe(discordCommandsHash(json));
  });
});
