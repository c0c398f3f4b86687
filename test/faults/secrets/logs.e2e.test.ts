import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/app/logger.ts";
import { DiscordDriver } from "../../e2e/discord/discord.driver.ts";
import { TelegramDriver } from "../../e2e/telegram/telegram.driver.ts";
import type { PlatformDriver } from "../../scenarios/platform-driver.ts";
import { testSecret, useTestLogger } from "../../support/test-app.ts";

/**
 * A full scenario on each platform (a poll and a vote, an offer and a claim, a Q&A question, a privacy
 * export) with the app logging at debug level into memory, through the production logger but without its
 * secret scrubbing: what the code itself writes must hold no token, no CIRCOLO_SECRET, no raw platform user id
 * and none of the text members typed.
 */
const lines: string[] = [];
const figures: Record<string, { lines: number; leaks: number }> = {};

const logger = createLogger({
  level: "debug",
  pretty: false,
  secrets: [],
  destination: { write: (line: string) => lines.push(line) },
});

beforeAll(() => {
  useTestLogger(logger);
});
afterAll(() => {
  useTestLogger(null);
  console.log(
    `secrets and identities: ${Object.entries(figures)
      .map(
        ([platform, f]) =>
          `${platform} ${f.lines} log lines at debug level, ${f.leaks} with a token, secret, raw user id or member text`,
      )
      .join("; ")}`,
  );
});

for (const makeDriver of [() => new TelegramDriver(), () => new DiscordDriver()] as (() => PlatformDriver)[]) {
  const driver = makeDriver();

  describe(`log lines of a full scenario on ${driver.platform}`, () => {
    let first = 0;
    beforeAll(async () => {
      // From the app's first line on: startup, migrations and connection lines count too.
      first = lines.length;
      await driver.start();
    }, 60_000);
    afterAll(() => driver.stop(), 60_000);

    it("hold no token, secret, raw user id or member text", async () => {
      const community = await driver.createCommunity("Gelateria Segreta");
      const moderator = await community.member({ moderator: true });
      const ada = await community.member({ locale: "it" });
      const bea = await community.member();
      // Text typed by members, each with a marker no log line may carry.
      const typed = {
        poll: "Pistacchio o nocciola QZXPOLL?",
        option: "Pistacchio QZXOPT",
        offer: "Espresso QZXOFFER",
        topic: "Gusti QZXTOPIC",
        question: "Quando torna il gusto QZXASK alla nocciola?",
      };

      await moderator.command("privacy");
      await moderator.command("poll", { question: typed.poll, option1: typed.option, option2: "Nocciola" });
      const poll = await community.lastPost();
      await ada.click(poll, typed.option);
      await bea.click(poll, "Nocciola");

      await moderator.command("offer", { title: typed.offer, quantity: 3, ends: "3d" }, "create");
      const offer = await community.lastPost();
      expect((await ada.click(offer, "Claim")).private).toBe(true);

      await moderator.command("qa", { topic: typed.topic, ends: "2h" }, "open");
      await ada.command("ask", { question: typed.question });
      // Refusals log too: a question too short, a forged button.
      await bea.command("ask", { question: "QZXSHORT?" });
      await bea.clickForged();
      const panel = await ada.command("privacy");
      await ada.click(panel, panel.buttons.find((b) => /statistiche|analytics/i.test(b)) ?? panel.buttons[0]!);
      const exported = await ada.command("mydata", {}, "export");
      expect(exported.private).toBe(true);
      await driver.app.services.engagement.flush();

      const written = lines.slice(first);
      const config = driver.app.config;
      const forbidden = [
        testSecret,
        ...[config.TELEGRAM_BOT_TOKEN, config.DISCORD_TOKEN].filter((t): t is string => Boolean(t)),
        ...[config.TELEGRAM_BOT_TOKEN].filter(Boolean).map((t) => t!.split(":")[1]!),
        moderator.userId,
        ada.userId,
        bea.userId,
        "QZX",
      ];
      expect(logger.isLevelEnabled("debug")).toBe(true);
      // One line per interaction at least: the capture is complete, not empty.
      expect(written.filter((line) => line.includes('"update handled"')).length).toBeGreaterThanOrEqual(11);
      const leaking = written.filter((line) => forbidden.some((value) => line.includes(value)));
      figures[driver.platform] = { lines: written.length, leaks: leaking.length };
      expect(leaking.map((line) => line.slice(0, 400))).toEqual([]);
    }, 180_000);
  });
}
