import { describe, expect, it } from "vitest";
import { InteractionRecord } from "../../../src/core/engagement/interaction.ts";
import { retentionCron, retentionJob } from "../../../src/core/privacy/retention.service.ts";
import { privacyTablesOf } from "../../../src/persistence/repositories/in-memory/privacy.in-memory.ts";
import { coreHarness, FakeClock } from "../../support/core-harness.ts";

const DAY = 86_400_000;

describe("the retention job on a fake clock", () => {
  it("is a daily built-in schedule of the scheduler", async () => {
    const h = coreHarness();
    await h.privacy.retention.arm();
    await h.privacy.retention.arm();
    const schedules = await h.services.scheduler.list();
    expect(schedules.filter((s) => s.job === retentionJob)).toEqual([
      expect.objectContaining({ id: retentionJob, cron: retentionCron, timeZone: "UTC", state: "active" }),
    ]);
  });

  it("deletes old raw events, old activity days, spent codes and long-unseen members, and nothing else", async () => {
    const start = new Date("2026-01-01T10:00:00Z");
    const clock = new FakeClock(start);
    const h = coreHarness({ clock, retentionDays: 180 });
    const act = async (userId: string, at: Date) => {
      clock.current = at;
      await h.send({ type: "command", name: "help", options: {} }, { userId });
    };
    // Ada allows analytics and is active at the start and 200 days later; Bea is seen only at the start.
    await act("ada", start);
    const ada = [...h.repositories.store.members.values()][0]!;
    await h.services.consent.set({
      communityId: ada.communityId,
      memberId: ada.id,
      purpose: "analytics",
      granted: true,
      at: start,
      interaction: new InteractionRecord(),
    });
    await act("ada", start);
    await act("bea", start);
    await h.send({ type: "command", name: "link", options: {} }, { userId: "bea" });
    const later = new Date(start.getTime() + 200 * DAY);
    await act("ada", later);
    await h.services.engagement.flush();
    const { store } = h.repositories;
    const rollupsBefore = structuredClone([...store.dailyRollups.values()]);
    const bea = [...store.members.values()].find((m) => m.id !== ada.id)!;

    const report = await h.privacy.retention.run(later);

    expect(report.membersErased).toBe(1);
    expect(store.members.has(bea.id)).toBe(false);
    expect(store.members.has(ada.id)).toBe(true);
    expect(store.events.every((e) => e.at.getTime() >= later.getTime() - 180 * DAY)).toBe(true);
    expect(store.events.map((e) => e.at)).toEqual([later]);
    expect([...store.memberActivity.values()].map((a) => a.day)).toEqual(["2026-07-20"]);
    expect(privacyTablesOf(store).codes.size).toBe(0);
    expect([...store.dailyRollups.values()]).toEqual(rollupsBefore);
    expect(store.consents.filter((c) => c.action === "erased")).toHaveLength(1);

    const again = await h.privacy.retention.run(later);
    expect(again).toEqual({ cutoff: report.cutoff, expired: expect.any(Object), membersErased: 0 });
    expect(Object.values(again.expired).every((n) => n === 0)).toBe(true);
  });

  it("keeps everything younger than the retention period", async () => {
    const clock = new FakeClock(new Date("2026-11-01T10:00:00Z"));
    const h = coreHarness({ clock, retentionDays: 30 });
    await h.send({ type: "command", name: "help", options: {} });
    await h.services.engagement.flush();
    const report = await h.privacy.retention.run(new Date("2026-11-30T10:00:00Z"));
    expect(report.membersErased).toBe(0);
    expect(h.repositories.store.members.size).toBe(1);
    expect(h.repositories.store.events).toHaveLength(1);
  });
});
