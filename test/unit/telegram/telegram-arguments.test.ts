import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineCommand } from "../../../src/core/commands/command.ts";
import { option } from "../../../src/core/commands/option-meta.ts";
import { ok } from "../../../src/core/errors/result.ts";
import { Translator } from "../../../src/core/i18n/translator.ts";
import { type ParsedArguments, parseArguments } from "../../../src/platforms/telegram/telegram.arguments.ts";

const run = async () => ok({ type: "none" as const });
const d = (en: string) => ({ en, it: en });

const poll = defineCommand({
  name: "poll",
  description: d("Start a poll"),
  audience: "member",
  scope: "community",
  options: z.object({
    question: option(z.string().min(3), d("What to ask"), true),
    first: option(z.string(), d("First answer"), true),
    second: option(z.string(), d("Second answer"), true),
    third: option(z.string().optional(), d("Third answer"), true),
    multi: option(z.boolean().optional(), d("Several answers")),
    hours: option(z.number().optional(), d("Hours open")),
    closesIn: option(z.int().optional(), d("Days open")),
    style: option(z.enum(["single", "ranked"]).default("single"), d("How to vote")),
    note: option(z.string().optional(), d("Shown under the poll")),
  }),
  run,
});

const ping = defineCommand({
  name: "ping",
  description: d("Ping"),
  audience: "member",
  scope: "anywhere",
  options: z.object({ loud: option(z.boolean().optional(), d("Loudly")) }),
  run,
});

const purge = defineCommand({
  name: "purge",
  description: d("Remove old content"),
  audience: "moderator",
  scope: "community",
  options: z.object({}),
  subcommands: {
    messages: { description: d("Messages"), options: z.object({ count: option(z.int(), d("How many"), true) }) },
    polls: { description: d("Polls"), options: z.object({}) },
  },
  run,
});

const notice = defineCommand({
  name: "notice",
  description: d("Post a notice"),
  audience: "moderator",
  scope: "community",
  options: z.object({ text: option(z.string(), d("Text")), pinned: option(z.boolean(), d("Pin"), true) }),
  run,
});

function options(parsed: ParsedArguments) {
  if (!parsed.ok) throw new Error(`expected success, got ${parsed.problem.key}`);
  return parsed.options;
}

function problem(parsed: ParsedArguments) {
  if (parsed.ok) throw new Error("expected a problem");
  return parsed.problem;
}

