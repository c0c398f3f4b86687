import { ApplicationCommandOptionType, type CommandInteractionOption } from "discord.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { registry } from "../../../commands/index.ts";
import { ActionCodec } from "../../../src/core/actions/action-codec.ts";
import type { CommandDefinition } from "../../../src/core/commands/command.ts";
import type { Locale } from "../../../src/core/domain/platform.ts";
import { Translator } from "../../../src/core/i18n/translator.ts";
import { commandSchema } from "../../../src/core/pipeline/update-pipeline.ts";
import { describeIssues } from "../../../src/core/pipeline/validation-message.ts";
import type { ActionRef } from "../../../src/core/ports/view.ts";
import { customIdMaxLength, decodeCustomId } from "../../../src/platforms/discord/discord.ids.ts";
import { commandOptions } from "../../../src/platforms/discord/discord.inbound.ts";
import { parseArguments } from "../../../src/platforms/telegram/telegram.arguments.ts";
import { telegramUsage } from "../../../src/platforms/telegram/telegram.commands.ts";
import {
  callbackDataMaxBytes,
  callbackEncoder,
  decodeCallback,
  decodeStartPayload,
  encodeStartPayload,
} from "../../../src/platforms/telegram/telegram.ids.ts";
import { readCommand } from "../../../src/platforms/telegram/telegram.inbound.ts";
import { testSecret } from "../../support/test-app.ts";
import { refusalProblem, showsRawError } from "./support/catalogue.ts";
import { hostileNumber, hostileString, hostileValue } from "./support/hostile.ts";

/**
 * The adapters' own parsers, fed generated input at full speed (they are pure): Telegram's command line and
 * argument syntax for every command, Discord's option lists, and the signed custom_id / callback_data / deep-link
 * payloads of every action. Nothing may throw; every parsing problem must read as a catalogue message that
 * differs between English and Italian; no altered, forged or foreign payload may verify.
 */
const translator = new Translator();
const locales: readonly Locale[] = ["en", "it"];
const tally = { telegramText: 0, telegramRefusals: 0, discordOptions: 0, payloads: 0 };

/** Runs the options through the command's zod schema in both locales, as the pipeline does; never throws. */
function validateBothLocales(command: CommandDefinition, subcommand: string | null, options: Record<string, unknown>) {
  const schema = commandSchema(command, subcommand);
  if (!schema) return;
  for (const locale of locales) {
    const localeError = (locale === "it" ? z.locales.it() : z.locales.en()).localeError;
    const parsed = schema.safeParse(options, { error: localeError });
    if (!parsed.success) expect(describeIssues(parsed.error.issues).trim()).not.toBe("");
  }
}

describe("bad input in the Telegram command syntax", () => {
  const perCommand = Math.ceil(48_000 / registry.commands.length);

  for (const command of registry.commands) {
    it(`reads or clearly refuses any text after /${command.name}`, () => {
      const subcommands = Object.keys(command.subcommands ?? {});
      const flags = [command.options, ...Object.values(command.subcommands ?? {}).map((s) => s.options)].flatMap(
        (schema) => Object.keys(schema.shape).map((f) => `--${f}`),
      );
      const word = fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...subcommands, ...flags, "|", "--", "—", '"', "\\", "=") },
        { weight: 3, arbitrary: hostileString() },
        { weight: 1, arbitrary: hostileNumber.map(String) },
      );
      const text = fc
        .tuple(fc.array(word, { maxLength: 10 }), fc.constantFrom(" ", "", "\n", "\u00a0"))
        .map(([words, separator]) => words.join(separator));
      fc.assert(
        fc.property(text, fc.constantFrom("", "@circolo_bot", "@Circolo_Bot", "@other_bot"), (args, mention) => {
          tally.telegramText += 1;
          const typed = readCommand(`/${command.name}${mention} ${args}`, "circolo_bot");
          if (mention === "@other_bot") {
            expect(typed).toBeNull();
            return;
          }
          expect(typed?.name).toBe(command.name);
          const parsed = parseArguments(command, typed!.args);
          if (parsed.ok) {
            validateBothLocales(command, parsed.subcommand, parsed.options);
            return;
          }
          tally.telegramRefusals += 1;
          const texts = locales.map((locale) => {
            const t = translator.for(locale);
            const problem = t(`telegram.arguments.${parsed.problem.key}`, parsed.problem.params);
            expect(problem).not.toBe(`telegram.arguments.${parsed.problem.key}`);
            // What the router answers: the refusal, then the command's usage line.
            const shown = `${t("errors.INVALID_INPUT", { problem })}\n${t("usage.label", { usage: telegramUsage(command, locale) })}`;
            const wrong = refusalProblem(shown, "INVALID_INPUT", locale, args);
            if (wrong) expect.fail(`${wrong} (after /${command.name} ${args.slice(0, 200)})`);
            return shown;
          });
          expect(texts[0]).not.toBe(texts[1]);
        }),
        { numRuns: perCommand },
      );
    });
  }
});

