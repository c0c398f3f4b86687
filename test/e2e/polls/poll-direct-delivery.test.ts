// Private poll delivery end to end, on both platforms at once: one app connected to the Discord and Telegram
// emulators through the real discord.js Client and grammY Bot. A poll posted with "direct" also goes privately,
// but only to members who allowed direct messages in /privacy; withdrawing that consent stops it at once.
// discord.js must load before vega (the digest's chart renderer); see test/e2e/privacy/privacy.e2e.test.ts.
import "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordEmulator, type EmuMessage } from "../../../emulators/discord/discord-emulator.ts";
import type { EmulatedMessage } from "../../../emulators/telegram/emulator-state.ts";
import type { EmulatedPerson } from "../../../emulators/telegram/emulator-user.ts";
import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { Pseudonymizer } from "../../../src/core/identity/pseudonym.ts";
import { FakeClock } from "../../support/core-harness.ts";
import { startTestApp, type TestApp, testSecret } from "../../support/test-app.ts";
import { answerOf } from "../discord/support/seen.ts";

describe("a poll sent privately", () => {
  let discord: DiscordEmulator;
  let telegram: TelegramEmulator;
  let app: TestApp;
  // Midday in Rome on a weekday: outside the default quiet hours.
  const clock = new FakeClock(new Date("2026-12-02T12:00:00Z"));

  beforeAll(async () => {
    discord = await DiscordEmulator.start({ responseDeadlineMs: 10_000 });
    telegram = await TelegramEmulator.start();
    app = await startTestApp(
      {
        DISCORD_TOKEN: discord.token,
        DISCORD_API_ROOT: discord.apiRoot,
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
      },
      { clock },
    );
  }, 60_000);

  afterAll(async () => {
    await app?.dispose();
    await telegram?.stop();
    await discord?.close();
  }, 60_000);

  it("reaches on Telegram only the member who allowed direct messages, and no one once it is withdrawn", async () => {
    const owner = telegram.person({ firstName: "Owner", languageCode: "en" });
    const group = telegram.group("Forno", owner);
    group.addBot(owner);
    await eventually(async () => (await app.database.prisma.community.count()) > 0);
    owner.hasStartedBot();
    const [willing, silent] = [telegram.person({ languageCode: "en" }), telegram.person({ languageCode: "en" })];
    for (const person of [willing, silent]) {
      group.join(person, "member");
      person.hasStartedBot();
    }

    // Only one of them allows direct messages, from the private /privacy panel.
    const panel = await answerInPrivate(willing, () => willing.say("/privacy", group));
    const allowed = willing.press(panel, "Allow direct messages");
    await telegram.waitFor(() => telegram.callbackAnswer(allowed), "the consent saved");
    await eventually(async () => (await app.database.prisma.memberContact.count()) === 1);
    // The silent one talks to the bot privately too: still nothing is stored or sent without consent.
    await answerInPrivate(silent, () => silent.say("/privacy", group));

    const before = { willing: privateCopies(willing).length, silent: privateCopies(silent).length };
    owner.say("/poll Bread or focaccia? | Bread | Focaccia --direct", group);
    const copy = await telegram.waitFor(() => privateCopies(willing)[before.willing], "the private copy");
    expect(copy.text).toContain("Bread or focaccia?");
    expect(copy.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["Bread", "Focaccia", "Results"]);
    // A vote from the private copy counts on the poll in the group.
    const voted = willing.press(copy, "Focaccia");
    expect((await telegram.waitFor(() => telegram.callbackAnswer(voted), "the vote")).text).toContain("is counted");

    // Withdrawing direct messages deletes the address at once; the next poll goes to no one privately.
    const withdrawn = willing.press(panel, "Stop direct messages");
    await telegram.waitFor(() => telegram.callbackAnswer(withdrawn), "the withdrawal saved");
    await eventually(async () => (await app.database.prisma.memberContact.count()) === 0);
    owner.say("/poll Sweet or savoury? | Sweet | Savoury --direct", group);
    await telegram.waitFor(
      () => telegram.botMessages(group.id).find((m) => m.text.includes("Sweet or savoury?")),
      "the second poll in the group",
    );
    await app.services.polls.idle();
    expect(privateCopies(willing).filter((m) => m.text.includes("Sweet or savoury?"))).toEqual([]);
    expect(privateCopies(silent)).toHaveLength(before.silent);
  }, 120_000);

  it("reaches on Discord only the member who allowed direct messages, by a direct message", async () => {
    const guild = discord.addGuild("Forno HQ");
    await eventually(
      async () => (await app.services.repositories.communities.findByPlatformId("discord", guild.id))?.active === true,
    );
    const moderator = guild.member({ moderator: true, locale: "en-US" });
    const regulars = guild.addRole("Regulars");
    const willing = guild.member({ locale: "en-US", roles: [regulars] });
    const silent = guild.member({ locale: "en-US", roles: [regulars] });

    const panel = await answerOf(willing.command("privacy"));
    await answerOf(willing.click(panel.message!.id, "Allow direct messages"));
    await answerOf(silent.command("privacy"));

    await answerOf(
      moderator.command("poll", {
        question: "Crust or crumb?",
        option1: "Crust",
        option2: "Crumb",
        segment: "roles",
        roles: regulars,
        direct: true,
      }),
    );
    const dm = await eventually(async () =>
      directMessages(willing.userId).find((m) => JSON.stringify(m).includes("Crust or crumb?")),
    );
    // A vote from the direct message counts on the poll in the guild; the button says which guild it acts for,
    // and the member's roles there are looked up (a direct message carries none), so the roles segment holds.
    const voted = await answerOf(willing.click(dm, "Crumb"));
    expect(voted.private).toBe(true);
    expect(voted.text).toContain("is counted");
    const poll = await app.database.prisma.campaign.findFirstOrThrow({ where: { title: "Crust or crumb?" } });
    expect(await app.services.repositories.polls.tally(poll.id)).toMatchObject({ voters: 1 });
    const community = await app.services.repositories.communities.findByPlatformId("discord", guild.id);
    const pseudonym = new Pseudonymizer(testSecret).pseudonym("discord", willing.userId);
    expect((await app.services.repositories.members.findByPseudonym(community!.id, pseudonym))?.roles).toEqual([
      regulars,
    ]);
    expect(directMessages(silent.userId)).toEqual([]);
  }, 120_000);

  /** What the bot wrote in this person's private chat on Telegram. */
  function privateCopies(person: EmulatedPerson): EmulatedMessage[] {
    return telegram.botMessages(person.id).filter((m) => m.replyMarkup !== undefined && m.text.includes("?"));
  }

  /** Does something and resolves with the bot's next message in the person's private chat. */
  async function answerInPrivate(person: EmulatedPerson, act: () => void): Promise<EmulatedMessage> {
    const before = telegram.botMessages(person.id).length;
    act();
    return telegram.waitFor(() => telegram.botMessages(person.id)[before], "an answer in the private chat");
  }

  /** Messages the bot sent in its direct-message channel with this Discord user. */
  function directMessages(userId: string): EmuMessage[] {
    const { state } = discord;
    const channel = [...state.channels.values()].find((c) => c.type === 1 && c.recipients?.[0]?.id === userId);
    if (!channel) return [];
    return [...state.messages.values()].filter((m) => m.channel_id === channel.id);
  }
});

async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
