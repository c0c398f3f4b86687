// The digest's data: a 1,000-community deployment (100 brands of 10 communities, a third of them comparing
// themselves with peers), of which three communities of 2,000 members hold 10 thousand, 1 million and 10 million
// stored engagement events over 26 weeks. Loaded straight into the database (bench/bulk-writer.ts):
//  - the three scaling communities: every raw event in EngagementEvent (generated server-side by SQL), and the
//    rollups the recorder would have written for exactly those events (computed in JS from the same formula);
//  - the other 997: members, consent ledger, weekly polls with their votes, and rollups over the windows the
//    digest reads (8 weeks of daily and per-member activity, 4 weeks of hourly totals); their raw events are
//    not stored: the digest never reads EngagementEvent, and the scaling cases show the cost of storing them.

import { addDays, type DigestWeek, dayStart, weekStarting, weeksBefore } from "../src/core/digest/digest-week.ts";
import { defaultCommunitySettings } from "../src/core/domain/community.ts";
import { currentNoticeVersion } from "../src/core/domain/consent.ts";
import {
  type ActivityStream,
  activityColumns,
  activityStream,
  dailyColumns,
  hourlyColumns,
  memberId,
  rawEventsParams,
  rawEventsSql,
  streamRollups,
} from "./activity-stream.ts";
import type { BenchDatabase } from "./bench-database.ts";
import { openBulkWriter, type Value } from "./bulk-writer.ts";
import { seededRandom } from "./ingest-fixture.ts";

export interface DigestDatasetOptions {
  readonly communities: number;
  readonly brands: number;
  /** Stored events of each scaling community. */
  readonly scaling: readonly number[];
  readonly progress?: (line: string) => void;
}

/** A scaling community and how many events it stores. */
export interface ScalingCommunity {
  readonly communityId: string;
  readonly events: number;
}

