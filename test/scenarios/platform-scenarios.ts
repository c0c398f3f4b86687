import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

    it("never stores the raw platform user id", async () => {
      const community = await driver.createCommunity("Pseudonyms");
      const member = await community.member();
      await member.command("help");
      const members = await driver.app.database.prisma.member.findMany();
      expect(members.length).toBeGreaterThan(0);
      expect(JSON.stringify(members)).not.toContain(member.userId);
    });
  });
}
