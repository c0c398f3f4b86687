// Erasure is complete: after /mydata erase, no row of any table of the database names the member, their
// pseudonym, their platform ids, their sealed contact address or their poll voter keys, while anonymous
// aggregates stay exactly as they were. A table added later that no personal-data source answers for and
// that is not declared person-free fails this test. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VoterKeys } from "../../src/core/polls/voter-key.ts";
import { personFreeTables } from "../../src/persistence/repositories/privacy-sources.ts";
import { testSecret } from "../support/test-app.ts";
import { testProviders } from "../support/test-database.ts";
import {
  databaseTables,
  type Person,
  type PrivacyWorld,
  startPrivacyWorld,
  tableText,
  viewOf,
} from "./privacy-world.ts";

const start = new Date("2026-06-01T12:00:00Z");
const group = { platformId: "-1009988776655", title: "Gelateria" };
const guild = { platformId: "880011223344556677", title: "Gelateria HQ" };
const ada: Person = { platform: "telegram", userId: "987654321987", community: group };
const adaOnDiscord: Person = { platform: "discord", userId: "771122334455667788", community: guild };
const bob: Person = { platform: "telegram", userId: "555000111222", community: group };
const moderator: Person = { platform: "telegram", userId: "444000111333", community: group, admin: true };

/** Opens /privacy and allows each purpose in turn. */
async function allow(world: PrivacyWorld, person: Person, labels: readonly string[]) {
  let panel = await world.act(person, { type: "command", name: "privacy", options: {} });
  for (const label of labels) panel = await world.press(person, panel, label);
  return panel;
}

/**
 * The rollups plus the one event the erasure's confirmation records itself: an anonymous "command" in the
 * Discord community (the member is gone by then). Nothing else may change.
 */
function withAnonymousCommand<R extends { communityId: string; kind: string; count: number; anonymousCount?: number }>(
  rows: readonly R[],
  communityId: string,
): R[] {
  return rows.map((row) =>
    row.communityId === communityId && row.kind === "command"
      ? {
          ...row,
          count: row.count + 1,
          ...(row.anonymousCount === undefined ? {} : { anonymousCount: row.anonymousCount + 1 }),
        }
      : row,
  );
}

const vote = (world: PrivacyWorld, person: Person, poll: number, option: number) =>
  world.act(person, { type: "action", name: "pl_v", args: [String(poll), String(option)] });