describe("what a refusal quotes of the member's text", () => {
  it("quotes at most a hundred characters, so the refusal always fits in one Telegram message", () => {
    const privacy = registry.commands.find((c) => c.name === "privacy")!;
    const parsed = parseArguments(privacy, "𝔞".repeat(4000));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const quoted = String(parsed.problem.params.value);
    expect(Array.from(quoted)).toHaveLength(101);
    expect(quoted.endsWith("…")).toBe(true);
  });
});

describe("bad input in Discord's option lists", () => {
  it("reads any option list a forged interaction could carry without throwing, and validates it per locale", () => {
    const leaf: fc.Arbitrary<CommandInteractionOption> = fc.record({
      name: fc.oneof(fc.constantFrom("question", "option1", "title", "quantity", "code", "__proto__"), hostileString()),
      type: fc.constantFrom(
        ApplicationCommandOptionType.String,
        ApplicationCommandOptionType.Integer,
        ApplicationCommandOptionType.Number,
        ApplicationCommandOptionType.Boolean,
        ApplicationCommandOptionType.User,
      ),
      value: hostileValue() as fc.Arbitrary<string | number | boolean | undefined>,
    });
    const sub = (type: ApplicationCommandOptionType) =>
      fc.record({
        name: fc.oneof(fc.constantFrom("create", "open", "export", "list", "pause"), hostileString()),
        type: fc.constant(type),
        options: fc.array(leaf, { maxLength: 4 }),
      }) as fc.Arbitrary<CommandInteractionOption>;
    const group = fc.record({
      name: hostileString(),
      type: fc.constant(ApplicationCommandOptionType.SubcommandGroup),
      options: fc.array(sub(ApplicationCommandOptionType.Subcommand), { maxLength: 2 }),
    }) as fc.Arbitrary<CommandInteractionOption>;
    const data = fc.array(fc.oneof(leaf, sub(ApplicationCommandOptionType.Subcommand), group), { maxLength: 5 });
    fc.assert(
      fc.property(fc.constantFrom(...registry.commands), data, (command, options) => {
        tally.discordOptions += 1;
        const read = commandOptions(options);
        validateBothLocales(command, read.subcommand, read.options);
      }),
      { numRuns: 12_000 },
    );
  });
});

