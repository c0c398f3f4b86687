import { describe, expect, it } from "vitest";
import { seedCommunity, seedMember } from "./harness.ts";
import { byVoter, type MakePollHarness, newPoll } from "./poll-harness.ts";

const at = new Date("2026-11-30T10:30:00Z");

/** The PollRepository and AudienceRepository contract. */
export function describePollContract(make: MakePollHarness): void {
  describe("PollRepository", () => {
    it("numbers polls from 1 in each community, distinctly even when created at the same instant", async () => {
      const h = await make();
      try {
        const a = await seedCommunity(h.repositories);
        const b = await seedCommunity(h.repositories);
        const created = await Promise.all(Array.from({ length: 5 }, () => h.storage.polls.create(newPoll(a), null)));
        const other = await h.storage.polls.create(newPoll(b), null);
        expect(created.map((p) => p.number).sort()).toEqual([1, 2, 3, 4, 5]);
        expect(other.number).toBe(1);
      } finally {
        await h.close();
      }
    });

    it("reads a poll back as it was stored, by id and by number, and lists the open ones", async () => {
      const h = await make();
      try {
        const community = await seedCommunity(h.repositories);
        const fresh = newPoll(community, {
          multi: true,
          results: "after_close",
          anonymity: "attributed",
          segment: { kind: "roles", roleIds: ["vip"] },
          mentionRoleId: "vip",
        });
        const stored = await h.storage.polls.create(fresh, null);
        expect(stored).toEqual({ ...fresh, number: 1, state: "live", closedAt: null });
        expect(await h.storage.polls.get(fresh.id)).toEqual(stored);
        expect(await h.storage.polls.findByNumber(community.id, 1)).toEqual(stored);
        expect(await h.storage.polls.findByNumber(community.id, 2)).toBeNull();
        expect(await h.storage.polls.listOpen(community.id)).toEqual([stored]);
      } finally {
        await h.close();
      }
    });

    it("sets, refuses to repeat and changes a single-choice vote", async () => {
      const h = await make();
      try {
        const poll = await h.storage.polls.create(newPoll(await seedCommunity(h.repositories)), null);
        const ballot = { pollId: poll.id, voterKey: "k1", memberId: null, mode: "single" as const, at };
        expect(await h.storage.polls.castVote({ ...ballot, option: 0 })).toEqual({
          kind: "changed",
          before: [],
          after: [0],
        });
        expect(await h.storage.polls.castVote({ ...ballot, option: 0 })).toEqual({ kind: "unchanged", choices: [0] });
        expect(await h.storage.polls.castVote({ ...ballot, option: 2 })).toEqual({
          kind: "changed",
          before: [0],
          after: [2],
        });
        await h.storage.polls.castVote({ ...ballot, voterKey: "k2", option: 2 });
        expect(await h.storage.polls.tally(poll.id)).toEqual({ counts: [0, 0, 2], voters: 2 });
        expect(await h.storage.polls.choices(poll.id, "k1")).toEqual([2]);
        expect(byVoter(await h.votes(poll.id))).toEqual([
          { voterKey: "k1", optionIndex: 2, memberId: null },
          { voterKey: "k2", optionIndex: 2, memberId: null },
        ]);
      } finally {
        await h.close();
      }
    });

    it("toggles options of a multiple-choice vote and counts voters once", async () => {
      const h = await make();
      try {
        const poll = await h.storage.polls.create(newPoll(await seedCommunity(h.repositories), { multi: true }), null);
        const ballot = { pollId: poll.id, voterKey: "k", memberId: null, mode: "toggle" as const, at };
        await h.storage.polls.castVote({ ...ballot, option: 2 });
        await h.storage.polls.castVote({ ...ballot, option: 0 });
        expect(await h.storage.polls.choices(poll.id, "k")).toEqual([0, 2]);
        expect(await h.storage.polls.tally(poll.id)).toEqual({ counts: [1, 0, 1], voters: 1 });
        expect(await h.storage.polls.castVote({ ...ballot, option: 2 })).toEqual({
          kind: "changed",
          before: [0, 2],
          after: [0],
        });
        expect(await h.storage.polls.tally(poll.id)).toEqual({ counts: [1, 0, 0], voters: 1 });
      } finally {
        await h.close();
      }
    });

    it("refuses votes at and after the closing time, and on a closed poll", async () => {
      const h = await make();
      try {
        const community = await seedCommunity(h.repositories);
        const poll = await h.storage.polls.create(newPoll(community), null);
        const ballot = { pollId: poll.id, voterKey: "k", memberId: null, mode: "single" as const, option: 1 };
        expect(await h.storage.polls.castVote({ ...ballot, at: poll.closesAt })).toEqual({ kind: "closed" });
        const early = await h.storage.polls.create(newPoll(community), null);
        await h.storage.polls.close(early.id, at, "now");
        expect(await h.storage.polls.castVote({ ...ballot, pollId: early.id, at })).toEqual({ kind: "closed" });
        expect(await h.storage.polls.tally(early.id)).toEqual({ counts: [0, 0, 0], voters: 0 });
      } finally {
        await h.close();
      }
    });

    it("closes a poll when due, once, with a final tally; early when asked", async () => {
      const h = await make();
      try {
        const community = await seedCommunity(h.repositories);
        const poll = await h.storage.polls.create(newPoll(community), null);
        await h.storage.polls.castVote({
          pollId: poll.id,
          voterKey: "k",
          memberId: null,
          mode: "single",
          option: 1,
          at,
        });
        expect((await h.storage.polls.close(poll.id, at, "due")).kind).toBe("not_due");
        const closed = await h.storage.polls.close(poll.id, poll.closesAt, "due");
        expect(closed).toMatchObject({ kind: "closed", tally: { counts: [0, 1, 0], voters: 1 } });
        expect(closed.kind === "closed" && [closed.poll.state, closed.poll.closedAt]).toEqual([
          "closed",
          poll.closesAt,
        ]);
        const again = await h.storage.polls.close(poll.id, new Date(poll.closesAt.getTime() + 1000), "due");
        expect(again).toMatchObject({ kind: "already_closed", tally: { counts: [0, 1, 0], voters: 1 } });
        expect(again.kind === "already_closed" && again.poll.closedAt).toEqual(poll.closesAt);
        expect(await h.storage.polls.listOpen(community.id)).toEqual([]);
        expect((await h.storage.polls.close("no-such-poll", at, "now")).kind).toBe("not_found");
        const other = await h.storage.polls.create(newPoll(community), null);
        expect((await h.storage.polls.close(other.id, at, "now")).kind).toBe("closed");
      } finally {
        await h.close();
      }
    });

    it("keeps each message once, in order, and forgets everything of a discarded poll", async () => {
      const h = await make();
      try {
        const community = await seedCommunity(h.repositories);
        const poll = await h.storage.polls.create(newPoll(community), null);
        const ref = { platform: "telegram" as const, channelId: "-100777", messageId: "41" };
        await h.storage.polls.addMessage(poll.id, { role: "channel", ref, at });
        await h.storage.polls.addMessage(poll.id, { role: "channel", ref, at });
        await h.storage.polls.addMessage(poll.id, { role: "results", ref: { ...ref, messageId: "42" }, at });
        expect(await h.storage.polls.messages(poll.id)).toEqual([
          { role: "channel", ref, at },
          { role: "results", ref: { ...ref, messageId: "42" }, at },
        ]);
        await h.storage.polls.castVote({
          pollId: poll.id,
          voterKey: "k",
          memberId: null,
          mode: "single",
          option: 0,
          at,
        });
        await h.storage.polls.discard(poll.id);
        expect(await h.storage.polls.get(poll.id)).toBeNull();
        expect(await h.storage.polls.messages(poll.id)).toEqual([]);
        expect(await h.votes(poll.id)).toEqual([]);
      } finally {
        await h.close();
      }
    });

    it("keeps the audience decided at sending, and forgets erased members from it", async () => {
      const h = await make();
      try {
        const community = await seedCommunity(h.repositories);
        const [inside, outside] = [
          await seedMember(h.repositories, community.id),
          await seedMember(h.repositories, community.id),
        ];
        const poll = await h.storage.polls.create(newPoll(community), [inside.id]);
        expect(await h.storage.polls.inAudience(poll.id, inside.id)).toBe(true);
        expect(await h.storage.polls.inAudience(poll.id, outside.id)).toBe(false);
        await h.repositories.members.delete(inside.id);
        expect(await h.storage.polls.inAudience(poll.id, inside.id)).toBe(false);
      } finally {
        await h.close();
      }
    });

    it("unlinks an erased member's attributed vote but keeps counting it", async () => {
      const h = await make();
      try {
        const community = await seedCommunity(h.repositories);
        const member = await seedMember(h.repositories, community.id);
        const poll = await h.storage.polls.create(newPoll(community, { anonymity: "attributed" }), null);
        const ballot = { pollId: poll.id, voterKey: "k", memberId: member.id, mode: "single" as const, option: 1, at };
        await h.storage.polls.castVote(ballot);
        expect((await h.votes(poll.id)).map((v) => v.memberId)).toEqual([member.id]);
        await h.repositories.members.delete(member.id);
        expect((await h.votes(poll.id)).map((v) => v.memberId)).toEqual([null]);
        expect(await h.storage.polls.tally(poll.id)).toEqual({ counts: [0, 1, 0], voters: 1 });
      } finally {
        await h.close();
      }
    });
  });

  describe("AudienceRepository", () => {
    it("pages through a community's members in id order", async () => {
      const h = await make();
      try {
        const community = await seedCommunity(h.repositories);
        const other = await seedCommunity(h.repositories);
        const members = await Promise.all(Array.from({ length: 7 }, () => seedMember(h.repositories, community.id)));
        await seedMember(h.repositories, other.id);
        const ids = members.map((m) => m.id).sort();
        const first = await h.storage.audience.membersPage(community.id, null, 3);
        const second = await h.storage.audience.membersPage(community.id, first.at(-1)!.id, 3);
        const third = await h.storage.audience.membersPage(community.id, second.at(-1)!.id, 3);
        expect([...first, ...second, ...third].map((m) => m.id)).toEqual(ids);
        expect(third).toHaveLength(1);
        expect(first[0]).toEqual(members.find((m) => m.id === ids[0]));
      } finally {
        await h.close();
      }
    });
  });
}
