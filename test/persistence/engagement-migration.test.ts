// The one-event-per-interaction migration, on a database recorded the old way (a "command" twin beside every
// interaction of its own kind, consent choices as "command", anonymous polls' twins naming the voter): afterwards
// its events and rollups must be exactly those the new recording would have written. Runs on SQLite, and on
// PostgreSQL with TEST_DATABASE_URL.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultCommunitySettings } from "../../src/core/domain/community.ts";
import type { ConsentPurpose } from "../../src/core/domain/consent.ts";
import type { EngagementKind, EngagementRow } from "../../src/core/domain/engagement.ts";
import { localDay, utcHour } from "../../src/core/time/local-time.ts";
import { type Database, openDatabase } from "../../src/persistence/database.ts";
import { applyMigrations } from "../../src/persistence/migrations/migrator.ts";
import { createTestDatabase, type TestDatabase, testProviders } from "../support/test-database.ts";

const root = join(import.meta.dirname, "..", "..");
const migration = "20261207210000_one_event_per_interaction";
// New York: an evening there is the next day in UTC, so a wrong local day shows.
const timeZone = "America/New_York";
const communityId = "community-old-style";
const members = { ada: "member-ada", bob: "member-bob", cy: "member-cy" } as const;
const polls = { anonymous: "poll-anonymous", attributed: "poll-attributed" } as const;

type Who = keyof typeof members;

/** One interaction as it happened: who, when, what, and whom its old "command" event named (analytics then). */
interface Interaction {
  readonly at: string;
  readonly who: Who;
  readonly kind: EngagementKind | { readonly purpose: ConsentPurpose; readonly granted: boolean };
  readonly named: boolean;
  readonly poll?: keyof typeof polls;
}

// Several at one instant, as the demo's simulated clock records them; the ledger's order (cy's personalization
// first) decides whom each consent command named.
const history: readonly Interaction[] = [
  { at: "2026-11-23T03:30:00.000Z", who: "ada", kind: { purpose: "analytics", granted: true }, named: true },
  { at: "2026-11-23T03:30:00.000Z", who: "ada", kind: "command", named: true },
  { at: "2026-11-23T03:30:00.000Z", who: "cy", kind: { purpose: "personalization", granted: true }, named: false },
  { at: "2026-11-23T03:30:00.000Z", who: "cy", kind: { purpose: "analytics", granted: true }, named: true },
  { at: "2026-11-23T03:30:00.000Z", who: "bob", kind: { purpose: "direct_messages", granted: true }, named: false },
  { at: "2026-11-23T03:30:00.000Z", who: "bob", kind: "command", named: false },
  { at: "2026-11-24T04:59:00.000Z", who: "ada", kind: "vote", named: true, poll: "anonymous" },
  { at: "2026-11-24T04:59:00.000Z", who: "bob", kind: "vote", named: false, poll: "anonymous" },
  { at: "2026-11-24T05:01:00.000Z", who: "ada", kind: "vote_change", named: true, poll: "anonymous" },
  { at: "2026-11-24T05:02:00.000Z", who: "cy", kind: "results_view", named: true, poll: "anonymous" },
  { at: "2026-11-24T12:00:00.000Z", who: "ada", kind: "vote", named: true, poll: "attributed" },
  { at: "2026-11-24T12:00:00.000Z", who: "bob", kind: "vote", named: false, poll: "attributed" },
  { at: "2026-11-25T02:10:00.000Z", who: "ada", kind: "claim", named: true },
  { at: "2026-11-25T02:10:00.000Z", who: "cy", kind: "offer_view", named: true },
  { at: "2026-11-25T16:00:00.000Z", who: "bob", kind: "ask", named: false },
  { at: "2026-11-25T16:05:00.000Z", who: "ada", kind: "upvote", named: true },
  { at: "2026-11-25T16:20:00.000Z", who: "cy", kind: "answer", named: true },
  { at: "2026-11-26T01:00:00.000Z", who: "ada", kind: { purpose: "analytics", granted: false }, named: false },
  { at: "2026-11-26T01:00:00.000Z", who: "ada", kind: "command", named: false },
  { at: "2026-11-26T09:00:00.000Z", who: "ada", kind: "redeem", named: false },
];

function row(i: Interaction, kind: EngagementKind, memberId: string | null, dedupeKey: string | null): EngagementRow {
  const at = new Date(i.at);
  return {
    communityId,
    campaignId: i.poll ? polls[i.poll] : null,
    kind,
    at,
    memberId,
    dedupeKey,
    day: localDay(at, timeZone),
    hour: utcHour(at),
  };
}

/** What the old recording wrote for an interaction: its own event and a "command" twin, or one "command". */
function oldRows(i: Interaction, n: number): EngagementRow[] {
  const key = `telegram:${n}`;
  const named = i.named ? members[i.who] : null;
  if (typeof i.kind !== "string" || i.kind === "command") return [row(i, "command", named, key)];
  if (i.kind === "redeem") return [row(i, "redeem", named, `offer-redeem:offer:${n}`)];
  const own = row(i, i.kind, i.poll === "anonymous" ? null : named, `${key}:${i.kind}`);
  return [own, { ...row(i, "command", named, key), campaignId: null }];
}

