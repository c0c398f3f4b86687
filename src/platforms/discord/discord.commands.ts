import { createHash } from "node:crypto";
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  Locale as DiscordLocale,
  InteractionContextType,
  type LocalizationMap,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { z } from "zod";
import type { CommandDefinition, LocalizedText } from "../../core/commands/command.ts";
import { readOptionMeta } from "../../core/commands/option-meta.ts";
import type { Locale } from "../../core/domain/platform.ts";
import { canonicalJson } from "../shared/canonical-json.ts";

/** One slash command as Discord's bulk-overwrite endpoint takes it. */
export type DiscordCommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Discord's limits for application commands (developer docs, "Application Commands"). */
const limits = { name: 32, description: 100, options: 25, choices: 25, choiceValue: 100, stringLength: 6000 };
const namePattern = /^[-_\p{L}\p{N}]{1,32}$/u;

/**
 * English is the base description; every other supported locale becomes a localization. Typed as a
 * record so that adding a locale to the core fails to compile until its Discord locale is named here.
 */
const discordLocales: Readonly<Record<Exclude<Locale, "en">, DiscordLocale>> = { it: DiscordLocale.Italian };

/**
 * Derives Discord's application-command JSON from the command registry.
 *
 * Throws when a declaration cannot be registered (bad name, description too long, option without
 * descriptions or of a type Discord has no option for): that is a bug in commands/, and failing at
 * start beats a 400 from Discord's bulk overwrite that rejects the whole set.
 */
export function toDiscordCommands(commands: readonly CommandDefinition[]): DiscordCommandJson[] {
  return commands.map((command) => {
    const where = `/${command.name}`;
    const subcommands = Object.entries(command.subcommands ?? {});
    // With subcommands the top-level options are ignored (see CommandDefinition), as Discord itself
    // does not allow mixing subcommands with plain options.
    const options =
      subcommands.length > 0
        ? subcommands.map(([name, sub]) => toSubcommand(`${where} ${name}`, name, sub.description, sub.options))
        : toOptions(where, command.options);
    checkCount(where, "options", options.length);
    return {
      type: ApplicationCommandType.ChatInput,
      name: checkName(where, command.name),
      ...describe(where, command.description),
      ...(options.length > 0 ? { options } : {}),
      default_member_permissions: command.audience === "moderator" ? String(PermissionFlagsBits.ManageGuild) : null,
      contexts:
        command.scope === "community"
          ? [InteractionContextType.Guild]
          : [InteractionContextType.Guild, InteractionContextType.BotDM],
    };
  });
}

/**
 * A stable fingerprint of a derived command set, so the adapter re-registers only when it changed.
 * Object key order and the order of commands do not matter (Discord treats the set as unordered);
 * option order does (Discord shows options in the order given).
 */
export function discordCommandsHash(json: readonly DiscordCommandJson[]): string {
  const byName = [...json].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return createHash("sha256").update(canonicalJson(byName)).digest("hex");
}

function toSubcommand(
  where: string,
  name: string,
  description: LocalizedText,
  shape: z.ZodObject,
): APIApplicationCommandSubcommandOption {
  const options = toOptions(where, shape);
  checkCount(where, "options", options.length);
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: checkName(where, name),
    ...describe(where, description),
    ...(options.length > 0 ? { options } : {}),
  };
}

function toOptions(where: string, object: z.ZodObject): APIApplicationCommandBasicOption[] {
  const options = Object.entries(object.shape).map(([name, schema]) =>
    toOption(`${where} ${name}`, name, schema as z.ZodType),
  );
  // Discord rejects a required option after an optional one; a stable sort keeps declaration order
  // within each group.
  return options.sort((a, b) => Number(b.required) - Number(a.required));
}

