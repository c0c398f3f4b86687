import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { registry } from "../../../commands/index.ts";
import {
  DiscordEmulator,
  type EmulatedGuild,
  type EmulatedMember,
} from "../../../emulators/discord/discord-emulator.ts";
import type { EmulatedMessage } from "../../../emulators/telegram/emulator-state.ts";
import type { EmulatedGroup, EmulatedPerson } from "../../../emulators/telegram/emulator-user.ts";
import { databaseUrl } from "../../../src/app/config.ts";
import type { CommandDefinition } from "../../../src/core/commands/command.ts";
import { Translator } from "../../../src/core/i18n/translator.ts";
import { commandSchema } from "../../../src/core/pipeline/update-pipeline.ts";
import { type AppOnEmulator, eventually, startAppOnEmulator } from "../../e2e/discord/support/harness.ts";
import { answerOf } from "../../e2e/discord/support/seen.ts";
import { startTelegramApp, type TelegramTestApp } from "../../e2e/telegram/telegram-harness.ts";
import { showsRawError } from "./support/catalogue.ts";
import { type Change, ChangeLog } from "./support/change-log.ts";
import { hostileNumber, hostileString } from "./support/hostile.ts";
import { refusalCode } from "./support/refusal-prefixes.ts";

/**
 * A smaller share of the bad input, through the real clients: text typed in a Telegram group and read by the
 * grammY Bot and the adapter's argument parser, slash-command options and custom_ids delivered by the Discord
 * emulator to discord.js. Each answer must arrive, show no raw error, differ between English and Italian,
 * and a refusal must change no row of the database.
 */
const runs = { telegramText: 30, telegramButtons: 60, discord: 150 };
const translator = new Translator();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const tally = { telegram: 0, discord: 0, refusals: 0, changedOnRefusal: 0 };

beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  console.log(
    `bad input (real clients and emulators): ${tally.telegram + tally.discord} generated inputs ` +
      `(${tally.telegram} Telegram, ${tally.discord} Discord), each answered in en and it, ${tally.refusals} refusals, ` +
      `0 crashes, ${unhandled.length} unhandled rejections, ${tally.changedOnRefusal} database changes on refusal`,
  );
});

/** What a member saw in answer, and the rows the input changed. */
interface Answered {
  readonly text: string;
  readonly changes: readonly Change[];
}

/** Checks one pair of answers (English, Italian) against the rows the input changed. */
function judge(answers: readonly Answered[], typed: string): void {
  const [en, italian] = answers as [Answered, Answered];
  for (const [answer, locale] of [
    [en, "en"],
    [italian, "it"],
  ] as const) {
    expect(answer.text.trim()).not.toBe("");
    expect(showsRawError(answer.text, typed)).toBe(false);
    expect(answer.text, `a handler failed on ${typed.slice(0, 200)}`).not.toBe(
      translator.for(locale)("generic.failure"),
    );
    if (refusalCode(answer.text, locale)) {
      tally.refusals += 1;
      if (answer.changes.length > 0) tally.changedOnRefusal += 1;
      expect(answer.changes, `a refusal changed the database: ${answer.text.slice(0, 200)}`).toEqual([]);
    }
  }
  if (refusalCode(en.text, "en")) expect(italian.text).not.toBe(en.text);
}