export interface DigestDataset {
  /** When the weekly digest runs: Monday 09:00 UTC after the reported week. */
  readonly now: Date;
  /** The reported week (2026-W48). */
  readonly week: DigestWeek;
  readonly scaling: readonly ScalingCommunity[];
  readonly communityIds: readonly string[];
  readonly rows: number;
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const timeZones = ["Europe/Rome", "Europe/London", "America/New_York", "Asia/Tokyo"] as const;
/** Share of members with an analytics grant (the rest are counted anonymously); a half of those also allow DMs. */
const CONSENT_SHARE = 0.6;
/** A third of the communities compare themselves with peers (benchmarkOptIn). */
const OPT_IN_SHARE = 1 / 3;
/** Deployment communities: members log-uniform in [20, 1000]; 6 % active on a day, twice. */
const SIZE_RANGE = [20, 1_000] as const;
const DAILY_EVENTS_PER_MEMBER = 0.06 * 2;
const SCALING_MEMBERS = 2_000;
/** Weekly polls over the 13 weeks the participation figures read, answered by about a fifth of their reach. */
const POLL_WEEKS = 13;
const RESPONSE_SHARE = 0.2;

export const digestNow = new Date("2026-11-30T09:00:00Z");
/** Activity ends before Monday starts in every bench time zone. */
const activityEnd = Date.UTC(2026, 10, 29, 12, 0, 0);

interface CommunitySpec {
  readonly id: string;
  readonly brandId: string;
  readonly platform: "telegram" | "discord";
  readonly timeZone: string;
  readonly members: number;
  readonly optIn: boolean;
  /** Raw events stored (scaling communities), or null: rollups only. */
  readonly storedEvents: number | null;
}

/** Generates the dataset into an empty, migrated database. */
export async function generateDigestDataset(
  database: BenchDatabase,
  options: DigestDatasetOptions,
): Promise<DigestDataset> {
  const random = seededRandom(48);
  const specs: CommunitySpec[] = options.scaling.map((events, i) => ({
    id: `scale-${i + 1}`,
    brandId: "brand-scale",
    platform: "telegram",
    timeZone: "Europe/Rome",
    members: SCALING_MEMBERS,
    optIn: false,
    storedEvents: events,
  }));
  for (let c = specs.length; c < options.communities; c++) {
    const [low, high] = SIZE_RANGE;
    specs.push({
      id: `community-${c + 1}`,
      brandId: `brand-${(c % options.brands) + 1}`,
      platform: c % 2 === 0 ? "telegram" : "discord",
      timeZone: timeZones[c % timeZones.length]!,
      members: Math.round(low * (high / low) ** random()),
      optIn: random() < OPT_IN_SHARE,
      storedEvents: null,
    });
  }
  const writer = await openBulkWriter(database);
  let rows = 0;
  try {
    const brands = [...new Set(specs.map((s) => s.brandId))];
    rows += await writer.insert(
      "Brand",
      ["id", "name", "createdAt"],
      brands.map((id) => [id, id, new Date(0)]),
    );
    rows += await writer.insert(
      "Community",
      [
        "id",
        "brandId",
        "platform",
        "platformId",
        "title",
        "timeZone",
        "locale",
        "settings",
        "active",
        "createdAt",
        "updatedAt",
      ],
      specs.map((s, i) => [
        s.id,
        s.brandId,
        s.platform,
        String(s.platform === "telegram" ? -1_002_000_000_000 - i : 900_000_000_000_000_000n + BigInt(i)),
        `Community ${i + 1}`,
        s.timeZone,
        i % 3 === 0 ? "it" : "en",
        JSON.stringify({ ...defaultCommunitySettings(), benchmarkOptIn: s.optIn, staffChannelId: "staff" }),
        true,
        new Date(activityEnd - 60 * WEEK),
        new Date(activityEnd - 60 * WEEK),
      ]),
    );
    rows += await writer.insert(
      "Member",
      ["id", "communityId", "pseudonym", "joinedAt", "lastSeenAt", "roles", "locale"],
      members(specs),
    );
    rows += await writer.insert(
      "ConsentGrant",
      ["communityId", "memberId", "purpose", "action", "noticeVersion", "at"],
      consents(specs),
    );
    options.progress?.(`digest data: ${specs.length} communities, members and consent ledger`);
    rows += await writer.insert(
      "Campaign",
      [
        "id",
        "communityId",
        "kind",
        "state",
        "title",
        "segment",
        "payload",
        "startsAt",
        "closesAt",
        "closedAt",
        "number",
        "reach",
        "createdAt",
        "updatedAt",
      ],
      polls(specs),
    );
    rows += await writer.insert("PollVote", ["campaignId", "voterKey", "optionIndex", "memberId", "at"], votes(specs));
    options.progress?.("digest data: weekly polls and their votes");
    for (const spec of specs) {
      const stored = spec.storedEvents !== null;
      const stream = activityStream({
        communityId: spec.id,
        timeZone: spec.timeZone,
        members: spec.members,
        consenting: Math.round(spec.members * CONSENT_SHARE),
        events: spec.storedEvents ?? Math.round(spec.members * DAILY_EVENTS_PER_MEMBER * 56),
        end: activityEnd,
        spanMs: (stored ? 26 : 8) * WEEK,
      });
      if (stored) rows += await storeRawEvents(writer, stream, spec.id, options.progress);
      const rollups = streamRollups(stream, stored ? Number.NEGATIVE_INFINITY : activityEnd - 4 * WEEK);
      rows += await writer.insert("DailyRollup", dailyColumns, rollups.daily);
      rows += await writer.insert("HourlyRollup", hourlyColumns, rollups.hourly);
      rows += await writer.insert("MemberActivityDay", activityColumns, rollups.activity);
      if (stored) options.progress?.(`digest data: rollups of ${spec.id}`);
    }
    options.progress?.(`digest data: rollups of ${specs.length - options.scaling.length} communities`);
  } finally {
    await writer.close();
  }
  return {
    now: digestNow,
    week: weekStarting(addDays("2026-11-30", -7)),
    scaling: specs.filter((s) => s.storedEvents !== null).map((s) => ({ communityId: s.id, events: s.storedEvents! })),
    communityIds: specs.map((s) => s.id),
    rows,
  };
}

async function storeRawEvents(
  writer: Awaited<ReturnType<typeof openBulkWriter>>,
  stream: ActivityStream,
  communityId: string,
  progress?: (line: string) => void,
): Promise<number> {
  const chunk = 1_000_000;
  for (let from = 0; from < stream.events; from += chunk) {
    const to = Math.min(stream.events, from + chunk);
    await writer.run(rawEventsSql(), rawEventsParams(stream, `telegram:${communityId}:`, from, to));
    if (stream.events > chunk) progress?.(`digest data: ${communityId} raw events ${to.toLocaleString("en-US")}`);
  }
  return stream.events;
}

/** Members join over the year before; a member's id encodes its index (see activity-stream.ts). */
function* members(specs: readonly CommunitySpec[]): Generator<Value[]> {
  for (const spec of specs) {
    for (let m = 0; m < spec.members; m++) {
      const joinedAt = joinedAtOf(spec, m);
      yield [
        memberId(spec.id, m),
        spec.id,
        `${spec.id}-pseudonym-${m}`,
        joinedAt,
        new Date(activityEnd - DAY),
        "[]",
        null,
      ];
    }
  }
}

function joinedAtOf(spec: CommunitySpec, m: number): Date {
  return new Date(activityEnd - 52 * WEEK + Math.floor((((m * 104_729) % spec.members) / spec.members) * 51 * WEEK));
}

function* consents(specs: readonly CommunitySpec[]): Generator<Value[]> {
  for (const spec of specs) {
    const consenting = Math.round(spec.members * CONSENT_SHARE);
    for (let m = 0; m < consenting; m++) {
      const at = new Date(joinedAtOf(spec, m).getTime() + 60_000);
      yield [spec.id, memberId(spec.id, m), "analytics", "granted", currentNoticeVersion, at];
      if (m % 2 === 0) yield [spec.id, memberId(spec.id, m), "direct_messages", "granted", currentNoticeVersion, at];
    }
  }
}

/** One poll a week, sent on Tuesday 10:00 UTC to the whole community. */
function pollStart(week: number): Date {
  const reported = weekStarting(addDays("2026-11-30", -7));
  return new Date(dayStart(weeksBefore(reported, week).startDay, "UTC").getTime() + DAY + 10 * 3_600_000);
}

function* polls(specs: readonly CommunitySpec[]): Generator<Value[]> {
  for (const spec of specs) {
    for (let w = 0; w < POLL_WEEKS; w++) {
      const startsAt = pollStart(w);
      const closesAt = new Date(startsAt.getTime() + 2 * DAY);
      yield [
        `${spec.id}-poll-${w}`,
        spec.id,
        "poll",
        "closed",
        `Weekly question ${POLL_WEEKS - w}`,
        JSON.stringify({ type: "all" }),
        JSON.stringify({}),
        startsAt,
        closesAt,
        closesAt,
        POLL_WEEKS - w,
        spec.members,
        startsAt,
        closesAt,
      ];
    }
  }
}

function* votes(specs: readonly CommunitySpec[]): Generator<Value[]> {
  for (const spec of specs) {
    for (let w = 0; w < POLL_WEEKS; w++) {
      const id = `${spec.id}-poll-${w}`;
      const startsAt = pollStart(w).getTime();
      const voters = Math.round(spec.members * RESPONSE_SHARE * (0.8 + 0.4 * (((w * 37) % 10) / 10)));
      for (let v = 0; v < voters; v++) yield [id, `${id}-voter-${v}`, v % 3, null, new Date(startsAt + v * 1_000)];
    }
  }
}
