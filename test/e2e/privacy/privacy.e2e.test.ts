// Privacy end to end, on both platforms at once: one app connected to the Discord and Telegram emulators
// through the real discord.js Client and grammY Bot. A member grants analytics, votes, withdraws, votes again,
// exports, links their Telegram and Discord accounts, and erases; the audit and a table-by-table check then
// find nothing left of them, and the poll totals are unchanged.
// discord.js must load before vega (the digest's chart renderer), which adds Set.prototype.toJSON and so breaks
// discord.js's own start-up; the other Discord suites load it first through their harness too.
import "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DiscordEmulator,
  type EmulatedGuild,
  type EmulatedMember,
} from "../../../emulators/discord/discord-emulator.ts";
import type { EmulatedMessage } from "../../../emulators/telegram/emulator-state.ts";
import type { EmulatedGroup, EmulatedPerson } from "../../../emulators/telegram/emulator-user.ts";
import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { Pseudonymizer } from "../../../src/core/identity/pseudonym.ts";
import type { PrivacyFeature } from "../../../src/core/privacy/privacy-feature.ts";
import { databaseTables, tableText } from "../../contract/privacy-world.ts";
import { FakeClock } from "../../support/core-harness.ts";
import { startTestApp, type TestApp, testSecret } from "../../support/test-app.ts";
import { answerOf } from "../discord/support/seen.ts";

