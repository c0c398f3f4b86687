import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dedupeKey,
  eventRow,
  type MakeRepositories,
  type RepositoryHarness,
  seedCommunity,
  seedMember,
} from "./harness.ts";

/** The MemberRepository contract. */
export function describeMemberContract(makeRepos: MakeRepositories): void {
  describe("MemberRepository", () => {
    let harness: RepositoryHarness;
    beforeAll(async () => {
      harness = await makeRepos();
    });
    afterAll(() => harness?.close());

    const firstSeen = new Date("2026-03-01T09:00:00.123Z");
    const later = new Date("2026-03-04T18:30:00.456Z");

    it("creates a member on first sight, joined and last seen at that moment", async () => {
      const community = await seedCommunity(harness.repositories);
      const input = { id: randomUUID(), communityId: community.id, pseudonym: randomUUID(), at: firstSeen };
      const member = await harness.repositories.members.touch({ ...input, roles: ["r1", "r2"], locale: "it" });
      expect(member).toEqual({
        id: input.id,
        communityId: community.id,
        pseudonym: input.pseudonym,
        joinedAt: firstSeen,
        lastSeenAt: firstSeen,
        roles: ["r1", "r2"],
        locale: "it",
      });
      expect(await harness.repositories.members.get(input.id)).toEqual(member);
      expect(await harness.repositories.members.findByPseudonym(community.id, input.pseudonym)).toEqual(member);
    });

    it("refreshes last seen, roles and locale on a later touch and keeps the id and join time", async () => {
      const community = await seedCommunity(harness.repositories);
      const pseudonym = randomUUID();
      const first = await harness.repositories.members.touch({
        id: randomUUID(),
        communityId: community.id,
        pseudonym,
        at: firstSeen,
        roles: ["r1"],
        locale: "it",
      });
      const again = await harness.repositories.members.touch({
        id: randomUUID(),
        communityId: community.id,
        pseudonym,
        at: later,
        roles: [],
        locale: null,
      });
      expect(again).toEqual({ ...first, lastSeenAt: later, roles: [], locale: null });
      expect(await harness.repositories.members.get(first.id)).toEqual(again);
    });

    it("answers two concurrent touches of a new member with the same row", async () => {
      const community = await seedCommunity(harness.repositories);
      const other = await harness.connectAgain();
      const pseudonym = randomUUID();
      const touch = (repositories: typeof other) =>
        repositories.members.touch({
          id: randomUUID(),
          communityId: community.id,
          pseudonym,
          at: firstSeen,
          roles: [],
          locale: null,
        });
      const members = await Promise.all([
        touch(harness.repositories),
        touch(other),
        touch(harness.repositories),
        touch(other),
      ]);
      expect(new Set(members.map((m) => m.id)).size).toBe(1);
      expect(await harness.repositories.members.findByPseudonym(community.id, pseudonym)).toEqual(members[0]);
    });

    it("keeps members of different communities apart under the same pseudonym", async () => {
      const one = await seedCommunity(harness.repositories);
      const two = await seedCommunity(harness.repositories);
      const pseudonym = randomUUID();
      const base = { pseudonym, at: firstSeen, roles: [], locale: null };
      const a = await harness.repositories.members.touch({ ...base, id: randomUUID(), communityId: one.id });
      const b = await harness.repositories.members.touch({ ...base, id: randomUUID(), communityId: two.id });
      expect(a.id).not.toBe(b.id);
      expect((await harness.repositories.members.findByPseudonym(two.id, pseudonym))?.id).toBe(b.id);
    });

    it("answers null for a member it does not know", async () => {
      const community = await seedCommunity(harness.repositories);
      expect(await harness.repositories.members.get(randomUUID())).toBeNull();
      expect(await harness.repositories.members.findByPseudonym(community.id, randomUUID())).toBeNull();
    });

    it("refuses a member of a community that does not exist", async () => {
      const id = randomUUID();
      const touch = harness.repositories.members.touch({
        id,
        communityId: randomUUID(),
        pseudonym: randomUUID(),
        at: firstSeen,
        roles: [],
        locale: null,
      });
      await expect(touch).rejects.toThrow();
      expect(await harness.repositories.members.get(id)).toBeNull();
    });

    it("erases a member: events and consents lose the reference, activity rows go, aggregates stay", async () => {
      const community = await seedCommunity(harness.repositories);
      const member = await seedMember(harness.repositories, community.id);
      const bystander = await seedMember(harness.repositories, community.id);
      const at = new Date("2026-03-02T10:00:00Z");
      await harness.repositories.consents.append({
        communityId: community.id,
        memberId: member.id,
        purpose: "analytics",
        action: "granted",
        noticeVersion: "v1",
        at,
      });
      await harness.repositories.engagement.writeBatch([
        eventRow(community, { at, memberId: member.id, dedupeKey: dedupeKey() }),
        eventRow(community, { at, memberId: bystander.id }),
      ]);
      const rollupsBefore = await harness.probe.dailyRollups(community.id);

      await harness.repositories.members.delete(member.id);

      expect(await harness.repositories.members.get(member.id)).toBeNull();
      expect(await harness.repositories.members.get(bystander.id)).not.toBeNull();
      expect(await harness.repositories.consents.history(member.id)).toEqual([]);
      expect((await harness.probe.consentRows(community.id)).map((row) => row.memberId)).toEqual([null]);
      expect((await harness.probe.events(community.id)).map((e) => e.memberId).sort()).toEqual(
        [bystander.id, null].sort(),
      );
      expect((await harness.probe.memberActivity(community.id)).map((row) => row.memberId)).toEqual([bystander.id]);
      expect(await harness.probe.dailyRollups(community.id)).toEqual(rollupsBefore);
    });

    it("does nothing when deleting a member that does not exist", async () => {
      await expect(harness.repositories.members.delete(randomUUID())).resolves.toBeUndefined();
    });
  });
}