describe("bad input typed in a Telegram group", () => {
  let running: TelegramTestApp;
  let changes: ChangeLog;
  /** Several groups and people: Telegram (and the bot's throttler) allow 20 messages a minute per group. */
  let places: { group: EmulatedGroup; en: EmulatedPerson; it: EmulatedPerson }[] = [];
  let foreignButtons: string[] = [];

  beforeAll(async () => {
    running = await startTelegramApp("polling");
    const { emulator, app } = running;
    const owner = emulator.person({ firstName: "Owner" });
    const other = emulator.group("Elsewhere", owner);
    other.addBot(owner);
    const groups = Array.from({ length: 6 }, (_, n) => emulator.group(`Gelateria ${n}`, owner));
    for (const group of groups) group.addBot(owner);
    await eventually(async () => (await app.database.prisma.community.count()) === 7);
    // A poll in the other group: its real buttons are what a member replays here.
    owner.say("/poll Gelato or sorbet? | Gelato | Sorbet", other);
    const post = await emulator.waitFor(
      () => emulator.botMessages(other.id).find((m) => (m.replyMarkup?.inline_keyboard.length ?? 0) > 0),
      "the other group's poll",
    );
    foreignButtons = post
      .replyMarkup!.inline_keyboard.flat()
      .flatMap((b) => ("callback_data" in b ? [b.callback_data] : []));
    places = groups.map((group) => ({
      group,
      en: emulator.person({ languageCode: "en" }),
      it: emulator.person({ languageCode: "it" }),
    }));
    for (const place of places) {
      for (const person of [place.en, place.it]) {
        place.group.join(person, "member");
        person.hasStartedBot();
        // Seen once before the faults start, so that their first sight is not counted as a change.
        await say(place.group, person, "/help");
      }
    }
    changes = ChangeLog.install(databaseUrl(app.config));
  }, 90_000);

  afterAll(async () => {
    changes?.close();
    await running?.stop();
  });

  async function say(group: EmulatedGroup, person: EmulatedPerson, text: string): Promise<string> {
    const { emulator } = running;
    const before = emulator.botMessages(person.id).length;
    const typed = person.say(text, group);
    const answer = await emulator.waitFor(
      () =>
        emulator.botMessages(person.id)[before] ??
        emulator.botMessages(group.id).find((m) => m.replyTo === typed.messageId),
      `the answer to ${text.slice(0, 40)}`,
      60_000,
    );
    return emulator.seen(answer).text;
  }

  async function press(person: EmulatedPerson, message: EmulatedMessage, data: string): Promise<string> {
    const { emulator } = running;
    const id = person.pressData(message, data);
    const answer = await emulator.waitFor(() => emulator.callbackAnswer(id), "the answer to a button press", 60_000);
    return answer.text ?? "";
  }

  it("answers generated command text clearly in both languages and changes nothing when refusing", async () => {
    const text = fc.tuple(
      fc.constantFrom(...registry.commands.map((c) => c.name)),
      fc.array(fc.oneof(hostileString(), fc.constantFrom("|", "--multi", "--closes", "create", "open", "export")), {
        minLength: 1,
        maxLength: 5,
      }),
    );
    await fc.assert(
      fc.asyncProperty(text, async ([name, words]) => {
        tally.telegram += 1;
        // Telegram's own limit: 4,096 characters a message.
        const line = `/${name} ${words.join(" ")}`.slice(0, 4096);
        const answers = [];
        const place = places[tally.telegram % places.length]!;
        for (const person of [place.en, place.it]) {
          await running.app.services.engagement.flush();
          const mark = changes.mark();
          const seen = await say(place.group, person, line);
          answers.push({ text: seen, changes: changes.since(mark) });
        }
        judge(answers, line);
      }),
      { numRuns: runs.telegramText, endOnFailure: true },
    );
  }, 300_000);

  it("refuses forged, altered and other groups' callback data", async () => {
    const { emulator } = running;
    const target = emulator.botMessages(places[0]!.en.id).at(-1)!;
    const data = fc.oneof(
      fc.constantFrom(...foreignButtons),
      hostileString().map((s) => s.slice(0, 64)),
      fc
        .constantFrom(...foreignButtons)
        .chain((b) => fc.nat(b.length).map((i) => b.slice(0, i) + (b[i] === "A" ? "B" : "A") + b.slice(i + 1))),
    );
    await fc.assert(
      fc.asyncProperty(data, async (payload) => {
        tally.telegram += 1;
        const answers = [];
        for (const [person, locale] of [
          [places[0]!.en, "en"],
          [places[0]!.it, "it"],
        ] as const) {
          await running.app.services.engagement.flush();
          const mark = changes.mark();
          const seen = await press(person, target, payload);
          answers.push({ text: seen, changes: changes.since(mark) });
          expect(refusalCode(seen, locale)).toBe("STALE_OR_FORGED_ACTION");
        }
        judge(answers, payload);
      }),
      { numRuns: runs.telegramButtons, endOnFailure: true },
    );
  }, 300_000);
});

