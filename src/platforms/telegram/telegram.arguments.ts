import type { z } from "zod";
import type { CommandDefinition } from "../../core/commands/command.ts";
import { readOptionMeta } from "../../core/commands/option-meta.ts";
import type { Catalogue } from "../../core/i18n/catalogue.en.ts";

/** A problem with the text after a command, as a catalogue key under `telegram.arguments` and its values. */
export interface ArgumentProblem {
  readonly key: keyof Catalogue["telegram"]["arguments"];
  readonly params: Readonly<Record<string, string | number>>;
}

/** The command's input read from the text, still to be validated by its zod schema in the pipeline. */
export type ParsedArguments =
  | { readonly ok: true; readonly subcommand: string | null; readonly options: Record<string, unknown> }
  | { readonly ok: false; readonly problem: ArgumentProblem };

/**
 * Reads a command's arguments from the text after `/name`, in the syntax its usage line shows:
 *
 * - an optional subcommand as the first word (`/mydata export`);
 * - positional options in their declared order, separated by `|` (`Best flavour? | Vanilla | Pistachio`);
 * - every other option as `--name value` (the value runs to the next flag) or `--name=value`; a boolean
 *   as a bare `--name`. A leading `—` (what phones make of `--`) works as well.
 *
 * `"double quotes"` (also `“curly”`) at the start of a word keep `|` and `--` inside them literal, and
 * `\|`, `\"`, `\\` and `\-` escape one character. Values are converted by the option's type (numbers, with
 * a decimal comma too; booleans; enum choices, case-insensitively); ranges and lengths are left to zod.
 */
export function parseArguments(command: CommandDefinition, text: string): ParsedArguments {
  const tokens = tokenize(text);
  if (!tokens.ok) return tokens;
  let words = tokens.tokens;
  let schema = command.options;
  let subcommand: string | null = null;
  if (command.subcommands) {
    const names = Object.keys(command.subcommands);
    const choices = names.join(", ");
    const first = words[0];
    if (first?.kind !== "word" || first.flag) return problem("missingSubcommand", { choices });
    subcommand = names.find((n) => n.toLowerCase() === first.text.toLowerCase()) ?? null;
    if (!subcommand) return problem("unknownSubcommand", { value: first.text, choices });
    schema = command.subcommands[subcommand]!.options;
    words = words.slice(1);
  }
  const fields = describeFields(schema);
  const raw = new Map<string, { value: string | null; via: "position" | "flag" }>();

  const firstFlag = words.findIndex((t) => t.kind === "word" && t.flag);
  const positionalTokens = firstFlag < 0 ? words : words.slice(0, firstFlag);
  const positionalFields = fields.filter((f) => f.positional);
  const values = splitOnPipes(positionalTokens);
  if (positionalFields.length === 0 && values.some((v) => v.length > 0)) {
    return problem("unexpectedText", { command: command.name, value: values.join(" | ") });
  }
  if (values.length > positionalFields.length) {
    return problem("tooManyValues", { command: command.name, count: positionalFields.length });
  }
  values.forEach((value, index) => {
    if (value.length > 0) raw.set(positionalFields[index]!.name, { value, via: "position" });
  });

  for (const section of flagSections(firstFlag < 0 ? [] : words.slice(firstFlag))) {
    const field = fields.find((f) => normalize(f.name) === normalize(section.name));
    if (!field) return problem("unknownFlag", { flag: section.name, command: command.name });
    if (raw.has(field.name)) return problem("repeatedFlag", { flag: field.name });
    raw.set(field.name, { value: section.value, via: "flag" });
  }

  const options: Record<string, unknown> = {};
  for (const field of fields) {
    const given = raw.get(field.name);
    if (!given) {
      if (field.required) return problem("missing", { option: field.label });
      continue;
    }
    const converted = convert(field, given.value, given.via);
    if (!converted.ok) return converted;
    options[field.name] = converted.value;
  }
  return { ok: true, subcommand, options };
}

/** A word (with the whitespace typed before it) or an unquoted, unescaped `|`. */
interface Token {
  readonly kind: "word" | "pipe";
  readonly text: string;
  readonly space: string;
  readonly flag: boolean;
}

const quotePairs: Readonly<Record<string, string>> = { '"': '"', "“": "”", "„": "“" };
const escapable = new Set(["|", "\\", "-", '"', "“", "”", "„"]);

/** Splits text into words (each with the whitespace before it) and unquoted, unescaped `|` separators. */
function tokenize(text: string): { ok: true; tokens: Token[] } | { ok: false; problem: ArgumentProblem } {
  const tokens: Token[] = [];
  let i = 0;
  let space = "";
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      space += char;
      i += 1;
      continue;
    }
    if (char === "|") {
      tokens.push({ kind: "pipe", text: "|", space, flag: false });
      space = "";
      i += 1;
      continue;
    }
    const flag = /^(--|—)\p{L}/u.test(text.slice(i));
    let word = "";
    while (i < text.length && !/\s/.test(text[i]!) && text[i] !== "|") {
      const c = text[i]!;
      const close = word === "" ? quotePairs[c] : undefined;
      if (close) {
        const end = text.indexOf(close, i + 1);
        if (end < 0) return { ok: false, problem: { key: "unclosedQuote", params: {} } };
        word += text.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      if (c === "\\" && i + 1 < text.length && escapable.has(text[i + 1]!)) {
        word += text[i + 1];
        i += 2;
        continue;
      }
      word += c;
      i += 1;
    }
    tokens.push({ kind: "word", text: word, space, flag });
    space = "";
  }
  return { ok: true, tokens };
}