describe("the Telegram argument parser", () => {
  it("reads positional options separated by | and flags after them, converted to their types", () => {
    expect(options(parseArguments(poll, "Best flavour? | Vanilla | Pistachio --multi --hours 2"))).toEqual({
      question: "Best flavour?",
      first: "Vanilla",
      second: "Pistachio",
      multi: true,
      hours: 2,
    });
  });

  it("keeps a | inside double quotes and an escaped \\| as text", () => {
    expect(options(parseArguments(poll, '"Cream | or not?" | Vanilla \\| Cream | Pistachio'))).toMatchObject({
      question: "Cream | or not?",
      first: "Vanilla | Cream",
      second: "Pistachio",
    });
  });

  it("keeps -- inside quotes and after a backslash as text rather than a flag", () => {
    expect(options(parseArguments(poll, 'Which one? | "--multi" | \\--hours'))).toMatchObject({
      first: "--multi",
      second: "--hours",
    });
  });

  it("accepts the curly quotes and the em dash that phones type for quotes and --", () => {
    expect(options(parseArguments(poll, "“Best | flavour” | Vanilla | Pistachio —multi"))).toMatchObject({
      question: "Best | flavour",
      multi: true,
    });
  });

  it("lets a flag's value run to the next flag, keeping its spacing, and accepts --name=value", () => {
    expect(options(parseArguments(poll, "Q?? | a | b --note see   you | soon --hours=3"))).toMatchObject({
      note: "see   you | soon",
      hours: 3,
    });
  });

  it("accepts kebab-case and snake_case spellings of a camelCase option", () => {
    expect(options(parseArguments(poll, "Q?? | a | b --closes-in 4"))).toMatchObject({ closesIn: 4 });
    expect(options(parseArguments(poll, "Q?? | a | b --closes_in 5"))).toMatchObject({ closesIn: 5 });
  });

  it("reads a decimal comma and matches enum choices case-insensitively", () => {
    expect(options(parseArguments(poll, "Q?? | a | b --hours 2,5 --style RANKED"))).toMatchObject({
      hours: 2.5,
      style: "ranked",
    });
  });

  it("leaves out empty positional values, so an optional one stays optional", () => {
    expect(options(parseArguments(poll, "Q?? | a | b |  "))).toEqual({ question: "Q??", first: "a", second: "b" });
  });

  it("reads yes and no (also in Italian) for a positional boolean", () => {
    expect(options(parseArguments(notice, "sì --text Hello"))).toEqual({ pinned: true, text: "Hello" });
    expect(options(parseArguments(notice, "no --text Hello"))).toEqual({ pinned: false, text: "Hello" });
  });

  it("reads a subcommand as the first word, with that subcommand's options after it", () => {
    expect(parseArguments(purge, "MESSAGES 5")).toEqual({ ok: true, subcommand: "messages", options: { count: 5 } });
    expect(parseArguments(purge, "polls")).toEqual({ ok: true, subcommand: "polls", options: {} });
  });

  it("takes a command without arguments as it is", () => {
    expect(parseArguments(ping, "")).toEqual({ ok: true, subcommand: null, options: {} });
  });

  it.each([
    [
      "an unknown flag",
      poll,
      "Q?? | a | b --colour red",
      { key: "unknownFlag", params: { flag: "colour", command: "poll" } },
    ],
    ["a flag without its value", poll, "Q?? | a | b --hours", { key: "flagNeedsValue", params: { flag: "hours" } }],
    [
      "a value after a boolean flag",
      poll,
      "Q?? | a | b --multi please",
      { key: "flagTakesNoValue", params: { flag: "multi" } },
    ],
    ["a flag given twice", poll, "Q?? | a | b --hours 1 --hours 2", { key: "repeatedFlag", params: { flag: "hours" } }],
    [
      "a word where a number goes",
      poll,
      "Q?? | a | b --hours two",
      { key: "notANumber", params: { option: "--hours", value: "two" } },
    ],
    [
      "a choice that is not offered",
      poll,
      "Q?? | a | b --style wild",
      { key: "notAChoice", params: { option: "--style", value: "wild", choices: "single, ranked" } },
    ],
    [
      "more values than positional options",
      poll,
      "Q?? | a | b | c | d",
      { key: "tooManyValues", params: { command: "poll", count: 4 } },
    ],
    ["a missing positional option", poll, "Q??", { key: "missing", params: { option: "<first>" } }],
    ["a missing required flag", notice, "yes", { key: "missing", params: { option: "--text" } }],
    [
      "text for a command that takes none",
      ping,
      "hello there",
      { key: "unexpectedText", params: { command: "ping", value: "hello there" } },
    ],
    ["a quote that is never closed", poll, '"Q?? | a | b', { key: "unclosedQuote", params: {} }],
    ["a missing subcommand", purge, "", { key: "missingSubcommand", params: { choices: "messages, polls" } }],
    [
      "an unknown subcommand",
      purge,
      "users 3",
      { key: "unknownSubcommand", params: { value: "users", choices: "messages, polls" } },
    ],
    [
      "a word that is not yes or no for a boolean",
      notice,
      "maybe --text Hi",
      { key: "notABoolean", params: { option: "<pinned>", value: "maybe" } },
    ],
  ] as const)("refuses %s", (_case, command, text, expected) => {
    expect(problem(parseArguments(command, text))).toEqual(expected);
  });

  it("explains each problem in Italian to an Italian member", () => {
    const t = new Translator().for("it");
    const say = (text: string) => {
      const p = problem(parseArguments(poll, text));
      return t(`telegram.arguments.${p.key}`, p.params);
    };
    expect(say("Q?? | a | b --colore rosso")).toBe("--colore non è un'opzione di /poll");
    expect(say("Q??")).toBe("manca <first>");
    expect(say("Q?? | a | b --hours due")).toBe("--hours deve essere un numero, non “due”");
  });
});
