// The digest's repositories: DigestRepository must answer the same on every implementation (in memory, SQLite,
// and PostgreSQL when TEST_DATABASE_URL names a server); CampaignMetricsPrisma must read the campaign tables
// right on both databases (in memory, campaign facts are stated by tests, so there is nothing to check).
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DigestRepository } from "../../src/core/digest/digest.repository.port.ts";
import type { Community } from "../../src/core/domain/community.ts";
import type { Repositories } from "../../src/core/ports/repositories.port.ts";
import { openDatabase } from "../../src/persistence/database.ts";
import type { DatabaseClient } from "../../src/persistence/database-client.ts";
import { applyMigrations } from "../../src/persistence/migrations/migrator.ts";
import { CampaignMetricsPrisma } from "../../src/persistence/repositories/digest-campaigns.repository.ts";
import { createInMemoryRepositories } from "../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { createTestDatabase, type TestProvider, testProviders } from "../support/test-database.ts";
import { eventRow, seedCommunity, seedMember } from "./harness.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const migrations: Record<TestProvider, string> = {
  sqlite: join(root, "prisma", "migrations"),
  postgresql: join(root, "prisma", "migrations-postgres"),
};

interface Storage {
  readonly repositories: Repositories;
  readonly prisma: DatabaseClient | null;
  close(): Promise<void>;
}

async function inMemory(): Promise<Storage> {
  return { repositories: createInMemoryRepositories(), prisma: null, close: async () => {} };
}

function onDatabase(provider: TestProvider): () => Promise<Storage> {
  return async () => {
    const database = await createTestDatabase(provider);
    await applyMigrations({ provider, url: database.url, migrationsDir: migrations[provider] });
    const db = await openDatabase(database.url);
    return {
      repositories: db.repositories,
      prisma: db.prisma,
      close: async () => {
        await db.close();
        await database.drop();
      },
    };
  };
}

const at = (iso: string) => new Date(iso);

