import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { defaultCommunitySettings } from "../../src/core/domain/community.ts";
import type { Platform } from "../../src/core/domain/platform.ts";
import type { Repositories } from "../../src/core/ports/repositories.port.ts";
import type { PersonalDataSubject } from "../../src/core/privacy/personal-data.port.ts";
import type { MakeRepositories } from "./harness.ts";
import { seedPeopleInEverySource } from "./privacy-records.ts";

const at = new Date("2026-05-01T10:00:00Z");

/** A brand with a Telegram group and a Discord server, and a maker of members in either. */
async function brandWithTwoCommunities(repositories: Repositories) {
  const brand = await repositories.brands.create({ id: `brand-${randomUUID()}`, name: "Acme" });
  const community = (platform: Platform) =>
    repositories.communities.upsertByPlatformId({
      id: `community-${randomUUID()}`,
      brandId: brand.id,
      platform,
      platformId: `${platform}-${randomUUID()}`,
      title: `Acme on ${platform}`,
      timeZone: "Europe/Rome",
      locale: "it",
      settings: defaultCommunitySettings(),
    });
  const telegram = await community("telegram");
  const discord = await community("discord");
  const member = (communityId: string, pseudonym: string, seen = at) =>
    repositories.members.touch({
      id: `member-${randomUUID()}`,
      communityId,
      pseudonym,
      at: seen,
      roles: [],
      locale: null,
    });
  return { brand, telegram, discord, member };
}