describe("privacy on Discord and Telegram together", () => {
  let discord: DiscordEmulator;
  let telegram: TelegramEmulator;
  let app: TestApp;
  let privacy: PrivacyFeature;
  const clock = new FakeClock(new Date("2026-11-30T12:00:00Z"));

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
    privacy = app.services.privacy;
  }, 60_000);

  afterAll(async () => {
    await app?.dispose();
    await telegram?.stop();
    await discord?.close();
  }, 60_000);

  it("grants, votes, withdraws, votes anonymously, exports, links, erases: and nothing of the member is left", async () => {
    const { prisma } = app.database;
    const tg = await telegramGroup("Gelateria");
    const ada = tg.join();
    const owner = tg.owner;
    const hq = await discordGuild("Gelateria HQ");
    const adaOnDiscord = hq.member({ locale: "en-US" });
    const moderator = hq.member({ moderator: true, locale: "en-US" });

    // Telegram: allow analytics, vote on an attributed poll, withdraw, vote on another: that vote names no one.
    const panel = await ada.command("/privacy");
    const granted = await ada.press(panel, "Allow analytics");
    await owner.command("/poll Cone or cup? | Cone | Cup --anonymity attributed");
    expect((await ada.press(tg.lastPost(), "Cone")).text).toContain("is counted");
    await ada.press(granted, "Stop analytics");
    await owner.command("/poll Sprinkles? | Yes | No --anonymity attributed");
    expect((await ada.press(tg.lastPost(), "Yes")).text).toContain("is counted");
    const adaId = await memberIdOf("telegram", tg.platformId, String(ada.person.id));
    const votes = await prisma.pollVote.findMany({ orderBy: { id: "asc" } });
    expect(votes.map((v) => v.memberId)).toEqual([adaId, null]);

    // The export lists exactly what is stored: compared with the database, and byte for byte with the file.
    const exported = await ada.commandWithFile("/mydata export");
    const adaMember = (await app.services.repositories.members.get(adaId))!;
    const document = await privacy.service.export(adaMember, clock.now());
    expect(exported.file?.name).toBe("circolo-my-data-2026-11-30.json");
    expect(exported.file?.bytes).toBe(Buffer.byteLength(`${JSON.stringify(document, null, 2)}\n`));
    expect(document.sections.consents).toHaveLength(await prisma.consentGrant.count({ where: { memberId: adaId } }));
    expect(document.sections.pollVotes?.map((v) => [v.question, v.option, v.attributed])).toEqual([
      ["Cone or cup?", "Cone", true],
      ["Sprinkles?", "Yes", false],
    ]);
    expect(document.sections.engagementEvents).toHaveLength(
      await prisma.engagementEvent.count({ where: { memberId: adaId } }),
    );

    // Link the Telegram account with the Discord one.
    const code = /\/link ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec((await ada.command("/link")).text)?.[1];
    expect(code).toBeDefined();
    const linked = await answerOf(adaOnDiscord.command("link", { code: code ?? "" }));
    expect(linked.private).toBe(true);
    expect(linked.text).toContain("Linked with: Telegram · Gelateria");

    // Discord: a poll there too, then one export covering both accounts, delivered as a file.
    await answerOf(
      moderator.command("poll", {
        question: "Gelato or sorbet?",
        option1: "Gelato",
        option2: "Sorbet",
        anonymity: "attributed",
      }),
    );
    const discordPoll = hq.lastPost();
    await answerOf(adaOnDiscord.click(discordPoll.id, "Sorbet"));
    const both = await answerOf(adaOnDiscord.command("mydata", {}, { subcommand: "export" }));
    expect(both.private).toBe(true);
    expect(both.message?.attachments.map((a) => a.filename)).toEqual(["circolo-my-data-2026-11-30.json"]);
    const adaDiscordId = await memberIdOf("discord", hq.guild.id, adaOnDiscord.userId);
    const bothDocument = await privacy.service.export(
      (await app.services.repositories.members.get(adaDiscordId))!,
      clock.now(),
    );
    expect(both.message?.attachments[0]?.size).toBe(Buffer.byteLength(`${JSON.stringify(bothDocument, null, 2)}\n`));
    expect(bothDocument.sections.memberships?.map((m) => m.platform).sort()).toEqual(["discord", "telegram"]);

    // Erase from Discord, after the confirmation button.
    const pollIds = (await prisma.campaign.findMany({ where: { kind: "poll" }, orderBy: { createdAt: "asc" } })).map(
      (p) => p.id,
    );
    const tallies = await Promise.all(pollIds.map((id) => app.services.repositories.polls.tally(id)));
    const pseudonyms = (await prisma.member.findMany({ where: { id: { in: [adaId, adaDiscordId] } } })).map(
      (m) => m.pseudonym,
    );
    const asked = await answerOf(adaOnDiscord.command("mydata", {}, { subcommand: "erase" }));
    expect(asked.buttons).toEqual(["Erase my data", "Keep my data"]);
    const erased = await answerOf(adaOnDiscord.click(asked.message!.id, "Erase my data"));
    expect(erased.text).toContain("your data is erased");
    await app.services.engagement.flush();

    expect(await Promise.all(pollIds.map((id) => app.services.repositories.polls.tally(id)))).toEqual(tallies);
    const identities = [adaId, adaDiscordId, ...pseudonyms, String(ada.person.id), adaOnDiscord.userId];
    for (const table of await databaseTables(prisma, "sqlite")) {
      const text = await tableText(prisma, table);
      expect({ table, found: identities.filter((i) => text.includes(i)) }).toEqual({ table, found: [] });
    }
    const audit = await privacy.audit(clock.now());
    expect([audit.tables.unclassified, audit.checks.filter((c) => c.violations > 0)]).toEqual([[], []]);
    expect(await prisma.consentGrant.count({ where: { action: "erased" } })).toBe(2);
  }, 120_000);

  /** The member row of a platform account in a community. */
  async function memberIdOf(platform: "discord" | "telegram", platformId: string, userId: string): Promise<string> {
    const community = await app.services.repositories.communities.findByPlatformId(platform, platformId);
    const pseudonym = new Pseudonymizer(testSecret).pseudonym(platform, userId);
    const member = community ? await app.services.repositories.members.findByPseudonym(community.id, pseudonym) : null;
    if (!member) throw new Error(`no member for ${platform} user in ${platformId}`);
    return member.id;
  }

  /** A Telegram group with the bot in it, and people who join it and talk to the bot. */
  async function telegramGroup(title: string) {
    const ownerPerson = telegram.person({ firstName: "Owner" });
    const group = telegram.group(title, ownerPerson);
    group.addBot(ownerPerson);
    const platformId = String(group.id);
    await eventually(
      async () => (await app.services.repositories.communities.findByPlatformId("telegram", platformId)) !== null,
    );
    ownerPerson.hasStartedBot();
    return {
      platformId,
      owner: new TelegramUser(ownerPerson, group),
      join: () => {
        const person = telegram.person({ languageCode: "en" });
        group.join(person, "member");
        person.hasStartedBot();
        return new TelegramUser(person, group);
      },
      lastPost: () =>
        telegram
          .botMessages(group.id)
          .filter((m) => m.replyTo === null)
          .at(-1)!,
    };
  }

  /** A Discord guild with the bot in it. */
  async function discordGuild(title: string) {
    const guild: EmulatedGuild = discord.addGuild(title);
    await eventually(
      async () => (await app.services.repositories.communities.findByPlatformId("discord", guild.id))?.active === true,
    );
    return {
      guild,
      member: (options: { moderator?: boolean; locale?: string }): EmulatedMember => guild.member(options),
      lastPost: () =>
        guild
          .messages()
          .filter((m) => !m.interaction_metadata && (m.flags & 64) === 0)
          .at(-1)!,
    };
  }

  /** One person on Telegram: types commands in the group, reads the answers in their private chat. */
  class TelegramUser {
    constructor(
      readonly person: EmulatedPerson,
      readonly group: EmulatedGroup,
    ) {}

    /** Types a command in the group; resolves with the first answer (private chat, or a reply in the group). */
    async command(text: string): Promise<{ text: string; message: EmulatedMessage }> {
      const before = telegram.botMessages(this.person.id).length;
      const typed = this.person.say(text, this.group);
      const message = await telegram.waitFor(
        () =>
          telegram.botMessages(this.person.id)[before] ??
          telegram.botMessages(this.group.id).find((m) => m.replyTo === typed.messageId),
        `the answer to ${text}`,
      );
      return { text: message.text, message };
    }

    /** Types a command whose answer ends with a file in the private chat; resolves with that file. */
    async commandWithFile(text: string): Promise<{ file: EmulatedMessage["file"] }> {
      const before = telegram.botMessages(this.person.id).length;
      this.person.say(text, this.group);
      const message = await telegram.waitFor(
        () =>
          telegram
            .botMessages(this.person.id)
            .slice(before)
            .find((m) => m.file),
        `the file answering ${text}`,
      );
      return { file: message.file };
    }

    /** Presses a button; resolves with what the person sees next: a toast, the message edited, or a new one. */
    async press(
      on: { message: EmulatedMessage } | EmulatedMessage,
      label: string,
    ): Promise<{ text: string; message: EmulatedMessage }> {
      const target = "message" in on ? on.message : on;
      const edits = target.edits;
      const count = telegram.botMessages(target.chatId).length;
      const queryId = this.person.press(target, label);
      return telegram.waitFor(() => {
        const answer = telegram.callbackAnswer(queryId);
        if (!answer) return null;
        if (answer.text) return { text: answer.text, message: target };
        if (target.edits > edits) return { text: target.text, message: target };
        const added = telegram.botMessages(target.chatId)[count];
        return added ? { text: added.text, message: added } : null;
      }, `the answer to pressing ${label}`);
    }
  }
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