describe.each([
  ["in-memory", inMemory],
  ...testProviders().map((p): [string, () => Promise<Storage>] => [p, onDatabase(p)]),
])("%s digest repository", (_name, make) => {
  let storage: Storage;
  let digests: DigestRepository;
  beforeAll(async () => {
    storage = await make();
    digests = storage.repositories.digests;
  });
  afterAll(async () => {
    await storage.close();
  });

  it("reads the daily and hourly rollups of a community within the range asked", async () => {
    const { repositories } = storage;
    const community = await seedCommunity(repositories);
    const other = await seedCommunity(repositories);
    const member = await seedMember(repositories, community.id);
    await repositories.engagement.writeBatch([
      eventRow(community, { at: at("2026-11-22T23:30:00Z"), kind: "vote", memberId: member.id }),
      eventRow(community, { at: at("2026-11-23T10:00:00Z"), kind: "vote" }),
      eventRow(community, { at: at("2026-11-23T10:20:00Z"), kind: "ask", memberId: member.id }),
      eventRow(community, { at: at("2026-11-30T10:00:00Z"), kind: "vote" }),
      eventRow(other, { at: at("2026-11-23T10:00:00Z"), kind: "vote" }),
    ]);
    // 23:30 UTC on the 22nd is already the 23rd in Rome.
    expect(await digests.dailyTotals(community.id, "2026-11-23", "2026-11-30")).toEqual([
      { day: "2026-11-23", kind: "ask", count: 1, anonymousCount: 0, distinctMembers: 1 },
      { day: "2026-11-23", kind: "vote", count: 2, anonymousCount: 1, distinctMembers: 1 },
    ]);
    expect(await digests.hourlyTotals(community.id, at("2026-11-23T00:00:00Z"), at("2026-11-24T00:00:00Z"))).toEqual([
      { hour: at("2026-11-23T10:00:00Z"), kind: "ask", count: 1 },
      { hour: at("2026-11-23T10:00:00Z"), kind: "vote", count: 1 },
    ]);
  });

  it("lists each active member once per day, leaving out the excluded kinds", async () => {
    const { repositories } = storage;
    const community = await seedCommunity(repositories);
    const [a, b] = [await seedMember(repositories, community.id), await seedMember(repositories, community.id)];
    await repositories.engagement.writeBatch([
      eventRow(community, { at: at("2026-11-23T09:00:00Z"), kind: "vote", memberId: a.id }),
      eventRow(community, { at: at("2026-11-23T11:00:00Z"), kind: "ask", memberId: a.id }),
      eventRow(community, { at: at("2026-11-23T12:00:00Z"), kind: "consent_change", memberId: b.id }),
      eventRow(community, { at: at("2026-11-24T12:00:00Z"), kind: "command", memberId: b.id }),
      eventRow(community, { at: at("2026-11-24T13:00:00Z"), kind: "command" }),
    ]);
    const days = await digests.activeDays(community.id, "2026-11-23", "2026-11-30", ["consent_change"]);
    expect(days).toEqual([
      { memberId: a.id, day: "2026-11-23" },
      { memberId: b.id, day: "2026-11-24" },
    ]);
    expect(await digests.activeDays(community.id, "2026-11-23", "2026-11-30", [])).toHaveLength(3);
  });

  it("tells who joined when, and who held which consent at an instant", async () => {
    const { repositories } = storage;
    const community = await seedCommunity(repositories);
    const early = await seedMember(repositories, community.id, at("2026-11-01T10:00:00Z"));
    const late = await seedMember(repositories, community.id, at("2026-11-25T10:00:00Z"));
    const ledger = (
      memberId: string,
      purpose: "analytics" | "direct_messages",
      action: "granted" | "withdrawn",
      when: string,
    ) =>
      repositories.consents.append({
        communityId: community.id,
        memberId,
        purpose,
        action,
        noticeVersion: "v",
        at: at(when),
      });
    await ledger(early.id, "analytics", "granted", "2026-11-02T10:00:00Z");
    await ledger(early.id, "direct_messages", "granted", "2026-11-02T10:00:00Z");
    await ledger(early.id, "direct_messages", "withdrawn", "2026-11-20T10:00:00Z");
    await ledger(late.id, "analytics", "granted", "2026-11-25T11:00:00Z");

    expect(await digests.joins(community.id, at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z"))).toEqual([
      { memberId: late.id, joinedAt: at("2026-11-25T10:00:00Z") },
    ]);
    expect(await digests.consentTally(community.id, at("2026-11-19T00:00:00Z"))).toEqual({
      members: 1,
      granted: { analytics: 1, personalization: 0, direct_messages: 1 },
    });
    expect(await digests.consentTally(community.id, at("2026-11-30T00:00:00Z"))).toEqual({
      members: 2,
      granted: { analytics: 2, personalization: 0, direct_messages: 0 },
    });
  });

  it("keeps one subscription per member and scope, oldest first, and removes it on request", async () => {
    const { repositories } = storage;
    const community = await seedCommunity(repositories);
    const [a, b] = [await seedMember(repositories, community.id), await seedMember(repositories, community.id)];
    const subscribe = (memberId: string, scope: "community" | "brand", when: string) =>
      digests.subscribe({ communityId: community.id, memberId, scope, createdAt: at(when) });
    expect(await subscribe(b.id, "community", "2026-11-20T10:00:00Z")).toBe(true);
    expect(await subscribe(a.id, "brand", "2026-11-21T10:00:00Z")).toBe(true);
    expect(await subscribe(b.id, "community", "2026-11-22T10:00:00Z")).toBe(false);
    expect((await digests.subscriptions(community.id)).map((s) => [s.memberId, s.scope])).toEqual([
      [b.id, "community"],
      [a.id, "brand"],
    ]);
    expect(await digests.unsubscribe(community.id, b.id, "brand")).toBe(false);
    expect(await digests.unsubscribe(community.id, b.id, "community")).toBe(true);
    expect((await digests.subscriptions(community.id)).map((s) => s.memberId)).toEqual([a.id]);
  });

  it("records each delivery once, per week and recipient", async () => {
    const { repositories } = storage;
    const community = await seedCommunity(repositories);
    const member = await seedMember(repositories, community.id);
    const staff = { communityId: community.id, week: "2026-W48", recipient: "staff" as const, memberId: null };
    const direct = { ...staff, recipient: "brand" as const, memberId: member.id };
    expect(await digests.delivered(staff)).toBe(false);
    await digests.recordDelivery(staff, at("2026-11-30T08:00:00Z"));
    await digests.recordDelivery(staff, at("2026-11-30T08:05:00Z"));
    expect(await digests.delivered(staff)).toBe(true);
    expect(await digests.delivered(direct)).toBe(false);
    expect(await digests.delivered({ ...staff, week: "2026-W49" })).toBe(false);
    await digests.recordDelivery(direct, at("2026-11-30T08:00:00Z"));
    expect(await digests.delivered(direct)).toBe(true);
  });

  it("forgets an erased member's subscriptions and private deliveries", async () => {
    const { repositories } = storage;
    const community = await seedCommunity(repositories);
    const member = await seedMember(repositories, community.id);
    await digests.subscribe({
      communityId: community.id,
      memberId: member.id,
      scope: "brand",
      createdAt: at("2026-11-20T10:00:00Z"),
    });
    const direct = { communityId: community.id, week: "2026-W48", recipient: "brand" as const, memberId: member.id };
    await digests.recordDelivery(direct, at("2026-11-30T08:00:00Z"));
    await repositories.members.delete(member.id);
    expect(await digests.subscriptions(community.id)).toEqual([]);
    expect(await digests.delivered(direct)).toBe(false);
  });

  it("keeps one benchmark snapshot per source and week: the same file again changes nothing, a newer one replaces it", async () => {
    const peer = (reach: number) => ({
      participation: Array.from({ length: 12 }, (_, i) => (i === 3 ? null : { responders: 10, reach })),
      active: [20, 20, null, 20, 0],
    });
    const snapshot = (reach: number) => ({
      format: "circolo-benchmark/1" as const,
      source: "Agency X",
      week: "2026-W47",
      k: 5,
      epsilon: null,
      peers: [peer(reach), peer(reach + 10)],
    });
    const first = { snapshot: snapshot(40), digest: "a".repeat(64), importedAt: at("2026-11-30T10:00:00Z") };
    expect(await digests.importBenchmark(first)).toBe("imported");
    expect(await digests.importBenchmark({ ...first, importedAt: at("2026-12-01T10:00:00Z") })).toBe("unchanged");
    expect(await digests.benchmarkPeers("2026-W47")).toEqual([
      { source: "Agency X", week: "2026-W47", peers: snapshot(40).peers },
    ]);
    expect(await digests.importBenchmark({ ...first, snapshot: snapshot(50), digest: "b".repeat(64) })).toBe(
      "replaced",
    );
    const other = { ...snapshot(60), source: "Industry group" };
    expect(await digests.importBenchmark({ ...first, snapshot: other, digest: "c".repeat(64) })).toBe("imported");
    expect(await digests.benchmarkPeers("2026-W47")).toEqual([
      { source: "Agency X", week: "2026-W47", peers: snapshot(50).peers },
      { source: "Industry group", week: "2026-W47", peers: other.peers },
    ]);
    expect(await digests.benchmarkPeers("2026-W48")).toEqual([]);
    expect(await digests.benchmarks()).toEqual([
      { source: "Agency X", week: "2026-W47", communities: 2, k: 5, epsilon: null, importedAt: first.importedAt },
      { source: "Industry group", week: "2026-W47", communities: 2, k: 5, epsilon: null, importedAt: first.importedAt },
    ]);
    expect(await digests.removeBenchmark("Agency X", "2026-W47")).toBe(true);
    expect(await digests.removeBenchmark("Agency X", "2026-W47")).toBe(false);
    expect((await digests.benchmarkPeers("2026-W47")).map((b) => b.source)).toEqual(["Industry group"]);
  });
});