/** The text between `|` separators, with the spacing inside each value kept as typed. */
function splitOnPipes(tokens: readonly Token[]): string[] {
  if (tokens.length === 0) return [];
  const values: string[] = [""];
  for (const token of tokens) {
    if (token.kind === "pipe") values.push("");
    else values[values.length - 1] += (values[values.length - 1] === "" ? "" : token.space) + token.text;
  }
  return values.map((v) => v.trim());
}

/** Each `--name [value…]` run: the value is `=value` and/or the words up to the next flag (null when none). */
function flagSections(tokens: readonly Token[]): { name: string; value: string | null }[] {
  const sections: { name: string; value: string | null }[] = [];
  for (const token of tokens) {
    if (token.kind === "word" && token.flag) {
      const body = token.text.replace(/^(--|—)/, "");
      const eq = body.indexOf("=");
      sections.push(eq < 0 ? { name: body, value: null } : { name: body.slice(0, eq), value: body.slice(eq + 1) });
      continue;
    }
    const current = sections[sections.length - 1]!;
    current.value = current.value === null ? token.text : `${current.value}${token.space}${token.text}`;
  }
  return sections.map((s) => ({ name: s.name, value: s.value?.trim() || null }));
}

interface Field {
  readonly name: string;
  readonly label: string;
  readonly positional: boolean;
  readonly required: boolean;
  readonly type: string;
  readonly choices: readonly string[];
}

function describeFields(schema: z.ZodObject): Field[] {
  return Object.entries(schema.shape).map(([name, value]) => {
    const field = value as z.ZodType;
    const positional = readOptionMeta(field)?.positional ?? false;
    const inner = unwrap(field);
    const type = inner._zod.def.type;
    return {
      name,
      label: positional ? `<${name}>` : `--${name}`,
      positional,
      // Both optional and defaulted options may be left out.
      required: field._zod.optin === undefined,
      type,
      choices: type === "enum" ? (inner as z.ZodEnum).options.map(String) : [],
    };
  });
}

const truthy = new Set(["yes", "y", "true", "on", "1", "si", "sì", "vero"]);
const falsy = new Set(["no", "n", "false", "off", "0", "falso"]);

function convert(
  field: Field,
  value: string | null,
  via: "position" | "flag",
): { ok: true; value: unknown } | { ok: false; problem: ArgumentProblem } {
  if (field.type === "boolean") {
    if (value === null) return { ok: true, value: true };
    if (via === "flag") return problem("flagTakesNoValue", { flag: field.name });
    const word = value.toLowerCase();
    if (truthy.has(word)) return { ok: true, value: true };
    if (falsy.has(word)) return { ok: true, value: false };
    return problem("notABoolean", { option: field.label, value });
  }
  if (value === null) return problem("flagNeedsValue", { flag: field.name });
  if (field.type === "number") {
    const normalized = /^[+-]?\d+,\d+$/.test(value) ? value.replace(",", ".") : value;
    const number = normalized.trim() === "" ? Number.NaN : Number(normalized);
    return Number.isFinite(number)
      ? { ok: true, value: number }
      : problem("notANumber", { option: field.label, value });
  }
  if (field.type === "enum") {
    const choice = field.choices.find((c) => c.toLowerCase() === value.toLowerCase());
    if (choice !== undefined) return { ok: true, value: choice };
    return problem("notAChoice", { option: field.label, value, choices: field.choices.join(", ") });
  }
  return { ok: true, value };
}

/** The schema the text is read as, with optional/default/nullable wrappers and pipes peeled off. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    const next = def.type === "pipe" ? def.in : def.innerType;
    if (!next) return current;
    current = next;
  }
}

/** `closes-in`, `closes_in` and `closesIn` name the same option. */
function normalize(name: string): string {
  return name.replace(/[-_]/g, "").toLowerCase();
}

/** What a problem quotes of the member's text at most: enough to recognise it, never enough to overflow a reply. */
const quoteLimit = 100;

function problem(
  key: ArgumentProblem["key"],
  params: Record<string, string | number>,
): { ok: false; problem: ArgumentProblem } {
  const quoted = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, shorten(value)]));
  return { ok: false, problem: { key, params: quoted } };
}

/** Cuts a quoted value at a whole character (never inside a surrogate pair) and marks the cut with "…". */
function shorten(value: string | number): string | number {
  if (typeof value !== "string") return value;
  const characters = Array.from(value);
  return characters.length > quoteLimit ? `${characters.slice(0, quoteLimit).join("")}…` : value;
}
