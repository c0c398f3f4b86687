// The /settings scenario of the platform-neutral suite (test/scenarios/platform-scenarios.ts): both adapters run
// it through their real clients against their emulators.
import { describe, expect, it } from "vitest";
import type { PlatformDriver } from "../../scenarios/platform-driver.ts";

/** Adds the community settings scenario to a platform's suite. */
export function describeSettingsScenario(driver: PlatformDriver): void {
  describe("community settings", () => {
    it("lets a moderator see and change quiet hours, the weekly cap and benchmarking, privately", async () => {
      const community = await driver.createCommunity("Pasticceria Settings");
      const moderator = await community.member({ moderator: true, locale: "en" });

      const shown = await moderator.command("settings", {}, "show");
      expect(shown.private).toBe(true);
      expect(shown.text).toContain("Settings of Pasticceria Settings");
      expect(shown.text).toContain("Quiet hours (no private messages): 22:00-08:00");
      expect(shown.text).toContain("Compared with peer communities of other brands: no");

      const saved = await moderator.command(
        "settings",
        { quiet: "23:30-07:00", cap: "1", benchmark: "on", timezone: "America/New_York" },
        "set",
      );
      expect(saved.private).toBe(true);
      expect(saved.text).toContain("Saved.");
      expect(saved.text).toContain("Quiet hours (no private messages): 23:30-07:00");
      const stored = await driver.app.services.repositories.communities.findByPlatformId(
        driver.platform,
        community.platformId,
      );
      expect(stored?.timeZone).toBe("America/New_York");
      expect(stored?.settings).toMatchObject({
        quietHours: { start: "23:30", end: "07:00" },
        weeklyPromptCap: 1,
        benchmarkOptIn: true,
      });
    });

    it("refuses a wrong value in the moderator's language and changes nothing", async () => {
      const community = await driver.createCommunity("Forno Impostazioni");
      const moderator = await community.member({ moderator: true, locale: "it" });
      const find = () =>
        driver.app.services.repositories.communities.findByPlatformId(driver.platform, community.platformId);
      const before = await find();

      const refused = await moderator.command("settings", { quiet: "25:00-07:00", cap: "2" }, "set");
      expect(refused.text).toContain("le ore di silenzio si scrivono HH:MM-HH:MM");
      expect(refused.text).toContain("Non ho cambiato nulla");
      const unknownZone = await moderator.command("settings", { timezone: "Europe/Atlantide" }, "set");
      expect(unknownZone.text).toContain("il fuso orario deve essere un nome IANA");
      expect(await find()).toEqual(before);
    });
  });
}
