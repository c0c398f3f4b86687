import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Community } from "../../src/core/domain/community.ts";
import { type EngagementKind, type EngagementRow, engagementKindSchema } from "../../src/core/domain/engagement.ts";
import type { Member } from "../../src/core/domain/member.ts";
import { localDay, utcHour } from "../../src/core/time/local-time.ts";
import {
  dedupeKey,
  eventRow,
  type MakeRepositories,
  type ProbedDailyRollup,
  type ProbedEvent,
  type ProbedHourlyRollup,
  type ProbedMemberActivity,
  type RepositoryHarness,
  type StorageProbe,
  seedCommunity,
  seededRandom,
  seedMember,
  sortedBy,
} from "./harness.ts";

interface Rollups {
  daily: ProbedDailyRollup[];
  hourly: ProbedHourlyRollup[];
  activity: ProbedMemberActivity[];
}

/** The rollups as stored, in a stable order. */
export async function storedRollups(probe: StorageProbe, communityId: string): Promise<Rollups> {
  return {
    daily: sortedBy(await probe.dailyRollups(communityId), (r) => `${r.day} ${r.kind}`),
    hourly: sortedBy(await probe.hourlyRollups(communityId), (r) => `${r.hour.toISOString()} ${r.kind}`),
    activity: sortedBy(await probe.memberActivity(communityId), (r) => `${r.memberId} ${r.day} ${r.kind}`),
  };
}

/** The rollups recomputed from the raw events table, the slow obvious way. */
export function recount(community: Community, events: readonly ProbedEvent[]): Rollups {
  const daily = new Map<string, ProbedDailyRollup & { members: Set<string> }>();
  const hourly = new Map<string, ProbedHourlyRollup>();
  const activity = new Map<string, ProbedMemberActivity>();
  for (const event of events) {
    const day = localDay(event.at, community.timeZone);
    const hour = utcHour(event.at);
    const d = daily.get(`${day} ${event.kind}`) ?? {
      communityId: community.id,
      day,
      kind: event.kind,
      count: 0,
      anonymousCount: 0,
      distinctMembers: 0,
      members: new Set<string>(),
    };
    d.count += 1;
    if (event.memberId === null) d.anonymousCount += 1;
    else d.members.add(event.memberId);
    d.distinctMembers = d.members.size;
    daily.set(`${day} ${event.kind}`, d);
    const h = hourly.get(`${hour.toISOString()} ${event.kind}`) ?? {
      communityId: community.id,
      hour,
      kind: event.kind,
      count: 0,
    };
    h.count += 1;
    hourly.set(`${hour.toISOString()} ${event.kind}`, h);
    if (event.memberId !== null) {
      const key = `${event.memberId} ${day} ${event.kind}`;
      const a = activity.get(key) ?? {
        communityId: community.id,
        memberId: event.memberId,
        day,
        kind: event.kind,
        count: 0,
      };
      a.count += 1;
      activity.set(key, a);
    }
  }
  return {
    daily: sortedBy(
      [...daily.values()].map(({ members: _, ...row }) => row),
      (r) => `${r.day} ${r.kind}`,
    ),
    hourly: sortedBy([...hourly.values()], (r) => `${r.hour.toISOString()} ${r.kind}`),
    activity: sortedBy([...activity.values()], (r) => `${r.memberId} ${r.day} ${r.kind}`),
  };
}

/** Random events over three days around local midnights; some anonymous, some replaying earlier keys. */
export function randomEvents(
  community: Community,
  members: readonly Member[],
  count: number,
  seed: number,
): EngagementRow[] {
  const random = seededRandom(seed);
  const kinds = engagementKindSchema.options;
  const start = Date.UTC(2026, 2, 1, 20, 0);
  const keys: string[] = [];
  return Array.from({ length: count }, () => {
    const replay = keys.length > 0 && random() < 0.1;
    const keyed = random() < 0.8;
    const key = replay ? keys[Math.floor(random() * keys.length)]! : keyed ? dedupeKey() : null;
    if (key && !replay) keys.push(key);
    return eventRow(community, {
      kind: kinds[Math.floor(random() * 4)] as EngagementKind,
      at: new Date(start + Math.floor(random() * 3 * 86_400_000)),
      memberId: random() < 0.25 ? null : members[Math.floor(random() * members.length)]!.id,
      dedupeKey: key,
    });
  });
}

