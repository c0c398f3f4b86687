// How each adapter notifies an asker of an answer, through the real clients and the emulators: a mention
// on Discord (the only ping allowed), a reply to the member's /ask message on Telegram.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordEmulator } from "../../../emulators/discord/discord-emulator.ts";
import { type AppOnEmulator, eventually, startAppOnEmulator } from "../discord/support/harness.ts";
import { answerOf } from "../discord/support/seen.ts";
import { TelegramDriver } from "../telegram/telegram.driver.ts";

describe("an answer on Discord", () => {
  let emulator: DiscordEmulator;
  let running: AppOnEmulator;
  beforeAll(async () => {
    emulator = await DiscordEmulator.start();
    running = await startAppOnEmulator(emulator);
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
    await emulator?.close();
  }, 60_000);

  it("mentions the asker, and pings no one else, without keeping the asker's id in clear", async () => {
    const guild = emulator.addGuild("Notify");
    const communities = running.app.services.repositories.communities;
    await eventually(async () => (await communities.findByPlatformId("discord", guild.id))?.active === true);
    const moderator = guild.member({ moderator: true });
    const asker = guild.member();
    await answerOf(moderator.command("qa", { topic: "Flavours" }, { subcommand: "open" }));
    expect(
      (await answerOf(asker.command("ask", { question: "When does pistachio come back? @everyone" }))).text,
    ).toContain("Q1 on the board");
    const stored = await running.app.database.prisma.qaQuestion.findMany();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(asker.userId);

    expect((await answerOf(moderator.command("answer", { number: 1, text: "Friday!" }))).text).toContain(
      "Your answer to Q1 is posted.",
    );
    const posted = emulator.callsTo("POST", /^\/channels\/\d+\/messages$/).at(-1)?.body as {
      content: string;
      allowed_mentions: unknown;
    };
    expect(posted.content).toBe(`<@${asker.userId}>`);
    expect(posted.allowed_mentions).toEqual({ parse: [], roles: [], users: [asker.userId] });
  });
});

describe("an answer on Telegram", () => {
  const driver = new TelegramDriver();
  beforeAll(() => driver.start(), 60_000);
  afterAll(() => driver.stop(), 60_000);

  it("replies to the member's /ask message, which notifies them", async () => {
    const community = await driver.createCommunity("Notify");
    const moderator = await community.member({ moderator: true });
    const asker = await community.member();
    await moderator.command("qa", { topic: "Flavours" }, "open");
    await asker.command("ask", { question: "When does pistachio come back?" });
    expect((await moderator.command("answer", { number: 1, text: "Friday!" })).text).toContain(
      "Your answer to Q1 is posted.",
    );
    const chat = Number(community.platformId);
    const asked = driver.emulator
      .messages(chat)
      .find((m) => m.userId === Number(asker.userId) && m.text.startsWith("/ask"));
    const answer = driver.emulator.botMessages(chat).find((m) => m.text.startsWith("Answer to Q1"));
    expect(answer?.text).toContain("Friday!");
    expect(answer?.replyTo).toBe(asked?.messageId);
  });
});
