// The retention job on a fake clock, on SQLite and (with TEST_DATABASE_URL) PostgreSQL: it deletes raw events
// and activity days older than RETENTION_DAYS, spent link codes and members unseen for that long, and
// nothing else; anonymous rollups and the consent ledger of members still around stay as they were.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../support/test-database.ts";
import { type Person, type PrivacyWorld, startPrivacyWorld } from "./privacy-world.ts";

const DAY = 86_400_000;
const start = new Date("2026-01-01T12:00:00Z");
const group = { platformId: "-1003344556677", title: "Pasticceria" };
const person = (userId: string): Person => ({ platform: "telegram", userId, community: group });
const [ada, bea, cy, dan] = ["100000000001", "100000000002", "100000000003", "100000000004"].map(person) as [
  Person,
  Person,
  Person,
  Person,
];

describe.each(testProviders())("retention on %s", (provider) => {
  let world: PrivacyWorld;

  beforeAll(async () => {
    world = await startPrivacyWorld(provider, start);
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it("deletes what is past retention and nothing else, and a second run finds nothing to do", async () => {
    const { prisma, clock, privacy, app } = world;
    const at = (days: number) => {
      clock.current = new Date(start.getTime() + days * DAY);
    };
    const help = (who: Person) => world.act(who, { type: "command", name: "help", options: {} });
    let panel = await world.act(ada, { type: "command", name: "privacy", options: {} });
    panel = await world.press(ada, panel, "Allow analytics");
    await help(ada);
    await world.act(ada, { type: "command", name: "link", options: {} });
    await help(bea);
    await world.act(bea, { type: "command", name: "link", options: {} });
    at(100);
    await help(cy);
    at(200);
    await help(ada);
    await world.act(dan, { type: "command", name: "link", options: {} });
    await app.services.engagement.flush();

    const runAt = new Date(clock.current.getTime() + 5 * 60_000);
    const cutoff = new Date(runAt.getTime() - 180 * DAY);
    const cutoffDay = cutoff.toISOString().slice(0, 10);
    const ids = Object.fromEntries(
      await Promise.all([ada, bea, cy, dan].map(async (p) => [p.userId, await world.memberId(p)] as const)),
    );
    const before = {
      events: await prisma.engagementEvent.findMany({ orderBy: { id: "asc" } }),
      activity: await prisma.memberActivityDay.findMany({ orderBy: [{ day: "asc" }, { kind: "asc" }] }),
      daily: await prisma.dailyRollup.findMany({ orderBy: [{ day: "asc" }, { kind: "asc" }] }),
      hourly: await prisma.hourlyRollup.findMany({ orderBy: [{ hour: "asc" }, { kind: "asc" }] }),
      adaConsents: await prisma.consentGrant.findMany({ where: { memberId: ids[ada.userId] }, orderBy: { id: "asc" } }),
      codes: await prisma.linkCode.findMany({ orderBy: { createdAt: "asc" } }),
    };
    expect(before.events.some((e) => e.at < cutoff)).toBe(true);
    expect(before.activity.some((a) => a.day < cutoffDay)).toBe(true);
    expect(before.codes).toHaveLength(3);

    const report = await privacy.retention.run(runAt);

    expect(report.membersErased).toBe(1);
    const remaining = await prisma.member.findMany({ select: { id: true } });
    expect(remaining.map((m) => m.id).sort()).toEqual(
      [ids[ada.userId], ids[cy.userId], ids[dan.userId]].map((id) => id ?? "").sort(),
    );
    expect(await prisma.engagementEvent.findMany({ orderBy: { id: "asc" } })).toEqual(
      before.events.filter((e) => e.at >= cutoff),
    );
    expect(await prisma.memberActivityDay.findMany({ orderBy: [{ day: "asc" }, { kind: "asc" }] })).toEqual(
      before.activity.filter((a) => a.day >= cutoffDay),
    );
    expect(await prisma.linkCode.findMany()).toEqual([before.codes[2]]);
    expect(await prisma.dailyRollup.findMany({ orderBy: [{ day: "asc" }, { kind: "asc" }] })).toEqual(before.daily);
    expect(await prisma.hourlyRollup.findMany({ orderBy: [{ hour: "asc" }, { kind: "asc" }] })).toEqual(before.hourly);
    expect(
      await prisma.consentGrant.findMany({ where: { memberId: ids[ada.userId] }, orderBy: { id: "asc" } }),
    ).toEqual(before.adaConsents);
    expect(await prisma.consentGrant.count({ where: { action: "erased" } })).toBe(1);

    const audit = await privacy.audit(runAt);
    expect(audit.checks.filter((c) => c.violations > 0)).toEqual([]);

    const again = await privacy.retention.run(runAt);
    expect(again.membersErased).toBe(0);
    expect(Object.values(again.expired)).toEqual(Object.values(again.expired).map(() => 0));
  });

  it("is stored as a daily built-in schedule when the app starts", async () => {
    expect(await world.app.services.scheduler.get("privacy.retention")).toMatchObject({
      job: "privacy.retention",
      cron: "17 3 * * *",
      timeZone: "UTC",
      state: "active",
    });
  });
});
