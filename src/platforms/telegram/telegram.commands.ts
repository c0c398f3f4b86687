import { createHash } from "node:crypto";
import type { BotCommand, BotCommandScope, LanguageCode } from "grammy/types";
import type { z } from "zod";
import type { CommandDefinition } from "../../core/commands/command.ts";
import { readOptionMeta } from "../../core/commands/option-meta.ts";
import { type Locale, supportedLocales } from "../../core/domain/platform.ts";
import { canonicalJson } from "../shared/canonical-json.ts";

/** One setMyCommands call: the menu shown in a scope to users of a language (or to everyone else). */
export interface TelegramCommandList {
  readonly scope: BotCommandScope;
  /** Absent for the fallback list shown to users whose language has no list of its own. */
  readonly language_code?: LanguageCode;
  readonly commands: BotCommand[];
}

/** Telegram's limits for bot commands (Bot API, BotCommand). */
const commandPattern = /^[a-z0-9_]{1,32}$/;
const maxDescription = 256;
const maxCommands = 100;

/** The locale whose list doubles as the fallback for languages Circolo has no catalogue for. */
const fallbackLocale: Locale = "en";

/**
 * The menus per scope. Telegram shows an administrator the all_chat_administrators list instead of
 * the group one, so moderator commands go only there; private chats have no community, so only
 * "anywhere" commands make sense in them.
 */
const scopes: readonly { scope: BotCommandScope; includes: (command: CommandDefinition) => boolean }[] = [
  { scope: { type: "all_group_chats" }, includes: (c) => c.audience === "member" },
  { scope: { type: "all_private_chats" }, includes: (c) => c.audience === "member" && c.scope === "anywhere" },
  { scope: { type: "all_chat_administrators" }, includes: () => true },
];

/**
 * Derives the setMyCommands calls for the registry: every scope once per supported language, plus
 * the English list again without a language code as the fallback. Lists that come out empty are
 * kept, so that setting them clears a menu whose last command was removed.
 *
 * Throws when a command cannot be registered on Telegram (bad name, description out of 1-256
 * characters): a bug in commands/ that should stop the start rather than fail the API call.
 */
export function toTelegramCommandLists(commands: readonly CommandDefinition[]): TelegramCommandList[] {
  const lists: TelegramCommandList[] = [];
  for (const { scope, includes } of scopes) {
    const visible = commands.filter(includes);
    if (visible.length > maxCommands) throw invalid(scope.type, `has ${visible.length} commands; the limit is 100`);
    const menu = (locale: Locale): BotCommand[] =>
      visible.map((c) => ({
        command: checkName(c.name),
        description: checkDescription(c.name, c.description[locale]),
      }));
    lists.push({ scope, commands: menu(fallbackLocale) });
    for (const locale of supportedLocales) lists.push({ scope, language_code: locale, commands: menu(locale) });
  }
  return lists;
}

/**
 * A stable fingerprint of the derived lists, so the adapter calls setMyCommands only when they
 * changed. Object key order and the order of the calls do not matter; the order of commands inside
 * a list does (it is the order of the menu).
 */
export function telegramCommandsHash(lists: readonly TelegramCommandList[]): string {
  const keyed = lists.map((list) => ({ key: canonicalJson([list.scope, list.language_code ?? ""]), list }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return createHash("sha256")
    .update(canonicalJson(keyed.map((k) => k.list)))
    .digest("hex");
}

/** Words for a flag's value, by type; enum flags list their choices instead. */
const placeholders: Readonly<Record<Locale, Readonly<Record<"text" | "number", string>>>> = {
  en: { text: "text", number: "number" },
  it: { text: "testo", number: "numero" },
};

/**
 * The usage line(s) of a command in Telegram's text syntax, for help and validation replies:
 * positional options in order as `<name>` separated by ` | `, then the others as `--name <value>`
 * (booleans as a bare `--name`); optional parts in `[ ]`. A command with subcommands gets one line
 * per subcommand, for example `/mydata export`.
 */
export function telegramUsage(command: CommandDefinition, locale: Locale): string {
  const subcommands = Object.entries(command.subcommands ?? {});
  if (subcommands.length === 0) return usageLine(`/${command.name}`, command.options, locale);
  return subcommands.map(([name, sub]) => usageLine(`/${command.name} ${name}`, sub.options, locale)).join("\n");
}

function usageLine(prefix: string, object: z.ZodObject, locale: Locale): string {
  const positional: string[] = [];
  const flags: string[] = [];
  for (const [name, field] of Object.entries(object.shape)) {
    const schema = field as z.ZodType;
    // Both "optional" and "defaulted" (.default()/.prefault()) may be left out of the text.
    const optional = schema._zod.optin !== undefined;
    const bracket = (text: string) => (optional ? `[${text}]` : text);
    if (readOptionMeta(schema)?.positional) {
      positional.push(bracket(`<${name}>`));
      continue;
    }
    const value = flagValue(unwrap(schema), locale);
    flags.push(bracket(value === null ? `--${name}` : `--${name} <${value}>`));
  }
  return [prefix, positional.join(" | "), ...flags].filter((part) => part.length > 0).join(" ");
}

/** What follows a flag: nothing for a boolean (its presence is the value), else a placeholder. */
function flagValue(schema: z.ZodType, locale: Locale): string | null {
  switch (schema._zod.def.type) {
    case "boolean":
      return null;
    case "enum":
      return (schema as z.ZodEnum).options.join("|");
    case "number":
      return placeholders[locale].number;
    default:
      return placeholders[locale].text;
  }
}

/** The schema the text is checked against, with optional/default/nullable wrappers and transforms peeled off. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    const next = def.type === "pipe" ? def.in : def.innerType;
    if (!next) return current;
    current = next;
  }
}

function checkName(name: string): string {
  if (!commandPattern.test(name)) throw invalid(`/${name}`, "needs a name of 1-32 characters a-z, 0-9 or _");
  return name;
}

function checkDescription(name: string, text: string): string {
  if (text.length < 1 || text.length > maxDescription) {
    throw invalid(`/${name}`, `needs a description of 1-${maxDescription} characters, got ${text.length}`);
  }
  return text;
}

function invalid(where: string, problem: string): Error {
  return new Error(`Telegram command list: ${where} ${problem}`);
}