/** The privacy repository's contract: every implementation passes it. */
export function describePrivacyContract(make: MakeRepositories): void {
  describe("privacy repository", () => {
    it("finds a person's memberships by pseudonym within one brand, and every brand when asked", async () => {
      const h = await make();
      try {
        const { repositories } = h;
        const one = await brandWithTwoCommunities(repositories);
        const other = await brandWithTwoCommunities(repositories);
        const pseudonym = `p-${randomUUID()}`;
        const mine = await one.member(one.telegram.id, pseudonym);
        const elsewhere = await other.member(other.telegram.id, pseudonym);
        await one.member(one.telegram.id, `p-${randomUUID()}`);
        const inBrand = await repositories.privacy.membershipsByPseudonym([pseudonym], one.brand.id);
        expect(inBrand).toEqual([
          {
            id: mine.id,
            communityId: one.telegram.id,
            brandId: one.brand.id,
            platform: "telegram",
            pseudonym,
            joinedAt: at,
            lastSeenAt: at,
          },
        ]);
        const everywhere = await repositories.privacy.membershipsByPseudonym([pseudonym], null);
        expect(everywhere.map((m) => m.id).sort()).toEqual([mine.id, elsewhere.id].sort());
        expect(await repositories.privacy.memberships([mine.id, "missing"])).toEqual(inBrand);
      } finally {
        await h.close();
      }
    });

    it("links memberships into one person, merges two persons, and unlinks", async () => {
      const h = await make();
      try {
        const { repositories } = h;
        const { brand, telegram, discord, member } = await brandWithTwoCommunities(repositories);
        const [a, b, c, d] = await Promise.all([
          member(telegram.id, `p-${randomUUID()}`),
          member(discord.id, `p-${randomUUID()}`),
          member(telegram.id, `p-${randomUUID()}`),
          member(discord.id, `p-${randomUUID()}`),
        ]);
        const privacy = repositories.privacy;
        await privacy.link({ memberIds: [a!.id, b!.id], personId: "person-1", absorb: [], brandId: brand.id, at });
        await privacy.link({ memberIds: [c!.id, d!.id], personId: "person-2", absorb: [], brandId: brand.id, at });
        await privacy.link({
          memberIds: [b!.id, c!.id],
          personId: "person-1",
          absorb: ["person-2"],
          brandId: brand.id,
          at,
        });
        const rows = await privacy.linksOfPersons(["person-1", "person-2"]);
        expect(rows.map((r) => [r.memberId, r.personId]).sort()).toEqual(
          [a!.id, b!.id, c!.id, d!.id].map((id) => [id, "person-1"]).sort(),
        );
        expect(await privacy.unlink([a!.id, "missing"])).toBe(1);
        expect((await privacy.links([a!.id, b!.id])).map((r) => r.memberId)).toEqual([b!.id]);
        await repositories.members.delete(b!.id);
        expect(await privacy.linksOfPersons(["person-1"])).toHaveLength(2);
      } finally {
        await h.close();
      }
    });

    it("hands a link code out once, even to two takers at the same time", async () => {
      const h = await make();
      try {
        const { repositories } = h;
        const { brand, telegram, member } = await brandWithTwoCommunities(repositories);
        const owner = await member(telegram.id, `p-${randomUUID()}`);
        const code = { id: `N${randomUUID().slice(0, 5)}`, memberId: owner.id, brandId: brand.id, expiresAt: at };
        expect(await repositories.privacy.createLinkCode({ ...code, createdAt: at })).toBe(true);
        expect(await repositories.privacy.createLinkCode({ ...code, createdAt: at })).toBe(false);
        const again = await h.connectAgain();
        const taken = await Promise.all([
          repositories.privacy.takeLinkCode(code.id),
          again.privacy.takeLinkCode(code.id),
        ]);
        expect(taken.filter((t) => t !== null)).toEqual([code]);
        expect(await repositories.privacy.takeLinkCode(code.id)).toBeNull();
        await repositories.privacy.createLinkCode({ ...code, id: `M${randomUUID().slice(0, 5)}`, createdAt: at });
        await repositories.privacy.deleteLinkCodesOf(owner.id);
        expect(await repositories.privacy.takeLinkCode(`M${code.id.slice(1)}`)).toBeNull();
      } finally {
        await h.close();
      }
    });

    it("keeps one sealed contact per member, replaced on store and gone with the member", async () => {
      const h = await make();
      try {
        const { repositories } = h;
        const { telegram, member } = await brandWithTwoCommunities(repositories);
        const owner = await member(telegram.id, `p-${randomUUID()}`);
        expect(await repositories.privacy.sealedContact(owner.id)).toBeNull();
        await repositories.privacy.storeContact(owner.id, "sealed-1", at);
        await repositories.privacy.storeContact(owner.id, "sealed-2", at);
        expect(await repositories.privacy.sealedContact(owner.id)).toBe("sealed-2");
        expect(await repositories.privacy.deleteContact(owner.id)).toBe(true);
        expect(await repositories.privacy.deleteContact(owner.id)).toBe(false);
        await repositories.privacy.storeContact(owner.id, "sealed-3", at);
        await repositories.members.delete(owner.id);
        expect(await repositories.privacy.sealedContact(owner.id)).toBeNull();
      } finally {
        await h.close();
      }
    });

    it("marks a member asked once", async () => {
      const h = await make();
      try {
        const { telegram, member } = await brandWithTwoCommunities(h.repositories);
        const owner = await member(telegram.id, `p-${randomUUID()}`);
        expect(await h.repositories.privacy.markAsked(owner.id, at)).toBe(true);
        expect(await h.repositories.privacy.markAsked(owner.id, at)).toBe(false);
        expect(await h.repositories.privacy.markAsked("missing", at)).toBe(false);
      } finally {
        await h.close();
      }
    });

    it("lists members unseen since a cutoff, and ledgers without tombstones", async () => {
      const h = await make();
      try {
        const { repositories } = h;
        const { telegram, member } = await brandWithTwoCommunities(repositories);
        const old = await member(telegram.id, `p-${randomUUID()}`, new Date("2025-01-01T00:00:00Z"));
        await member(telegram.id, `p-${randomUUID()}`, new Date("2026-04-30T00:00:00Z"));
        const unseen = await repositories.privacy.membersUnseenSince(new Date("2025-06-01T00:00:00Z"), 1_000);
        expect(unseen).toContain(old.id);
        expect(unseen.every((id) => id !== undefined)).toBe(true);
        expect(await repositories.privacy.membersUnseenSince(new Date("2025-06-01T00:00:00Z"), 0)).toEqual([]);

        const entry = { communityId: telegram.id, memberId: old.id, noticeVersion: "v1" } as const;
        await repositories.consents.append({ ...entry, purpose: "analytics", action: "granted", at });
        await repositories.consents.appendErasureTombstone(telegram.id, "v1", at);
        await repositories.consents.append({
          ...entry,
          purpose: "analytics",
          action: "withdrawn",
          at: new Date(at.getTime() + 1),
        });
        expect((await repositories.privacy.consentHistories([old.id])).map((e) => e.action)).toEqual([
          "granted",
          "withdrawn",
        ]);
      } finally {
        await h.close();
      }
    });
  });

  describe("personal-data sources", () => {
    it("every source counts exactly the records it exports, for a person with data in it and for one without", async () => {
      const h = await make();
      try {
        // The erasure markers are never exported nor counted: they name no one (limit-marker.repository.ts).
        const sources = h.repositories.personalData.filter((source) => source.exported !== false);
        const people = await seedPeopleInEverySource(h.repositories);
        const measured = (subject: PersonalDataSubject) =>
          Promise.all(
            sources.map(async (source) => ({
              source: source.name,
              counted: await source.count(subject),
              exported: (await source.export(subject)).length,
            })),
          );
        const person = await measured(people.person);
        const bare = await measured(people.bare);
        const noOne = await measured(people.subject([`member-${randomUUID()}`]));
        for (const [who, rows] of Object.entries({ person, bare, noOne })) {
          expect({ who, rows }).toEqual({ who, rows: rows.map((r) => ({ ...r, counted: r.exported })) });
        }
        // The seed reaches every source, and the other subjects hold nothing but a membership.
        expect(person.filter((r) => r.exported === 0).map((r) => r.source)).toEqual([]);
        expect(bare.filter((r) => r.exported > 0).map((r) => r.source)).toEqual(["memberships"]);
        expect(noOne.filter((r) => r.exported > 0).map((r) => r.source)).toEqual([]);
      } finally {
        await h.close();
      }
    });

    it("counts, exports and erases a person with more memberships than one query may bind", async () => {
      const h = await make();
      try {
        const sources = h.repositories.personalData;
        const people = await seedPeopleInEverySource(h.repositories);
        const unknown = Array.from({ length: 1_000 }, () => `member-${randomUUID()}`);
        const many = people.subject([...people.person.memberIds, ...unknown]);
        for (const source of sources) {
          const expected = (await source.export(people.person)).length;
          const found = { counted: await source.count(many), exported: (await source.export(many)).length };
          expect({ source: source.name, ...found }).toEqual({
            source: source.name,
            counted: expected,
            exported: expected,
          });
        }
        for (const source of sources) await source.erase(many, at);
        const left = await Promise.all(sources.map(async (s) => [s.name, (await s.export(people.person)).length]));
        expect(left.filter(([, records]) => records !== 0)).toEqual([]);
      } finally {
        await h.close();
      }
    });
  });
}