/** What the migrated database must hold for it: one event of its own kind, consent choices naming nobody. */
function newRows(i: Interaction, n: number): EngagementRow[] {
  const [first] = oldRows(i, n);
  if (!first) return [];
  if (typeof i.kind !== "string") return [{ ...first, kind: "consent_change", memberId: null }];
  return [i.poll === "anonymous" ? { ...first, memberId: null, dedupeKey: null } : first];
}

/** The community, its members, its two polls, and (for the old database) the consent ledger. */
async function seed(db: Database, withLedger: boolean): Promise<void> {
  const { repositories } = db;
  await repositories.brands.create({ id: "brand-old-style", name: "Acme" });
  await repositories.communities.upsertByPlatformId({
    id: communityId,
    brandId: "brand-old-style",
    platform: "telegram",
    platformId: "-100123456",
    title: "Acme fans",
    timeZone,
    locale: "en",
    settings: defaultCommunitySettings(),
  });
  for (const id of Object.values(members)) {
    const at = new Date("2026-11-20T10:00:00Z");
    await repositories.members.touch({ id, communityId, pseudonym: `p-${id}`, at, roles: [], locale: null });
  }
  for (const [anonymity, id] of Object.entries(polls)) {
    await repositories.polls.create(
      {
        id,
        communityId,
        question: "Cone or cup?",
        options: ["Cone", "Cup"],
        multi: false,
        results: "live",
        anonymity: anonymity as keyof typeof polls,
        segment: { kind: "everyone" },
        channelId: "-100123456",
        mentionRoleId: null,
        sentAt: new Date("2026-11-23T00:00:00Z"),
        closesAt: new Date("2026-12-23T00:00:00Z"),
        reach: 3,
      },
      null,
    );
  }
  if (!withLedger) return;
  for (const i of history) {
    if (typeof i.kind === "string") continue;
    await repositories.consents.append({
      communityId,
      memberId: members[i.who],
      purpose: i.kind.purpose,
      action: i.kind.granted ? "granted" : "withdrawn",
      noticeVersion: "2026-11-v1",
      at: new Date(i.at),
    });
  }
}

/** Events and rollups as comparable rows. */
async function tables(db: Database) {
  const { prisma } = db;
  const plain = <T>(rows: T[]) => JSON.parse(JSON.stringify(rows)) as unknown[];
  return {
    events: plain(
      await prisma.engagementEvent.findMany({
        select: { kind: true, at: true, memberId: true, dedupeKey: true, campaignId: true },
        orderBy: [{ at: "asc" }, { kind: "asc" }, { dedupeKey: "asc" }],
      }),
    ),
    daily: plain(await prisma.dailyRollup.findMany({ orderBy: [{ day: "asc" }, { kind: "asc" }] })),
    hourly: plain(await prisma.hourlyRollup.findMany({ orderBy: [{ hour: "asc" }, { kind: "asc" }] })),
    activity: plain(
      await prisma.memberActivityDay.findMany({ orderBy: [{ memberId: "asc" }, { day: "asc" }, { kind: "asc" }] }),
    ),
  };
}

describe.each(testProviders())("the one-event-per-interaction migration on %s", (provider) => {
  const migrationsDir = join(root, "prisma", provider === "sqlite" ? "migrations" : "migrations-postgres");
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** A database migrated with the migrations of `migrations`, open; closed and dropped after the test. */
  async function database(migrations: string): Promise<{ db: Database; url: string }> {
    const test: TestDatabase = await createTestDatabase(provider);
    cleanup.push(() => test.drop());
    await applyMigrations({ provider, url: test.url, migrationsDir: migrations });
    const db = await openDatabase(test.url);
    cleanup.push(() => db.close());
    return { db, url: test.url };
  }

  it("leaves the events and rollups that recording one event per interaction would have written", async () => {
    const before = await mkdtemp(join(tmpdir(), "circolo-old-migrations-"));
    cleanup.push(() => rm(before, { recursive: true, force: true }));
    await cp(migrationsDir, before, { recursive: true, filter: (path) => !path.includes(migration) });
    const old = await database(before);
    await seed(old.db, true);
    await old.db.repositories.engagement.writeBatch(history.flatMap(oldRows));
    const recordedRight = await database(migrationsDir);
    await seed(recordedRight.db, false);
    await recordedRight.db.repositories.engagement.writeBatch(history.flatMap(newRows));

    const expected = await tables(recordedRight.db);
    // Before: a twin beside each of the eleven interactions of a kind of their own.
    expect((await tables(old.db)).events.length).toBe(expected.events.length + 11);

    const migrated = await applyMigrations({ provider, url: old.url, migrationsDir });

    expect(migrated).toEqual([migration]);
    const actual = await tables(old.db);
    expect(actual.events).toEqual(expected.events);
    expect(actual.daily).toEqual(expected.daily);
    expect(actual.hourly).toEqual(expected.hourly);
    expect(actual.activity).toEqual(expected.activity);
  });
});
