import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsentEntry, deriveConsentState } from "../../src/core/domain/consent.ts";
import { type MakeRepositories, type RepositoryHarness, seedCommunity, seedMember } from "./harness.ts";

/** The ConsentRepository contract. */
export function describeConsentContract(makeRepos: MakeRepositories): void {
  describe("ConsentRepository", () => {
    let harness: RepositoryHarness;
    beforeAll(async () => {
      harness = await makeRepos();
    });
    afterAll(() => harness?.close());

    const t = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute));

    function entry(memberId: string, overrides: Partial<ConsentEntry> = {}): ConsentEntry {
      return { memberId, purpose: "analytics", action: "granted", noticeVersion: "v1", at: t(0), ...overrides };
    }

    it("returns a member's ledger oldest first, whatever order it was appended in", async () => {
      const community = await seedCommunity(harness.repositories);
      const member = await seedMember(harness.repositories, community.id);
      const entries = [
        entry(member.id, { at: t(30), action: "withdrawn" }),
        entry(member.id, { at: t(10) }),
        entry(member.id, { at: t(20), purpose: "direct_messages", noticeVersion: "v2" }),
      ];
      for (const e of entries) await harness.repositories.consents.append({ ...e, communityId: community.id });

      expect(await harness.repositories.consents.history(member.id)).toEqual([entries[1], entries[2], entries[0]]);
    });

    it("lets the later of two entries with the same time win", async () => {
      const community = await seedCommunity(harness.repositories);
      const member = await seedMember(harness.repositories, community.id);
      await harness.repositories.consents.append({ ...entry(member.id, { at: t(5) }), communityId: community.id });
      await harness.repositories.consents.append({
        ...entry(member.id, { at: t(5), action: "withdrawn" }),
        communityId: community.id,
      });

      const history = await harness.repositories.consents.history(member.id);
      expect(history.map((e) => e.action)).toEqual(["granted", "withdrawn"]);
      expect(deriveConsentState(member.id, history).analytics).toBeNull();
      expect((await harness.repositories.consents.current([member.id], "analytics")).get(member.id)?.action).toBe(
        "withdrawn",
      );
    });

    it("keeps other members' entries out of a member's history", async () => {
      const community = await seedCommunity(harness.repositories);
      const member = await seedMember(harness.repositories, community.id);
      const other = await seedMember(harness.repositories, community.id);
      await harness.repositories.consents.append({ ...entry(other.id), communityId: community.id });
      expect(await harness.repositories.consents.history(member.id)).toEqual([]);
    });

    it("answers the latest entry per member for one purpose, and nothing for members without one", async () => {
      const community = await seedCommunity(harness.repositories);
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => seedMember(harness.repositories, community.id)));
      const append = (e: ConsentEntry) => harness.repositories.consents.append({ ...e, communityId: community.id });
      await append(entry(a!.id, { at: t(1) }));
      await append(entry(a!.id, { at: t(3), action: "withdrawn" }));
      await append(entry(a!.id, { at: t(2), noticeVersion: "v2" }));
      await append(entry(b!.id, { at: t(1), noticeVersion: "v2" }));
      await append(entry(c!.id, { at: t(9), purpose: "personalization" }));

      const current = await harness.repositories.consents.current([a!.id, b!.id, c!.id], "analytics");

      expect([...current.keys()].sort()).toEqual([a!.id, b!.id].sort());
      expect(current.get(a!.id)).toEqual(entry(a!.id, { at: t(3), action: "withdrawn" }));
      expect(current.get(b!.id)).toEqual(entry(b!.id, { at: t(1), noticeVersion: "v2" }));
    });

    it("answers current() for more members than fit in one query", async () => {
      const community = await seedCommunity(harness.repositories);
      const members = await Promise.all(
        Array.from({ length: 3 }, () => seedMember(harness.repositories, community.id)),
      );
      for (const m of members)
        await harness.repositories.consents.append({ ...entry(m.id), communityId: community.id });
      const unknown = Array.from({ length: 2_500 }, (_, i) => `nobody-${i}`);
      const ids = [...unknown.slice(0, 1_200), members[0]!.id, ...unknown.slice(1_200), members[1]!.id, members[2]!.id];

      const current = await harness.repositories.consents.current(ids, "analytics");

      expect([...current.keys()].sort()).toEqual(members.map((m) => m.id).sort());
    });

    it("writes an erasure tombstone with no member and no purpose", async () => {
      const community = await seedCommunity(harness.repositories);
      const member = await seedMember(harness.repositories, community.id);
      await harness.repositories.consents.append({ ...entry(member.id), communityId: community.id });
      await harness.repositories.consents.appendErasureTombstone(community.id, "v3", t(40));

      expect(await harness.probe.consentRows(community.id)).toEqual([
        {
          communityId: community.id,
          memberId: member.id,
          purpose: "analytics",
          action: "granted",
          noticeVersion: "v1",
          at: t(0),
        },
        { communityId: community.id, memberId: null, purpose: null, action: "erased", noticeVersion: "v3", at: t(40) },
      ]);
      expect(await harness.repositories.consents.history(member.id)).toEqual([entry(member.id)]);
    });

    it("refuses an entry for a member that does not exist", async () => {
      const community = await seedCommunity(harness.repositories);
      await expect(
        harness.repositories.consents.append({ ...entry("nobody"), communityId: community.id }),
      ).rejects.toThrow();
      expect(await harness.probe.consentRows(community.id)).toEqual([]);
    });
  });
}
