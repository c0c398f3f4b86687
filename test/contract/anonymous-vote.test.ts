// An anonymous vote cannot be traced back to its voter through the database: its event names nobody, no other row
// names the member at that instant, and its replay key appears in no other cell of any table. An attributed poll's
// vote, by contrast, is one event naming the consenting voter. Runs on SQLite, and on PostgreSQL with
// TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../support/test-database.ts";
import { databaseTables, type Person, type PrivacyWorld, startPrivacyWorld, tableText } from "./privacy-world.ts";

const group = { platformId: "-1004455667788", title: "Gelateria" };
const ada: Person = { platform: "telegram", userId: "987650001", community: group };
const moderator: Person = { platform: "telegram", userId: "987650002", community: group, admin: true };

const poll = (anonymity: "anonymous" | "attributed") => ({
  type: "command" as const,
  name: "poll",
  options: { question: "Cone or cup?", option1: "Cone", option2: "Cup", anonymity },
});

describe.each(testProviders())("an anonymous vote on %s", (provider) => {
  let world: PrivacyWorld;

  beforeAll(async () => {
    world = await startPrivacyWorld(provider, new Date("2026-12-01T12:00:00Z"));
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it("is one event that names nobody and shares no key with any other row", async () => {
    const { prisma, app } = world;
    const panel = await world.act(ada, { type: "command", name: "privacy", options: {} });
    await world.press(ada, panel, "Allow analytics");
    await world.act(moderator, poll("anonymous"));
    await world.act(moderator, poll("attributed"));
    const anonymousVote = await world.act(ada, { type: "action", name: "pl_v", args: ["1", "0"] });
    const votedAt = world.clock.now();
    const attributedVote = await world.act(ada, { type: "action", name: "pl_v", args: ["2", "1"] });
    expect([anonymousVote.outcome, attributedVote.outcome]).toEqual(["ok", "ok"]);
    await app.services.engagement.flush();
    const adaId = await world.memberId(ada);

    // Exactly one event for the update, and it names nobody.
    const atVote = await prisma.engagementEvent.findMany({ where: { at: votedAt } });
    expect(atVote.map((e) => [e.kind, e.memberId])).toEqual([["vote", null]]);
    const key = atVote[0]?.dedupeKey ?? "";
    const processed = await prisma.processedUpdate.findFirstOrThrow({ where: { at: votedAt } });
    expect(key).not.toContain(processed.updateId);

    // Its key is in its own row and nowhere else in the database.
    const holding: string[] = [];
    for (const table of await databaseTables(prisma, provider)) {
      const text = await tableText(prisma, table);
      if (text.split(key).length - 1 > (table === "EngagementEvent" ? 1 : 0)) holding.push(table);
    }
    expect(holding).toEqual([]);

    // The attributed poll's vote is one event, naming the consenting voter.
    const attributed = await prisma.engagementEvent.findMany({ where: { at: world.clock.now() } });
    expect(attributed.map((e) => [e.kind, e.memberId])).toEqual([["vote", adaId]]);
  });
});