describe.each(testProviders())("erasure on %s", (provider) => {
  let world: PrivacyWorld;

  beforeAll(async () => {
    world = await startPrivacyWorld(provider, start);
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it("leaves no row that names the member in any table, keeps aggregates exact, and is idempotent", async () => {
    const { prisma, privacy, app } = world;
    const panel = await allow(world, ada, ["Allow analytics", "Allow personalization", "Allow direct messages"]);
    await allow(world, bob, ["Allow analytics"]);
    await world.act(moderator, {
      type: "command",
      name: "poll",
      options: { question: "Cone or cup?", option1: "Cone", option2: "Cup", anonymity: "attributed", closes: "2d" },
    });
    await vote(world, ada, 1, 0);
    await vote(world, bob, 1, 1);
    await world.act(moderator, {
      type: "command",
      name: "poll",
      options: {
        question: "Next flavour?",
        option1: "Fig",
        option2: "Lime",
        segment: "active",
        days: 30,
        direct: true,
      },
    });
    await app.services.polls.idle();
    expect(world.chats.telegram.privates.map((p) => p.contact)).toEqual([ada.userId]);
    await world.press(ada, panel, "Stop analytics");
    await vote(world, ada, 2, 1);
    const issued = await world.act(ada, { type: "command", name: "link", options: {} });
    const code = /\/link ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(JSON.stringify(viewOf(issued)))?.[1] ?? "";
    const linked = await world.act(adaOnDiscord, { type: "command", name: "link", options: { code } });
    expect(linked.outcome).toBe("ok");
    await allow(world, adaOnDiscord, ["Allow analytics"]);
    await world.act(adaOnDiscord, { type: "command", name: "help", options: {} });
    const adaId = (await world.memberId(ada)) ?? "";
    const adaDiscordId = (await world.memberId(adaOnDiscord)) ?? "";
    const discordCommunityId =
      (await app.services.repositories.communities.findByPlatformId("discord", guild.platformId))?.id ?? "";
    const communityId =
      (await app.services.repositories.communities.findByPlatformId("telegram", group.platformId))?.id ?? "";
    await app.database.repositories.digests.subscribe({
      communityId,
      memberId: adaId,
      scope: "community",
      createdAt: start,
    });
    await app.database.repositories.digests.recordDelivery(
      { communityId, week: "2026-W22", recipient: "community", memberId: adaId },
      start,
    );
    await app.services.engagement.flush();

    const polls = await prisma.campaign.findMany({ where: { kind: "poll" }, orderBy: { number: "asc" } });
    const voterKeys = new VoterKeys(testSecret);
    const members = await prisma.member.findMany({ where: { id: { in: [adaId, adaDiscordId] } } });
    const contacts = await prisma.memberContact.findMany({ where: { memberId: adaId } });
    expect(contacts).toHaveLength(1);
    expect(await prisma.campaignMessage.count({ where: { memberId: adaId } })).toBe(1);
    expect(await prisma.campaignAudience.count({ where: { memberId: adaId } })).toBe(1);
    expect(await prisma.personLink.count()).toBe(2);
    const identities = [
      adaId,
      adaDiscordId,
      ...members.map((m) => m.pseudonym),
      ada.userId,
      adaOnDiscord.userId,
      ...contacts.map((c) => c.sealed),
      ...polls.flatMap((p) => [voterKeys.of(p.id, adaId), voterKeys.of(p.id, adaDiscordId)]),
    ];
    const asked = await world.act(adaOnDiscord, { type: "command", name: "mydata", subcommand: "erase", options: {} });
    await app.services.engagement.flush();
    const before = {
      daily: await prisma.dailyRollup.findMany({ orderBy: [{ day: "asc" }, { kind: "asc" }, { communityId: "asc" }] }),
      hourly: await prisma.hourlyRollup.findMany({
        orderBy: [{ hour: "asc" }, { kind: "asc" }, { communityId: "asc" }],
      }),
      tallies: await Promise.all(polls.map((p) => app.services.repositories.polls.tally(p.id))),
      bobVotes: await prisma.pollVote.findMany({ where: { memberId: { not: null } } }),
      events: await prisma.engagementEvent.count(),
    };
    expect(before.tallies.map((t) => t.counts)).toEqual([
      [1, 1],
      [0, 1],
    ]);

    const erased = await world.press(adaOnDiscord, asked, "Erase my data");
    expect(JSON.stringify(viewOf(erased))).toContain("your data is erased");
    await app.services.engagement.flush();

    const tables = await databaseTables(prisma, provider);
    const claimed = new Set(privacy.service.sources.flatMap((s) => s.tables));
    expect(tables.filter((t) => !claimed.has(t) && !personFreeTables.includes(t))).toEqual([]);
    expect([...claimed].filter((t) => !tables.includes(t))).toEqual([]);
    for (const table of tables) {
      const text = await tableText(prisma, table);
      expect({ table, found: identities.filter((identity) => text.includes(identity)) }).toEqual({ table, found: [] });
    }

    expect(
      await prisma.dailyRollup.findMany({ orderBy: [{ day: "asc" }, { kind: "asc" }, { communityId: "asc" }] }),
    ).toEqual(withAnonymousCommand(before.daily, discordCommunityId));
    expect(
      await prisma.hourlyRollup.findMany({ orderBy: [{ hour: "asc" }, { kind: "asc" }, { communityId: "asc" }] }),
    ).toEqual(withAnonymousCommand(before.hourly, discordCommunityId));
    expect(await Promise.all(polls.map((p) => app.services.repositories.polls.tally(p.id)))).toEqual(before.tallies);
    expect(await prisma.pollVote.findMany({ where: { memberId: { not: null } } })).toEqual(
      before.bobVotes.filter((v) => v.memberId !== adaId),
    );
    // Every event stays, unlinked, plus the confirmation's own (anonymous) event.
    expect(await prisma.engagementEvent.count()).toBe(before.events + 1);
    expect(await prisma.member.count({ where: { id: { in: [adaId, adaDiscordId] } } })).toBe(0);
    expect(await world.memberId(bob)).not.toBeNull();
    const tombstones = await prisma.consentGrant.findMany({ where: { action: "erased" } });
    const erasedAt = world.clock.now();
    expect(tombstones.map((t) => [t.memberId, t.purpose, t.at])).toEqual([
      [null, null, erasedAt],
      [null, null, erasedAt],
    ]);

    const audit = await privacy.audit(world.clock.now());
    expect(audit.tables.total).toBe(tables.length);
    expect(audit.checks.filter((c) => c.violations > 0)).toEqual([]);
    expect(audit.violations).toBe(0);

    const again = await privacy.service.erase(
      privacy.persons.subject([
        { id: adaId, communityId },
        { id: adaDiscordId, communityId },
      ]),
      world.clock.now(),
    );
    expect(again).toEqual({ members: 0, rows: 0, tombstones: 0 });
    expect(await prisma.consentGrant.count({ where: { action: "erased" } })).toBe(2);
  });

  it("deletes the contact address and the private copies the moment direct messages are withdrawn", async () => {
    const { prisma } = world;
    const cy: Person = { platform: "telegram", userId: "666000111222", community: group };
    const panel = await allow(world, cy, ["Allow direct messages"]);
    await world.act(moderator, {
      type: "command",
      name: "poll",
      options: { question: "Open on Sunday?", option1: "Yes", option2: "No", direct: true },
    });
    await world.app.services.polls.idle();
    const cyId = (await world.memberId(cy)) ?? "";
    expect(await prisma.memberContact.count({ where: { memberId: cyId } })).toBe(1);
    expect(await prisma.campaignMessage.count({ where: { memberId: cyId } })).toBe(1);
    await world.press(cy, panel, "Stop direct messages");
    expect(await prisma.memberContact.count({ where: { memberId: cyId } })).toBe(0);
    expect(await prisma.campaignMessage.count({ where: { memberId: cyId } })).toBe(0);
    expect(await prisma.promptDelivery.count({ where: { memberId: cyId } })).toBe(1);
    const audit = await world.privacy.audit(world.clock.now());
    expect([audit.tables.unclassified, audit.checks.filter((c) => c.violations > 0)]).toEqual([[], []]);
  });
});