describe.each(testProviders())("campaign metrics on %s", (provider) => {
  let storage: Storage;
  let prisma: DatabaseClient;
  let metrics: CampaignMetricsPrisma;
  beforeAll(async () => {
    storage = await onDatabase(provider)();
    prisma = storage.prisma as DatabaseClient;
    metrics = new CampaignMetricsPrisma(prisma);
  });
  afterAll(async () => {
    await storage.close();
  });

  async function campaign(
    community: Community,
    input: {
      kind: "poll" | "offer" | "qa";
      startsAt: string;
      reach: number | null;
      closesAt?: string;
      state?: "live" | "closed";
    },
  ) {
    const id = randomUUID();
    await prisma.campaign.create({
      data: {
        id,
        communityId: community.id,
        kind: input.kind,
        state: input.state ?? "live",
        title: `${input.kind} ${id.slice(0, 4)}`,
        segment: { kind: "everyone" },
        payload: {},
        startsAt: at(input.startsAt),
        closesAt: input.closesAt ? at(input.closesAt) : null,
        reach: input.reach,
      },
    });
    return id;
  }

  it("counts a poll's distinct voters, anonymous ones included, for polls sent in the period with a reach", async () => {
    const community = await seedCommunity(storage.repositories);
    const poll = await campaign(community, { kind: "poll", startsAt: "2026-11-24T10:00:00Z", reach: 40 });
    const empty = await campaign(community, { kind: "poll", startsAt: "2026-11-23T10:00:00Z", reach: 12 });
    await campaign(community, { kind: "poll", startsAt: "2026-11-24T11:00:00Z", reach: null });
    await campaign(community, { kind: "poll", startsAt: "2026-11-30T10:00:00Z", reach: 40 });
    const vote = (voterKey: string, optionIndex: number) =>
      prisma.pollVote.create({ data: { campaignId: poll, voterKey, optionIndex, at: at("2026-11-24T12:00:00Z") } });
    await vote("a", 0);
    await vote("a", 1);
    await vote("b", 2);
    const sent = await metrics.campaignsSent(community.id, at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z"));
    expect(sent.map((c) => [c.id, c.reach, c.responders])).toEqual([
      [empty, 12, 0],
      [poll, 40, 2],
    ]);
  });

  it("reads offers from their claims: claimers, claims, redemptions and time to redeem", async () => {
    const community = await seedCommunity(storage.repositories);
    const offer = await campaign(community, {
      kind: "offer",
      startsAt: "2026-11-23T10:00:00Z",
      reach: 50,
      closesAt: "2026-12-01T10:00:00Z",
    });
    await prisma.offer.create({
      data: {
        campaignId: offer,
        ref: randomUUID().slice(0, 8),
        description: "",
        terms: "",
        quantity: 10,
        perMember: 2,
        claimed: 3,
        codeSource: "signed",
      },
    });
    const [a, b] = [
      await seedMember(storage.repositories, community.id),
      await seedMember(storage.repositories, community.id),
    ];
    const claim = (serial: number, memberId: string, memberSlot: number, claimed: string, redeemed: string | null) =>
      prisma.offerClaim.create({
        data: {
          campaignId: offer,
          serial,
          memberId,
          memberSlot,
          claimedAt: at(claimed),
          redeemedAt: redeemed ? at(redeemed) : null,
        },
      });
    await claim(1, a.id, 1, "2026-11-23T12:00:00Z", "2026-11-23T14:00:00Z");
    await claim(2, a.id, 2, "2026-11-24T12:00:00Z", "2026-11-24T18:00:00Z");
    await claim(3, b.id, 1, "2026-11-25T12:00:00Z", null);
    const [sent] = await metrics.campaignsSent(community.id, at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z"));
    expect(sent?.responders).toBe(2);
    expect(await metrics.offers(community.id, at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z"))).toEqual({
      claims: 3,
      redemptions: 2,
      medianHoursToRedeem: 4,
    });
    expect(await metrics.liveOffers(community.id, at("2026-11-28T10:00:00Z"))).toEqual([
      { title: expect.any(String), closesAt: at("2026-12-01T10:00:00Z"), remaining: 7 },
    ]);
  });

  it("reads questions: asked, answerable, answered, time to first answer, and those still waiting", async () => {
    const community = await seedCommunity(storage.repositories);
    const session = await campaign(community, { kind: "qa", startsAt: "2026-11-23T10:00:00Z", reach: null });
    await prisma.qaSession.create({
      data: {
        campaignId: session,
        communityId: community.id,
        channelId: "c",
        openChannelKey: `${community.id}/c`,
        moderated: false,
        maxOpenPerMember: 3,
      },
    });
    const question = (
      number: number,
      state: "pending" | "published" | "rejected" | "merged",
      asked: string,
      answered: string | null,
    ) =>
      prisma.qaQuestion.create({
        data: {
          id: randomUUID(),
          sessionId: session,
          number,
          state,
          askedAt: at(asked),
          firstAnsweredAt: answered ? at(answered) : null,
        },
      });
    await question(1, "published", "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z");
    await question(2, "published", "2026-11-24T10:00:00Z", "2026-11-24T13:00:00Z");
    await question(3, "published", "2026-11-25T10:00:00Z", null);
    await question(4, "rejected", "2026-11-25T11:00:00Z", null);
    await question(5, "pending", "2026-11-26T10:00:00Z", null);
    expect(await metrics.questions(community.id, at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z"))).toEqual({
      questions: 5,
      answerable: 4,
      answered: 2,
      medianHoursToFirstAnswer: 2,
    });
    expect(await metrics.openQuestions(community.id, at("2026-11-28T00:00:00Z"))).toEqual({
      count: 2,
      oldestAskedAt: at("2026-11-25T10:00:00Z"),
    });
  });
});