/** Splits rows into batches of a size. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** The EngagementRepository contract: event writes, dedupe and the rollups they move. */
export function describeEngagementContract(makeRepos: MakeRepositories): void {
  describe("EngagementRepository", () => {
    let harness: RepositoryHarness;
    beforeAll(async () => {
      harness = await makeRepos();
    });
    afterAll(() => harness?.close());

    const at = new Date("2026-03-01T10:15:30.250Z");

    it("stores every event of a batch as given and says how many it inserted", async () => {
      const community = await seedCommunity(harness.repositories);
      const member = await seedMember(harness.repositories, community.id);
      const rows = [
        eventRow(community, { kind: "vote", at, memberId: member.id, dedupeKey: dedupeKey() }),
        eventRow(community, { kind: "claim", at: new Date(at.getTime() + 1), dedupeKey: dedupeKey() }),
        eventRow(community, { kind: "command", at: new Date(at.getTime() + 2) }),
      ];
      expect(await harness.repositories.engagement.writeBatch(rows)).toBe(3);
      const stored = await harness.probe.events(community.id);
      expect(sortedBy(stored, (e) => e.at.toISOString())).toEqual(
        rows.map(({ day: _day, hour: _hour, ...event }) => event),
      );
    });

    it("writes nothing for an empty batch", async () => {
      expect(await harness.repositories.engagement.writeBatch([])).toBe(0);
    });

    it("buckets counts by the community's local day and the UTC hour", async () => {
      const community = await seedCommunity(harness.repositories, { timeZone: "America/New_York" });
      // 03:30 UTC on 2 March is still 1 March in New York.
      const lateEvening = new Date("2026-03-02T03:30:00Z");
      const nextMorning = new Date("2026-03-02T14:10:00Z");
      await harness.repositories.engagement.writeBatch([
        eventRow(community, { at: lateEvening }),
        eventRow(community, { at: new Date("2026-03-02T03:59:59.999Z") }),
        eventRow(community, { at: nextMorning }),
      ]);
      const rollups = await storedRollups(harness.probe, community.id);
      expect(rollups.daily.map((r) => [r.day, r.count])).toEqual([
        ["2026-03-01", 2],
        ["2026-03-02", 1],
      ]);
      expect(rollups.hourly.map((r) => [r.hour, r.count])).toEqual([
        [new Date("2026-03-02T03:00:00Z"), 2],
        [new Date("2026-03-02T14:00:00Z"), 1],
      ]);
    });

    it("keeps anonymous events out of every per-member rollup", async () => {
      const community = await seedCommunity(harness.repositories);
      await harness.repositories.engagement.writeBatch([
        eventRow(community, { at }),
        eventRow(community, { at, dedupeKey: dedupeKey() }),
      ]);
      const rollups = await storedRollups(harness.probe, community.id);
      expect(rollups.daily).toEqual([
        { communityId: community.id, day: "2026-03-01", kind: "vote", count: 2, anonymousCount: 2, distinctMembers: 0 },
      ]);
      expect(rollups.activity).toEqual([]);
      expect((await harness.probe.events(community.id)).every((e) => e.memberId === null)).toBe(true);
    });

    it("counts a member once per day in distinctMembers however many events", async () => {
      const community = await seedCommunity(harness.repositories);
      const [ada, bo] = [
        await seedMember(harness.repositories, community.id),
        await seedMember(harness.repositories, community.id),
      ];
      const many = (memberId: string, n: number) =>
        Array.from({ length: n }, () => eventRow(community, { at, memberId }));
      await harness.repositories.engagement.writeBatch([...many(ada.id, 5), eventRow(community, { at })]);
      await harness.repositories.engagement.writeBatch([...many(ada.id, 3), ...many(bo.id, 2)]);
      await harness.repositories.engagement.writeBatch(many(bo.id, 1));

      const rollups = await storedRollups(harness.probe, community.id);
      expect(rollups.daily).toEqual([
        {
          communityId: community.id,
          day: "2026-03-01",
          kind: "vote",
          count: 12,
          anonymousCount: 1,
          distinctMembers: 2,
        },
      ]);
      expect(rollups.activity).toEqual(
        sortedBy(
          [
            { communityId: community.id, memberId: ada.id, day: "2026-03-01", kind: "vote", count: 8 },
            { communityId: community.id, memberId: bo.id, day: "2026-03-01", kind: "vote", count: 3 },
          ],
          (r) => `${r.memberId} ${r.day} ${r.kind}`,
        ),
      );
    });

    it("counts the same member again on another day and for another kind", async () => {
      const community = await seedCommunity(harness.repositories);
      const member = await seedMember(harness.repositories, community.id);
      const nextDay = new Date(at.getTime() + 86_400_000);
      await harness.repositories.engagement.writeBatch([
        eventRow(community, { at, memberId: member.id }),
        eventRow(community, { at, memberId: member.id, kind: "claim" }),
        eventRow(community, { at: nextDay, memberId: member.id }),
      ]);
      const daily = (await storedRollups(harness.probe, community.id)).daily;
      expect(daily.map((r) => [r.day, r.kind, r.distinctMembers])).toEqual([
        ["2026-03-01", "claim", 1],
        ["2026-03-01", "vote", 1],
        ["2026-03-02", "vote", 1],
      ]);
    });

    it("moves no rollup for an event whose dedupeKey was already recorded", async () => {
      const community = await seedCommunity(harness.repositories);
      const member = await seedMember(harness.repositories, community.id);
      const key = dedupeKey();
      expect(
        await harness.repositories.engagement.writeBatch([
          eventRow(community, { at, memberId: member.id, dedupeKey: key }),
        ]),
      ).toBe(1);
      const before = await storedRollups(harness.probe, community.id);

      const replay = [
        eventRow(community, { at, memberId: member.id, dedupeKey: key }),
        eventRow(community, { at: new Date(at.getTime() + 7_200_000), kind: "claim", dedupeKey: key }),
      ];
      expect(await harness.repositories.engagement.writeBatch(replay)).toBe(0);

      expect(await storedRollups(harness.probe, community.id)).toEqual(before);
      expect(await harness.probe.events(community.id)).toHaveLength(1);
    });

    it("inserts a dedupeKey repeated within one batch once", async () => {
      const community = await seedCommunity(harness.repositories);
      const key = dedupeKey();
      const inserted = await harness.repositories.engagement.writeBatch([
        eventRow(community, { at, dedupeKey: key }),
        eventRow(community, { at, dedupeKey: key }),
        eventRow(community, { at }),
      ]);
      expect(inserted).toBe(2);
      expect((await storedRollups(harness.probe, community.id)).daily[0]?.count).toBe(2);
    });

    it("always inserts events without a dedupeKey, even identical ones", async () => {
      const community = await seedCommunity(harness.repositories);
      const row = eventRow(community, { at });
      expect(await harness.repositories.engagement.writeBatch([row, row])).toBe(2);
      expect(await harness.repositories.engagement.writeBatch([row])).toBe(1);
      expect(await harness.probe.events(community.id)).toHaveLength(3);
    });

    it("writes nothing of a batch that names a member who does not exist", async () => {
      const community = await seedCommunity(harness.repositories);
      const batch = [
        eventRow(community, { at, dedupeKey: dedupeKey() }),
        eventRow(community, { at, memberId: "nobody" }),
      ];
      await expect(harness.repositories.engagement.writeBatch(batch)).rejects.toThrow();
      expect(await harness.probe.events(community.id)).toEqual([]);
      expect(await storedRollups(harness.probe, community.id)).toEqual({ daily: [], hourly: [], activity: [] });
    });

    it("writes 10,000 events in batches and the rollups equal a straightforward recount", async () => {
      const community = await seedCommunity(harness.repositories);
      const members = await Promise.all(
        Array.from({ length: 40 }, () => seedMember(harness.repositories, community.id)),
      );
      const rows = randomEvents(community, members, 10_000, 20_260_301);
      let inserted = 0;
      for (const batch of batches(rows, 500)) inserted += await harness.repositories.engagement.writeBatch(batch);
      // Redeliver two whole batches: only their keyless events (which nothing can recognise) go in again.
      const redelivered = rows.slice(1_000, 2_000);
      inserted += await harness.repositories.engagement.writeBatch(redelivered);

      const keys = new Set(rows.map((row) => row.dedupeKey).filter((key) => key !== null));
      const keyless = [...rows, ...redelivered].filter((row) => row.dedupeKey === null).length;
      const expectedInserted = keyless + keys.size;
      const events = await harness.probe.events(community.id);
      expect(inserted).toBe(expectedInserted);
      expect(events).toHaveLength(expectedInserted);
      expect(await storedRollups(harness.probe, community.id)).toEqual(recount(community, events));
    });

    it("keeps the rollups exact when several instances write overlapping batches at once", async () => {
      const community = await seedCommunity(harness.repositories);
      const other = await harness.connectAgain();
      const members = await Promise.all(
        Array.from({ length: 5 }, () => seedMember(harness.repositories, community.id)),
      );
      const rows = randomEvents(community, members, 3_000, 7);
      // Every row goes to two writers, in different batches and orders, as a redelivery to two instances would.
      const reversed = [...rows].reverse();
      const writes = [
        ...batches(rows, 250).map((batch) => harness.repositories.engagement.writeBatch(batch)),
        ...batches(reversed, 300).map((batch) => other.engagement.writeBatch(batch)),
      ];
      const inserted = (await Promise.all(writes)).reduce((sum, n) => sum + n, 0);

      const events = await harness.probe.events(community.id);
      const keyless = rows.filter((row) => row.dedupeKey === null).length;
      const keyed = new Set(rows.map((row) => row.dedupeKey).filter((key) => key !== null)).size;
      expect(events).toHaveLength(2 * keyless + keyed);
      expect(inserted).toBe(events.length);
      expect(await storedRollups(harness.probe, community.id)).toEqual(recount(community, events));
    });
  });
}
