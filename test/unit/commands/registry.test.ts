import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { registry } from "../../../commands/index.ts";
import type { CommandDefinition, LocalizedText } from "../../../src/core/commands/command.ts";
import { readOptionMeta } from "../../../src/core/commands/option-meta.ts";
import { supportedLocales } from "../../../src/core/domain/platform.ts";

/** Lowercase letters, digits and underscores: the names both Discord and Telegram accept. */
const sharedName = /^[a-z0-9_]{1,32}$/;

/** Whether a text in some locale is missing or outside Discord's 1-100 characters (the stricter platform). */
const badDescription = (text: string | undefined) => text === undefined || text.length < 1 || text.length > 100;

/** Every option group of a command: its own options, or each subcommand's. */
function optionGroups(command: CommandDefinition): { where: string; object: z.ZodObject }[] {
  const subcommands = Object.entries(command.subcommands ?? {});
  if (subcommands.length === 0) return [{ where: `/${command.name}`, object: command.options }];
  return subcommands.map(([name, sub]) => ({ where: `/${command.name} ${name}`, object: sub.options }));
}

/** Every localized description a command carries, with where it comes from. */
function descriptions(command: CommandDefinition): { where: string; text: LocalizedText }[] {
  return [
    { where: `/${command.name}`, text: command.description },
    ...Object.entries(command.subcommands ?? {}).map(([name, sub]) => ({
      where: `/${command.name} ${name}`,
      text: sub.description,
    })),
  ];
}

describe("the command registry", () => {
  const { commands, actions } = registry;

  it("declares each command name once", () => {
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("uses command, subcommand and option names that both platforms accept", () => {
    const names = commands.flatMap((c) => [
      c.name,
      ...Object.keys(c.subcommands ?? {}),
      ...optionGroups(c).flatMap((g) => Object.keys(g.object.shape)),
    ]);
    expect(names.filter((name) => !sharedName.test(name))).toEqual([]);
  });

  it("describes every command and subcommand in 1-100 characters in every locale", () => {
    const bad = commands
      .flatMap(descriptions)
      .flatMap(({ where, text }) =>
        supportedLocales.filter((l) => badDescription(text[l])).map((l) => `${where} (${l})`),
      );
    expect(bad).toEqual([]);
  });

  it("describes every option in 1-100 characters in every locale", () => {
    const bad = commands.flatMap(optionGroups).flatMap(({ where, object }) =>
      Object.entries(object.shape).flatMap(([name, schema]) => {
        const meta = readOptionMeta(schema as z.ZodType);
        if (!meta) return [`${where} ${name} has no descriptions`];
        return supportedLocales
          .filter((l) => badDescription(meta.descriptions[l]))
          .map((l) => `${where} ${name} (${l})`);
      }),
    );
    expect(bad).toEqual([]);
  });

  it("declares no top-level options on commands that have subcommands, where they would be ignored", () => {
    const mixed = commands.filter(
      (c) => Object.keys(c.subcommands ?? {}).length > 0 && Object.keys(c.options.shape).length > 0,
    );
    expect(mixed.map((c) => c.name)).toEqual([]);
  });

  it("names each action once, in at most 8 characters so it fits in button data", () => {
    const names = actions.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => name.length < 1 || name.length > 8)).toEqual([]);
  });
});