function toOption(where: string, name: string, schema: z.ZodType): APIApplicationCommandBasicOption {
  const meta = readOptionMeta(schema);
  if (!meta) throw invalid(where, "has no descriptions: declare it with option(schema, { en, it })");
  const common = {
    name: checkName(where, name),
    ...describe(where, meta.descriptions),
    // zod marks .optional() as "optional" and .default()/.prefault() as "defaulted": either way
    // Discord may leave it out, and zod fills in the default when it parses the input.
    required: schema._zod.optin === undefined,
  };
  const base = unwrap(schema);
  switch (base._zod.def.type) {
    case "string": {
      const { minLength, maxLength } = base as z.ZodString;
      return {
        ...common,
        type: ApplicationCommandOptionType.String,
        // Discord never sends more than 6,000 characters, so a looser zod limit cannot be passed on.
        ...(minLength !== null ? { min_length: Math.min(minLength, limits.stringLength) } : {}),
        ...(maxLength !== null ? { max_length: Math.min(maxLength, limits.stringLength) } : {}),
      };
    }
    case "number":
      return (base as z.ZodNumber).isInt
        ? { ...common, type: ApplicationCommandOptionType.Integer, ...numberBounds(base, true) }
        : { ...common, type: ApplicationCommandOptionType.Number, ...numberBounds(base, false) };
    case "boolean":
      return { ...common, type: ApplicationCommandOptionType.Boolean };
    case "enum": {
      const values = (base as z.ZodEnum).options;
      if (!values.every((v): v is string => typeof v === "string")) throw invalid(where, "needs string enum values");
      checkCount(where, "choices", values.length);
      for (const value of values) {
        if (value.length < 1 || value.length > limits.choiceValue) throw invalid(where, `has a bad choice "${value}"`);
      }
      return {
        ...common,
        type: ApplicationCommandOptionType.String,
        choices: values.map((value) => ({ name: value, value })),
      };
    }
    default:
      throw invalid(where, `has type "${base._zod.def.type}", which has no Discord option type`);
  }
}

/**
 * The schema the platform's raw value is checked against: optional/default/nullable and similar
 * wrappers peeled off, and the input side of a pipe (a transform runs after Discord's own checks).
 */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    const next = def.type === "pipe" ? def.in : def.innerType;
    if (!next) return current;
    current = next;
  }
}

/**
 * min_value/max_value from zod's greater_than/less_than checks. Read from the checks rather than
 * ZodNumber.minValue because the getter hides whether a bound is exclusive: `.int().positive()`
 * must become min_value 1, not 0. Discord has no exclusive bound for decimals; zod still rejects the
 * bound itself when the input is parsed. Format ranges (safe integer, int32) are left out: Discord's
 * own range already covers the safe integers.
 */
function numberBounds(schema: z.ZodType, integer: boolean): { min_value?: number; max_value?: number } {
  const bounds: { min_value?: number; max_value?: number } = {};
  for (const check of schema._zod.def.checks ?? []) {
    const def = check._zod.def as z.core.$ZodCheckGreaterThanDef | z.core.$ZodCheckLessThanDef;
    const value = Number(def.value);
    if (def.check === "greater_than") {
      const min = integer ? (def.inclusive ? Math.ceil(value) : Math.floor(value) + 1) : value;
      bounds.min_value = Math.max(bounds.min_value ?? min, min);
    } else if (def.check === "less_than") {
      const max = integer ? (def.inclusive ? Math.floor(value) : Math.ceil(value) - 1) : value;
      bounds.max_value = Math.min(bounds.max_value ?? max, max);
    }
  }
  return bounds;
}

function describe(
  where: string,
  text: LocalizedText,
): { description: string; description_localizations: LocalizationMap } {
  const description_localizations: LocalizationMap = {};
  for (const [locale, discordLocale] of Object.entries(discordLocales) as [Exclude<Locale, "en">, DiscordLocale][]) {
    description_localizations[discordLocale] = checkDescription(where, text[locale]);
  }
  return { description: checkDescription(where, text.en), description_localizations };
}

function checkName(where: string, name: string): string {
  if (!namePattern.test(name) || name !== name.toLowerCase()) throw invalid(where, `has an invalid name "${name}"`);
  return name;
}

function checkDescription(where: string, text: string): string {
  if (text.length < 1 || text.length > limits.description) {
    throw invalid(where, `needs a description of 1-${limits.description} characters, got ${text.length}`);
  }
  return text;
}

function checkCount(where: string, what: "options" | "choices", count: number): void {
  if (count > limits[what]) throw invalid(where, `has ${count} ${what}; Discord allows ${limits[what]}`);
}

function invalid(where: string, problem: string): Error {
  return new Error(`Discord command ${where} ${problem}`);
}
