import { describe, expect, it } from "vitest";
import type { NewPromptDelivery } from "../../src/core/ports/delivery.repository.port.ts";
import { seedCommunity, seedMember } from "./harness.ts";
import { type MakePollHarness, newPoll, type PollHarness } from "./poll-harness.ts";

const day = (d: number) => new Date(Date.UTC(2026, 10, 30 + d, 10));

async function seed(h: PollHarness) {
  const community = await seedCommunity(h.repositories);
  const member = await seedMember(h.repositories, community.id);
  const polls = await Promise.all([1, 2, 3, 4].map(() => h.storage.polls.create(newPoll(community), null)));
  const prompt = (i: number, overrides: Partial<NewPromptDelivery> = {}): NewPromptDelivery => ({
    communityId: community.id,
    campaignId: polls[i]!.id,
    memberId: member.id,
    status: "sent",
    reason: null,
    deliverAt: day(0),
    createdAt: day(0),
    ...overrides,
  });
  return { community, member, polls, prompt };
}

/** The DeliveryRepository contract. */
export function describeDeliveryContract(make: MakePollHarness): void {
  describe("DeliveryRepository", () => {
    it("prompts a member once per campaign: a second create returns the first row", async () => {
      const h = await make();
      try {
        const { prompt } = await seed(h);
        const first = await h.storage.deliveries.create(prompt(0));
        const second = await h.storage.deliveries.create(prompt(0, { status: "skipped", reason: "weekly_cap" }));
        expect(first.created).toBe(true);
        expect(second).toEqual({ record: first.record, created: false });
        expect(await h.storage.deliveries.get(first.record.id)).toEqual(first.record);
      } finally {
        await h.close();
      }
    });

    it("counts a member's sent and deferred prompts in a window, not skipped ones or the one left out", async () => {
      const h = await make();
      try {
        const { prompt, community, polls } = await seed(h);
        const sent = await h.storage.deliveries.create(prompt(0, { deliverAt: day(1) }));
        await h.storage.deliveries.create(prompt(1, { status: "deferred", reason: "quiet_hours", deliverAt: day(2) }));
        await h.storage.deliveries.create(prompt(2, { status: "skipped", reason: "weekly_cap", deliverAt: day(2) }));
        await h.storage.deliveries.create(prompt(3, { deliverAt: day(9) }));
        const someoneElse = await seedMember(h.repositories, community.id);
        await h.storage.deliveries.create({ ...prompt(0, { deliverAt: day(1) }), memberId: someoneElse.id });
        const member = prompt(0).memberId;
        expect(await h.storage.deliveries.countPlanned(member, day(0), day(7))).toBe(2);
        expect(await h.storage.deliveries.countPlanned(member, day(0), day(7), sent.record.id)).toBe(1);
        expect(await h.storage.deliveries.countPlanned(member, day(2), day(7))).toBe(1);
        expect(await h.storage.deliveries.counts(polls[0]!.id)).toEqual({ sent: 2, deferred: 0, skipped: 0 });
      } finally {
        await h.close();
      }
    });

    it("settles a deferred prompt once", async () => {
      const h = await make();
      try {
        const { prompt } = await seed(h);
        const { record } = await h.storage.deliveries.create(
          prompt(0, { status: "deferred", reason: "weekly_cap", deliverAt: day(7) }),
        );
        const next = { status: "sent" as const, reason: null, deliverAt: day(7) };
        expect(await h.storage.deliveries.settleDeferred(record.id, next)).toBe(true);
        expect(await h.storage.deliveries.settleDeferred(record.id, next)).toBe(false);
        await h.storage.deliveries.update(record.id, { status: "skipped", reason: "blocked", deliverAt: day(7) });
        expect(await h.storage.deliveries.get(record.id)).toMatchObject({ status: "skipped", reason: "blocked" });
      } finally {
        await h.close();
      }
    });

    it("keeps counting an erased member's prompts without the member", async () => {
      const h = await make();
      try {
        const { prompt, member, polls } = await seed(h);
        const { record } = await h.storage.deliveries.create(prompt(0));
        await h.repositories.members.delete(member.id);
        expect((await h.storage.deliveries.get(record.id))?.memberId).toBeNull();
        expect(await h.storage.deliveries.counts(polls[0]!.id)).toEqual({ sent: 1, deferred: 0, skipped: 0 });
      } finally {
        await h.close();
      }
    });
  });
}