describe("forged, altered and foreign action payloads", () => {
  const codec = new ActionCodec(testSecret);
  const guildA = "111111111111111111";
  const guildB = "222222222222222222";
  const groupA = "-1001000000001";
  const groupB = "-1001000000002";
  const sampleArgs = ["1", "2", "analytics", "1", "abc123def4", "c"];
  const refs: ActionRef[] = registry.actions.flatMap((a) =>
    [0, 1, 2, 3].map((n) => ({ name: a.name, args: sampleArgs.slice(0, n) })),
  );
  const discordA = refs.map((r) => codec.encode(r, guildA, customIdMaxLength));
  const discordB = refs.map((r) => codec.encode(r, guildB, customIdMaxLength));
  const groupEncoderA = callbackEncoder(codec, { kind: "group", chatId: groupA });
  const groupEncoderB = callbackEncoder(codec, { kind: "group", chatId: groupB });
  const privateEncoderB = callbackEncoder(codec, { kind: "private", communityChatId: groupB });
  const fits = (encode: (r: ActionRef) => string) =>
    refs.flatMap((r) => {
      try {
        return [encode(r)];
      } catch {
        return [];
      }
    });
  const telegramA = fits(groupEncoderA);
  const telegramB = [...fits(groupEncoderB), ...fits(privateEncoderB)];
  const startA = encodeStartPayload(codec, { command: "mydata", communityChatId: groupA });
  const startB = encodeStartPayload(codec, { command: "mydata", communityChatId: groupB });
  const legitimateA = new Set([...discordA, ...telegramA]);

  /** Alters one payload: a character changed, added or removed, a cut, a signature or scope swapped. */
  const altered = (from: readonly string[], foreign: readonly string[]) =>
    fc
      .tuple(
        fc.constantFrom(...from),
        fc.nat(),
        fc.string({ unit: "binary", maxLength: 3 }),
        fc.nat(4),
        fc.constantFrom(...foreign),
      )
      .map(([payload, at, text, how, other]) => {
        const i = at % (payload.length + 1);
        switch (how) {
          case 0:
            return payload.slice(0, i) + text + payload.slice(i + 1);
          case 1:
            return payload.slice(0, i) + text + payload.slice(i);
          case 2:
            return payload.slice(0, i);
          case 3:
            return payload.slice(0, payload.lastIndexOf("~") + 1) + other.slice(other.lastIndexOf("~") + 1);
          default:
            return `${groupA}@${payload}`;
        }
      });

  const payload = fc.oneof(
    hostileString(),
    fc.constantFrom(...discordB, ...telegramB, startB),
    altered(discordA, discordB),
    altered(telegramA, telegramB),
    altered([startA], [startB]),
  );

  it("verifies only what Circolo signed for the community it came back from", () => {
    fc.assert(
      fc.property(payload, (data) => {
        tally.payloads += 1;
        const custom = decodeCustomId(codec, data, guildA);
        if (custom) expect(legitimateA.has(data)).toBe(true);
        const group = decodeCallback(codec, data, { id: Number(groupA), type: "supergroup" });
        if (group) expect(legitimateA.has(data)).toBe(true);
        // In a private chat a payload names its group and must be signed for that very group.
        const inPrivate = decodeCallback(codec, data, { id: 5, type: "private" });
        if (inPrivate?.communityChatId === groupB) expect(telegramB).toContain(data);
        if (inPrivate?.communityChatId === groupA) expect(legitimateA.has(data.slice(groupA.length + 1))).toBe(true);
        if (inPrivate) expect([groupA, groupB]).toContain(inPrivate.communityChatId);
        const start = decodeStartPayload(codec, data);
        if (start) expect([startA, startB]).toContain(data);
        expect(decodeCallback(codec, data, { id: Number(groupA), type: "channel" })).toBeNull();
      }),
      { numRuns: 32_000 },
    );
    for (const data of [...discordA, ...telegramA])
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(customIdMaxLength);
    for (const data of telegramA) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(callbackDataMaxBytes);
  });

  it("reports its figures", () => {
    const total = tally.telegramText + tally.discordOptions + tally.payloads;
    expect(total).toBeGreaterThanOrEqual(90_000);
    expect(showsRawError("", "")).toBe(false);
    console.log(
      `bad input (adapter parsers): ${total} generated inputs (${tally.telegramText} Telegram command lines, ` +
        `${tally.telegramRefusals} refused with a localized message; ${tally.discordOptions} Discord option lists; ` +
        `${tally.payloads} forged or foreign payloads, 0 verified), 0 crashes`,
    );
  });
});
