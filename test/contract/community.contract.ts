import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommunitySettings, defaultCommunitySettings } from "../../src/core/domain/community.ts";
import type { NewCommunity } from "../../src/core/ports/repositories.port.ts";
import {
  dedupeKey,
  eventRow,
  type MakeRepositories,
  type RepositoryHarness,
  seedCommunity,
  seedMember,
} from "./harness.ts";

/** The CommunityRepository contract. */
export function describeCommunityContract(makeRepos: MakeRepositories): void {
  describe("CommunityRepository", () => {
    let harness: RepositoryHarness;
    beforeAll(async () => {
      harness = await makeRepos();
    });
    afterAll(() => harness?.close());

    async function newCommunity(overrides: Partial<NewCommunity> = {}): Promise<NewCommunity> {
      const brand = await harness.repositories.brands.create({ id: `brand-${randomUUID()}`, name: "Acme" });
      return {
        id: `community-${randomUUID()}`,
        brandId: brand.id,
        platform: "discord",
        platformId: randomUUID(),
        title: "Acme lounge",
        timeZone: "Europe/Rome",
        locale: "it",
        settings: defaultCommunitySettings(),
        ...overrides,
      };
    }

    it("creates a community on first sight, active, with its settings", async () => {
      const input = await newCommunity();
      const created = await harness.repositories.communities.upsertByPlatformId(input);
      expect(created).toEqual({ ...input, active: true });
      expect(await harness.repositories.communities.get(input.id)).toEqual(created);
      expect(await harness.repositories.communities.findByPlatformId("discord", input.platformId)).toEqual(created);
    });

    it("reactivates and retitles a community it had seen before, keeping its id, zone and settings", async () => {
      const input = await newCommunity();
      await harness.repositories.communities.upsertByPlatformId(input);
      await harness.repositories.communities.setActive(input.id, false);

      const again = await harness.repositories.communities.upsertByPlatformId({
        ...input,
        id: `community-${randomUUID()}`,
        title: "Acme lounge (new name)",
        timeZone: "America/New_York",
        settings: { ...defaultCommunitySettings(), weeklyPromptCap: 9 },
      });
      expect(again).toEqual({ ...input, title: "Acme lounge (new name)", active: true });
    });

    it("tells the same platform id on the other platform apart", async () => {
      const input = await newCommunity();
      await harness.repositories.communities.upsertByPlatformId(input);
      expect(await harness.repositories.communities.findByPlatformId("telegram", input.platformId)).toBeNull();
      expect(await harness.repositories.communities.get(`community-${randomUUID()}`)).toBeNull();
    });

    it("refuses a community of a brand that does not exist", async () => {
      const input = await newCommunity({ brandId: `brand-${randomUUID()}` });
      await expect(harness.repositories.communities.upsertByPlatformId(input)).rejects.toThrow();
      expect(await harness.repositories.communities.get(input.id)).toBeNull();
    });

    it("lists a brand's communities, and only active ones as active", async () => {
      const first = await newCommunity();
      const second = await newCommunity({ brandId: first.brandId });
      await harness.repositories.communities.upsertByPlatformId(first);
      await harness.repositories.communities.upsertByPlatformId(second);
      await harness.repositories.communities.setActive(second.id, false);

      const byBrand = await harness.repositories.communities.listByBrand(first.brandId);
      expect(byBrand.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
      const active = (await harness.repositories.communities.listActive()).map((c) => c.id);
      expect(active).toContain(first.id);
      expect(active).not.toContain(second.id);
    });

    it("walks the active communities a page at a time, each of them once", async () => {
      const stored = [];
      for (let i = 0; i < 5; i++)
        stored.push(await harness.repositories.communities.upsertByPlatformId(await newCommunity()));
      await harness.repositories.communities.setActive(stored[2]!.id, false);

      const walked: string[] = [];
      for (let page = await harness.repositories.communities.listActivePage(null, 2); page.length > 0; ) {
        expect(page.length).toBeLessThanOrEqual(2);
        walked.push(...page.map((c) => c.id));
        page = await harness.repositories.communities.listActivePage(page.at(-1)!.id, 2);
      }
      const active = (await harness.repositories.communities.listActive()).map((c) => c.id);
      expect(new Set(walked).size).toBe(walked.length);
      expect([...walked].sort()).toEqual([...active].sort());
      expect(walked).not.toContain(stored[2]!.id);
      expect(walked).toEqual(expect.arrayContaining([stored[0]!.id, stored[4]!.id]));
    });

    it("stores new settings and reads them back", async () => {
      const community = await seedCommunity(harness.repositories);
      const settings: CommunitySettings = {
        quietHours: null,
        weeklyPromptCap: 7,
        staffChannelId: "staff-1",
        kAnonymity: 10,
        moderatorRoleIds: ["role-a", "role-b"],
        benchmarkOptIn: true,
      };
      expect((await harness.repositories.communities.updateSettings(community.id, settings)).settings).toEqual(
        settings,
      );
      expect((await harness.repositories.communities.get(community.id))?.settings).toEqual(settings);
    });

    it("moves a community to another brand, time zone and language, keeping its settings", async () => {
      const community = await seedCommunity(harness.repositories);
      const other = await harness.repositories.brands.create({ id: `brand-${randomUUID()}`, name: "Other" });
      const moved = await harness.repositories.communities.updateProfile(community.id, {
        brandId: other.id,
        timeZone: "America/New_York",
        locale: "en",
      });
      expect(moved).toMatchObject({ brandId: other.id, timeZone: "America/New_York", locale: "en" });
      expect(moved?.settings).toEqual(community.settings);
      expect(await harness.repositories.communities.listByBrand(other.id)).toEqual([moved]);
      expect(await harness.repositories.communities.updateProfile("no-such-community", { locale: "it" })).toBeNull();
    });

    it("fills in defaults for settings stored before a setting existed", async () => {
      const community = await seedCommunity(harness.repositories);
      await harness.probe.overwriteSettings(community.id, { weeklyPromptCap: 1 });
      expect((await harness.repositories.communities.get(community.id))?.settings).toEqual({
        ...defaultCommunitySettings(),
        weeklyPromptCap: 1,
      });
    });

    it("refuses to read settings that no longer validate rather than pass them on", async () => {
      const community = await seedCommunity(harness.repositories);
      await harness.probe.overwriteSettings(community.id, { weeklyPromptCap: "lots" });
      await expect(harness.repositories.communities.get(community.id)).rejects.toThrow();
    });

    it("keeps the community's data when a Telegram group becomes a supergroup", async () => {
      const group = await seedCommunity(harness.repositories, { platform: "telegram" });
      const member = await seedMember(harness.repositories, group.id);
      await harness.repositories.consents.append({
        communityId: group.id,
        memberId: member.id,
        purpose: "analytics",
        action: "granted",
        noticeVersion: "v1",
        at: new Date("2026-03-01T10:00:00Z"),
      });
      const at = new Date("2026-03-01T10:05:00Z");
      await harness.repositories.engagement.writeBatch([
        eventRow(group, { at, memberId: member.id, dedupeKey: dedupeKey() }),
      ]);
      const supergroupId = `-100${Math.floor(Math.random() * 1e12)}`;

      const moved = await harness.repositories.communities.changePlatformId("telegram", group.platformId, supergroupId);

      expect(moved).toEqual({ ...group, platformId: supergroupId, formerPlatformId: group.platformId });
      expect(await harness.repositories.communities.findByPlatformId("telegram", supergroupId)).toEqual(moved);
      // The old chat keeps the messages posted before, and their buttons: its id still finds the community.
      expect(await harness.repositories.communities.findByPlatformId("telegram", group.platformId)).toEqual(moved);
      expect(await harness.repositories.members.findByPseudonym(group.id, member.pseudonym)).toEqual(member);
      expect(await harness.repositories.consents.history(member.id)).toHaveLength(1);
      expect(await harness.probe.events(group.id)).toHaveLength(1);
      expect(await harness.probe.dailyRollups(group.id)).toHaveLength(1);
    });

    it("answers a repeated migration notice with the community already moved", async () => {
      const group = await seedCommunity(harness.repositories, { platform: "telegram" });
      const supergroupId = randomUUID();
      await harness.repositories.communities.changePlatformId("telegram", group.platformId, supergroupId);
      const again = await harness.repositories.communities.changePlatformId("telegram", group.platformId, supergroupId);
      expect(again?.id).toBe(group.id);
      expect(again?.platformId).toBe(supergroupId);
    });

    it("answers null when moving a community it never saw", async () => {
      expect(
        await harness.repositories.communities.changePlatformId("telegram", randomUUID(), randomUUID()),
      ).toBeNull();
    });

    it("moves the group's community onto a supergroup that spoke first, parking the newcomer inactive", async () => {
      const group = await seedCommunity(harness.repositories, { platform: "telegram" });
      const newcomer = await newCommunity({ brandId: group.brandId, platform: "telegram" });
      await harness.repositories.communities.upsertByPlatformId(newcomer);

      const moved = await harness.repositories.communities.changePlatformId(
        "telegram",
        group.platformId,
        newcomer.platformId,
      );

      expect(moved).toEqual({ ...group, platformId: newcomer.platformId, formerPlatformId: group.platformId });
      expect((await harness.repositories.communities.findByPlatformId("telegram", newcomer.platformId))?.id).toBe(
        group.id,
      );
      const parked = await harness.repositories.communities.get(newcomer.id);
      expect(parked).toMatchObject({ active: false, title: newcomer.title });
      expect(parked?.platformId).not.toBe(newcomer.platformId);
    });
  });
}