describe("bad input in Discord interactions", () => {
  let running: AppOnEmulator;
  let changes: ChangeLog;
  let guild: EmulatedGuild;
  let foreignIds: string[] = [];
  const members = new Map<string, EmulatedMember>();
  /** One member per role and language, reused: a new person's first interaction adds their Member row. */
  const memberFor = (moderator: boolean, locale: string) => {
    const key = `${moderator}:${locale}`;
    if (!members.has(key)) members.set(key, guild.member({ moderator, locale }));
    return members.get(key)!;
  };

  beforeAll(async () => {
    const emulator = await DiscordEmulator.start({ responseDeadlineMs: 10_000 });
    running = await startAppOnEmulator(emulator);
    const other = emulator.addGuild("Elsewhere");
    guild = emulator.addGuild("Gelateria");
    const communities = running.app.services.repositories.communities;
    await eventually(async () => (await communities.findByPlatformId("discord", guild.id))?.active === true);
    await eventually(async () => (await communities.findByPlatformId("discord", other.id))?.active === true);
    await answerOf(
      other
        .member({ moderator: true })
        .command("poll", { question: "Gelato or sorbet?", option1: "Gelato", option2: "Sorbet" }),
    );
    const post = other.messages().at(-1)!;
    foreignIds = (post.components as { components: { custom_id?: string }[] }[])
      .flatMap((row) => row.components)
      .flatMap((c) => (c.custom_id ? [c.custom_id] : []));
    for (const moderator of [false, true])
      for (const locale of ["en-US", "it"]) await answerOf(memberFor(moderator, locale).command("help"));
    changes = ChangeLog.install(databaseUrl(running.app.config));
  }, 90_000);

  afterAll(async () => {
    changes?.close();
    await running?.stop();
    await running?.emulator.close();
  });

  /** A value of the option's declared type: Discord checks types, so the hostility is in the content. */
  function valueFor(schema: z.ZodType): fc.Arbitrary<string | number | boolean> {
    let inner = schema;
    for (;;) {
      const def = inner._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
      const next = def.type === "pipe" ? def.in : def.innerType;
      if (!next) break;
      inner = next;
    }
    const type = inner._zod.def.type;
    if (type === "number") return hostileNumber.filter(Number.isFinite);
    if (type === "boolean") return fc.boolean();
    if (type === "enum") return fc.oneof(fc.constantFrom(...(inner as z.ZodEnum).options.map(String)), hostileString());
    return hostileString().map((s) => s.slice(0, 6000));
  }

  function interaction(): fc.Arbitrary<{
    name: string;
    sub?: string;
    options: Record<string, string | number | boolean>;
  }> {
    return fc.constantFrom(...registry.commands).chain((command: CommandDefinition) => {
      const subs = Object.keys(command.subcommands ?? {});
      return (subs.length > 0 ? fc.constantFrom(...subs) : fc.constant(undefined)).chain((sub) => {
        const schema = commandSchema(command, sub ?? null) ?? z.object({});
        const fields = Object.entries(schema.shape as Record<string, z.ZodType>);
        return fc
          .record(Object.fromEntries(fields.map(([name, field]) => [name, valueFor(field)])), { requiredKeys: [] })
          .map((options) => ({
            name: command.name,
            ...(sub ? { sub } : {}),
            options: options as Record<string, string | number | boolean>,
          }));
      });
    });
  }

  it("answers generated slash-command options clearly in both languages and changes nothing when refusing", async () => {
    await fc.assert(
      fc.asyncProperty(interaction(), async ({ name, sub, options }) => {
        tally.discord += 1;
        const command = registry.commands.find((c) => c.name === name)!;
        const moderator = command.audience === "moderator";
        const answers = [];
        for (const locale of ["en-US", "it"]) {
          const member = memberFor(moderator, locale);
          await running.app.services.engagement.flush();
          const mark = changes.mark();
          const seen = await answerOf(member.command(command.name, options, sub ? { subcommand: sub } : {}));
          answers.push({ text: seen.text || seen.modalTitle || "", changes: changes.since(mark) });
        }
        judge(answers, JSON.stringify(options));
      }),
      { numRuns: runs.discord, endOnFailure: true },
    );
  }, 300_000);

  it("refuses forged, altered and other guilds' custom_ids", async () => {
    const id = fc.oneof(
      fc.constantFrom(...foreignIds),
      hostileString().map((s) => s.slice(0, 100)),
      fc
        .constantFrom(...foreignIds)
        .chain((b) => fc.nat(b.length).map((i) => b.slice(0, i) + (b[i] === "A" ? "B" : "A") + b.slice(i + 1))),
    );
    await fc.assert(
      fc.asyncProperty(id, async (customId) => {
        tally.discord += 1;
        const answers = [];
        for (const locale of ["en-US", "it"] as const) {
          await running.app.services.engagement.flush();
          const mark = changes.mark();
          const seen = await answerOf(memberFor(false, locale).pressCustomId(customId));
          answers.push({ text: seen.text, changes: changes.since(mark) });
          expect(refusalCode(seen.text, locale === "it" ? "it" : "en")).toBe("STALE_OR_FORGED_ACTION");
        }
        judge(answers, customId);
      }),
      { numRuns: runs.discord, endOnFailure: true },
    );
  }, 300_000);

  it("saw no unhandled rejection", () => {
    expect(unhandled.map(String)).toEqual([]);
    expect(tally.changedOnRefusal).toBe(0);
  });
});
