import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeQaScenario } from "../e2e/qa/qa.scenario.ts";
import { describeSchedulingScenario } from "../e2e/scheduling/scheduling.scenario.ts";
import { describeSettingsScenario } from "../e2e/settings/settings.scenario.ts";
import type { PlatformDriver } from "./platform-driver.ts";

/**
 * The platform-neutral scenarios every adapter must pass, through its real client and its emulator.
 * Later features add their scenarios here so they are proven on both platforms at once.
 */
export function runPlatformScenarios(makeDriver: () => PlatformDriver): void {
  const driver = makeDriver();

  describe(`platform scenarios on ${driver.platform}`, () => {
    beforeAll(() => driver.start(), 60_000);
    afterAll(() => driver.stop(), 60_000);

    it("answers /help with the member commands, privately", async () => {
      const community = await driver.createCommunity("Pasticceria Rossi");
      const member = await community.member();
      const seen = await member.command("help");
      expect(seen.text).toContain("/privacy");
      expect(seen.text).not.toMatch(/For moderators/);
    });

    it("shows moderators the moderator section of /help", async () => {
      const community = await driver.createCommunity("Moderated");
      const moderator = await community.member({ moderator: true });
      const seen = await moderator.command("help");
      expect(seen.text).toContain("/help");
    });

    it("answers an Italian member in Italian", async () => {
      const community = await driver.createCommunity("Comunità");
      const member = await community.member({ locale: "it" });
      const seen = await member.command("help");
      expect(seen.text).toContain("Ecco cosa puoi fare");
    });

    it("grants and withdraws analytics consent with the privacy buttons", async () => {
      const community = await driver.createCommunity("Consent");
      const member = await community.member();
      const panel = await member.command("privacy");
      expect(panel.private).toBe(true);
      expect(panel.buttons).toContain("Allow analytics");
      const granted = await member.click(panel, "Allow analytics");
      expect(granted.buttons).toContain("Stop analytics");
      const withdrawn = await member.click(granted, "Stop analytics");
      expect(withdrawn.buttons).toContain("Allow analytics");
      const stored = await driver.app.database.prisma.consentGrant.findMany({ orderBy: { id: "asc" } });
      expect(stored.map((g) => [g.purpose, g.action])).toEqual([
        ["analytics", "granted"],
        ["analytics", "withdrawn"],
      ]);
    });

    it("refuses a forged button clearly and changes nothing", async () => {
      const community = await driver.createCommunity("Forgery");
      const member = await community.member();
      const before = await driver.app.database.prisma.consentGrant.count();
      const seen = await member.clickForged();
      expect(seen.text).toMatch(/no longer valid/);
      expect(await driver.app.database.prisma.consentGrant.count()).toBe(before);
    });

    describe("a targeted poll", () => {
      it("runs from creation to its results: five votes, a change, a repeat, an outsider, hidden counts, closing on time", async () => {
        const community = await driver.createCommunity("Gelateria");
        const moderator = await community.member({ moderator: true });
        const [ada, bea, cy, dan] = await Promise.all([1, 2, 3, 4].map(() => community.member({ locale: "en" })));
        const outsider = await community.member({ locale: "it" });

        const confirmation = await moderator.command("poll", {
          question: "Best flavour?",
          option1: "Vanilla",
          option2: "Pistachio",
          option3: "Lemon",
          results: "after_close",
          closes: "2h",
          segment: "language",
          language: "en",
        });
        expect(confirmation.private).toBe(true);
        expect(confirmation.text).toContain("Poll 1 is posted");
        const poll = await community.lastPost();
        expect(poll.buttons).toEqual(["Vanilla", "Pistachio", "Lemon", "My vote"]);
        expect(poll.text).toContain("Results will be shown when the poll closes.");

        expect((await ada!.click(poll, "Vanilla")).text).toContain("Your vote for “Vanilla” is counted");
        await bea!.click(poll, "Pistachio");
        await cy!.click(poll, "Vanilla");
        await dan!.click(poll, "Lemon");
        expect((await dan!.click(poll, "Pistachio")).text).toBe("Your vote is now “Pistachio”.");
        expect((await ada!.click(poll, "Vanilla")).text).toContain("You already voted for “Vanilla”");
        expect((await outsider.click(poll, "Lemon")).text).toContain("pensato per un altro gruppo di membri");
        expect((await community.lastPost()).text).not.toMatch(/\d+%/);

        const { repositories } = driver.app.database;
        const stored = await repositories.communities.findByPlatformId(driver.platform, community.platformId);
        const [closing] = await driver.app.services.scheduler.list({ communityId: stored!.id });
        expect(closing?.job).toBe("poll.close");
        // What the scheduler runs at the poll's closing time.
        await driver.app.services.polls.closeDuePoll(closing!.campaignId!, closing!.runAt!);

        const results = await community.lastPost();
        expect(results.text).toContain("Results: Best flavour?");
        expect(results.text).toMatch(/Vanilla[\s\S]*50% · 2/);
        expect(results.text).toMatch(/Pistachio[\s\S]*50% · 2/);
        expect(results.text).toMatch(/Lemon[\s\S]*0% · 0/);
        expect(await driver.app.database.prisma.pollVote.count()).toBe(4);
      });

      it("takes 200 concurrent votes on one poll: exactly 200 votes stored and one final count equal to them", async () => {
        const community = await driver.createCommunity("Busy");
        const moderator = await community.member({ moderator: true });
        const voters = await Promise.all(Array.from({ length: 200 }, () => community.member({ locale: "en" })));
        await moderator.command("poll", { question: "Cone or cup?", option1: "Cone", option2: "Cup", closes: "1h" });
        const poll = await community.lastPost();
        const answers = await Promise.all(voters.map((v, i) => v.click(poll, i % 2 === 0 ? "Cone" : "Cup")));
        expect(answers.filter((a) => a.text.includes("is counted"))).toHaveLength(200);
        const { prisma } = driver.app.database;
        const campaign = await prisma.campaign.findFirstOrThrow({ where: { title: "Cone or cup?" } });
        const campaignId = campaign.id;
        const stored = await prisma.pollVote.findMany({ where: { campaignId } });
        expect(stored).toHaveLength(200);
        expect(new Set(stored.map((v) => v.voterKey)).size).toBe(200);
        await driver.app.services.polls.closeDuePoll(campaignId, campaign.closesAt!);
        const results = await community.lastPost();
        expect(results.text).toMatch(/Cone[\s\S]*50% · 100/);
        expect(results.text).toMatch(/Cup[\s\S]*50% · 100/);
      }, 120_000);
    });

    describeQaScenario(driver);

    it("never stores the raw platform user id", async () => {
      const community = await driver.createCommunity("Pseudonyms");
      const member = await community.member();
      await member.command("help");
      const members = await driver.app.database.prisma.member.findMany();
      expect(members.length).toBeGreaterThan(0);
      expect(JSON.stringify(members)).not.toContain(member.userId);
    });

    describeSettingsScenario(driver);

    // Last: its fake clock moves the app's time forward.
    describeSchedulingScenario(driver);
  });
}
