// The personal-data sources of engagement: raw events attributed to a member (unlinked on erasure, so the
// rollups built from them stay true) and the per-member activity days (deleted on erasure).
import type { AttributedRow, JsonRecord, PersonalDataSource } from "../../core/privacy/personal-data.port.ts";
import { localDay } from "../../core/time/local-time.ts";
import type { DatabaseClient } from "../database-client.ts";
import { countPerChunk, perChunk, sumPerChunk } from "./privacy-member-sources.ts";

/** Rows read per page while expiring or auditing events. */
const PAGE = 2_000;

/** Rollup keys per query when checking that old events are rolled up: 3 bound values each. */
const KEYS_PER_QUERY = 100;

/** The last instant that can still belong to local day `day` in any time zone (UTC-12 ends it at noon next day). */
export function endOfLocalDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 36 * 3_600_000);
}

/** Engagement events that name the member (only ever written with an analytics consent). */
export function engagementSource(prisma: DatabaseClient): PersonalDataSource {
  return {
    name: "engagementEvents",
    tables: ["EngagementEvent"],
    async export(subject) {
      const rows = await perChunk(subject.memberIds, (ids) =>
        prisma.engagementEvent.findMany({ where: { memberId: { in: ids } }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
      );
      return rows.map(
        (e): JsonRecord => ({ memberId: e.memberId, kind: e.kind, at: e.at.toISOString(), campaignId: e.campaignId }),
      );
    },
    count: (subject) =>
      sumPerChunk(subject.memberIds, (ids) => prisma.engagementEvent.count({ where: { memberId: { in: ids } } })),
    erase: (subject) =>
      countPerChunk(subject.memberIds, (ids) =>
        prisma.engagementEvent.updateMany({ where: { memberId: { in: ids } }, data: { memberId: null } }),
      ),
    expire: (cutoff) => expireRolledUpEvents(prisma, cutoff),
    async audit(context) {
      let lacking = 0;
      let afterId = 0;
      for (;;) {
        const page = await prisma.engagementEvent.findMany({
          where: { memberId: { not: null }, id: { gt: afterId } },
          select: { id: true, memberId: true, at: true },
          orderBy: { id: "asc" },
          take: PAGE,
        });
        if (page.length === 0) break;
        afterId = page.at(-1)?.id ?? afterId;
        const rows = page.map((e): AttributedRow => ({ memberId: e.memberId ?? "", at: e.at }));
        lacking += (await context.lackingConsentAt("analytics", rows)).length;
      }
      const old = await prisma.engagementEvent.count({ where: { at: { lt: context.retentionCutoff } } });
      return [
        {
          table: "EngagementEvent",
          rule: "an event names a member only if they allowed analytics when it happened",
          violations: lacking,
        },
        { table: "EngagementEvent", rule: "no raw event older than the retention period", violations: old },
      ];
    },
  };
}

/**
 * Deletes events older than the cutoff whose DailyRollup row exists (rollups are written with the events, so
 * all of them normally; an event without its rollup stays, and the audit reports it). Returns how many.
 */
async function expireRolledUpEvents(prisma: DatabaseClient, cutoff: Date): Promise<number> {
  const zones = new Map<string, string>();
  const zoneOf = async (communityId: string) => {
    let zone = zones.get(communityId);
    if (!zone) {
      zone = (await prisma.community.findUnique({ where: { id: communityId } }))?.timeZone ?? "UTC";
      zones.set(communityId, zone);
    }
    return zone;
  };
  let deleted = 0;
  let afterId = 0;
  for (;;) {
    const page = await prisma.engagementEvent.findMany({
      where: { at: { lt: cutoff }, id: { gt: afterId } },
      select: { id: true, communityId: true, kind: true, at: true },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    if (page.length === 0) return deleted;
    afterId = page.at(-1)?.id ?? afterId;
    const keyed = await Promise.all(
      page.map(async (e) => ({
        id: e.id,
        key: { communityId: e.communityId, kind: e.kind, day: localDay(e.at, await zoneOf(e.communityId)) },
      })),
    );
    const wanted = [...new Map(keyed.map((k) => [JSON.stringify(k.key), k.key])).values()];
    const present = new Set<string>();
    for (let start = 0; start < wanted.length; start += KEYS_PER_QUERY) {
      const rollups = await prisma.dailyRollup.findMany({
        where: { OR: wanted.slice(start, start + KEYS_PER_QUERY) },
        select: { communityId: true, kind: true, day: true },
      });
      for (const r of rollups) present.add(JSON.stringify({ communityId: r.communityId, kind: r.kind, day: r.day }));
    }
    const ids = keyed.filter((k) => present.has(JSON.stringify(k.key))).map((k) => k.id);
    if (ids.length > 0) deleted += (await prisma.engagementEvent.deleteMany({ where: { id: { in: ids } } })).count;
  }
}

/** MemberActivityDay: one row per consenting member, local day and kind (active members, cohorts). */
export function activitySource(prisma: DatabaseClient): PersonalDataSource {
  return {
    name: "activityDays",
    tables: ["MemberActivityDay"],
    async export(subject) {
      const rows = await perChunk(subject.memberIds, (ids) =>
        prisma.memberActivityDay.findMany({
          where: { memberId: { in: ids } },
          orderBy: [{ day: "asc" }, { kind: "asc" }],
        }),
      );
      return rows.map((a): JsonRecord => ({ memberId: a.memberId, day: a.day, kind: a.kind, count: a.count }));
    },
    count: (subject) =>
      sumPerChunk(subject.memberIds, (ids) => prisma.memberActivityDay.count({ where: { memberId: { in: ids } } })),
    erase: (subject) =>
      countPerChunk(subject.memberIds, (ids) =>
        prisma.memberActivityDay.deleteMany({ where: { memberId: { in: ids } } }),
      ),
    async expire(cutoff) {
      return (await prisma.memberActivityDay.deleteMany({ where: { day: { lt: cutoff.toISOString().slice(0, 10) } } }))
        .count;
    },
    async audit(context) {
      const rows = await prisma.memberActivityDay.findMany({ select: { memberId: true, day: true } });
      const lacking = await context.lackingGrantBy(
        "analytics",
        rows.map((r) => ({ memberId: r.memberId, at: endOfLocalDay(r.day) })),
      );
      const old = await prisma.memberActivityDay.count({ where: { day: { lt: context.retentionCutoffDay } } });
      return [
        {
          table: "MemberActivityDay",
          rule: "activity days exist only for members who allowed analytics by then",
          violations: lacking.length,
        },
        { table: "MemberActivityDay", rule: "no activity day older than the retention period", violations: old },
      ];
    },
  };
}
