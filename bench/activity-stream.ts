// A deterministic stream of engagement events for one community, and the rollups the EngagementRecorder would
// have written for it. Event i happens at start + i·step, by member (i·7919) mod M (named only when that member
// is among the first C, who granted analytics consent), of kind KINDS[i mod 20]. The same formula is written
// as SQL to store the raw events server-side (millions of rows without a round trip each), so stored events and
// rollups agree exactly.
import { localDay } from "../src/core/time/local-time.ts";
import type { ProviderSql, Value } from "./bulk-writer.ts";

/** Twenty slots, so a kind's share is its slots / 20 (no consent_change: it is not activity). */
export const KINDS = [
  ...Array(6).fill("command"),
  ...Array(4).fill("vote"),
  ...Array(3).fill("results_view"),
  "vote_change",
  "claim",
  "claim",
  "redeem",
  "ask",
  "upvote",
  "answer",
] as readonly string[];

const HOUR = 3_600_000;
const MEMBER_STRIDE = 7919;

/** One community's stream. */
export interface ActivityStream {
  readonly communityId: string;
  readonly timeZone: string;
  /** Member ids are `${communityId}-m${index}`. */
  readonly members: number;
  /** Members 0…consenting−1 hold an analytics grant. */
  readonly consenting: number;
  readonly events: number;
  readonly start: number;
  /** Milliseconds between events (whole, so SQL and JS compute the same instants). */
  readonly step: number;
}

export function memberId(communityId: string, index: number): string {
  return `${communityId}-m${index}`;
}

/** A stream of `events` spread evenly over [end − spanMs, end). */
export function activityStream(input: Omit<ActivityStream, "start" | "step"> & { end: number; spanMs: number }) {
  const step = Math.max(1, Math.floor(input.spanMs / Math.max(1, input.events)));
  const { end: _end, spanMs: _span, ...rest } = input;
  return { ...rest, start: input.end - step * input.events, step } satisfies ActivityStream;
}

/** The rollup rows of a stream: DailyRollup, HourlyRollup (from `hourlyFrom` on) and MemberActivityDay. */
export function streamRollups(stream: ActivityStream, hourlyFrom = Number.NEGATIVE_INFINITY) {
  const days = new Map<number, string>();
  const dayIndex = new Map<string, number>();
  const dayOfHour = (hour: number) => {
    let day = days.get(hour);
    if (day === undefined) {
      // The bench's time zones are whole hours from UTC: a UTC hour lies within one local day.
      day = localDay(new Date(hour * HOUR), stream.timeZone);
      days.set(hour, day);
      if (!dayIndex.has(day)) dayIndex.set(day, dayIndex.size);
    }
    return day;
  };
  const kinds = [...new Set(KINDS)];
  const kindIndex = new Map(kinds.map((k, i) => [k, i]));
  const daily = new Map<number, { day: string; kind: string; count: number; anonymous: number; distinct: number }>();
  const hourly = new Map<number, number>();
  const activity = new Map<number, number>();
  for (let i = 0; i < stream.events; i++) {
    const at = stream.start + i * stream.step;
    const hour = Math.floor(at / HOUR);
    const day = dayOfHour(hour);
    const d = dayIndex.get(day)!;
    const kind = KINDS[i % KINDS.length]!;
    const k = kindIndex.get(kind)!;
    const dailyKey = d * 32 + k;
    let total = daily.get(dailyKey);
    if (!total) {
      total = { day, kind, count: 0, anonymous: 0, distinct: 0 };
      daily.set(dailyKey, total);
    }
    total.count += 1;
    if (at >= hourlyFrom) hourly.set(hour * 32 + k, (hourly.get(hour * 32 + k) ?? 0) + 1);
    const m = (i * MEMBER_STRIDE) % stream.members;
    if (m >= stream.consenting) {
      total.anonymous += 1;
      continue;
    }
    const key = (m * 1024 + d) * 32 + k;
    const count = activity.get(key);
    if (count === undefined) {
      activity.set(key, 1);
      total.distinct += 1;
    } else activity.set(key, count + 1);
  }
  const dayNames = [...dayIndex.keys()];
  const id = stream.communityId;
  return {
    daily: [...daily.values()].map((t): Value[] => [id, t.day, t.kind, t.count, t.anonymous, t.distinct]),
    hourly: [...hourly].map(([key, count]): Value[] => [
      id,
      new Date(Math.floor(key / 32) * HOUR),
      kinds[key % 32]!,
      count,
    ]),
    activity: (function* () {
      for (const [key, count] of activity) {
        const k = key % 32;
        const d = Math.floor(key / 32) % 1024;
        const m = Math.floor(key / 32 / 1024);
        yield [id, memberId(id, m), dayNames[d]!, kinds[k]!, count] as Value[];
      }
    })(),
  };
}

export const dailyColumns = ["communityId", "day", "kind", "count", "anonymousCount", "distinctMembers"] as const;
export const hourlyColumns = ["communityId", "hour", "kind", "count"] as const;
export const activityColumns = ["communityId", "memberId", "day", "kind", "count"] as const;

/**
 * Events [from, to) of a stream as one INSERT … SELECT over a generated series, with the parameters of
 * rawEventsParams. Dedupe keys are "<prefix><i>", like the platform:updateId keys the pipeline writes.
 */
export function rawEventsSql(): ProviderSql {
  const kindCase = (index: string) =>
    `CASE ${index} % ${KINDS.length} ${KINDS.map((k, i) => `WHEN ${i} THEN '${k}'`).join(" ")} END`;
  return {
    // better-sqlite3 binds JS numbers as REAL: cast, so that the arithmetic is on integers as in JS.
    sqlite: `
      WITH RECURSIVE
        p(start, step, members, consenting) AS (
          SELECT CAST(@p5 AS INTEGER), CAST(@p6 AS INTEGER), CAST(@p7 AS INTEGER), CAST(@p8 AS INTEGER)),
        n(i) AS (SELECT CAST(@p3 AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < CAST(@p4 AS INTEGER) - 1)
      INSERT INTO "EngagementEvent" ("communityId", "campaignId", "kind", "at", "memberId", "dedupeKey")
      SELECT @p1, NULL, ${kindCase("i")},
        strftime('%Y-%m-%dT%H:%M:%S', (start + i * step) / 1000, 'unixepoch')
          || '.' || printf('%03d', (start + i * step) % 1000) || '+00:00',
        CASE WHEN (i * ${MEMBER_STRIDE}) % members < consenting
          THEN @p1 || '-m' || ((i * ${MEMBER_STRIDE}) % members) ELSE NULL END,
        @p2 || i
      FROM n, p`,
    postgresql: `
      INSERT INTO "EngagementEvent" ("communityId", "campaignId", "kind", "at", "memberId", "dedupeKey")
      SELECT $1, NULL, ${kindCase("i")},
        to_timestamp(($5::bigint + i * $6::bigint) / 1000.0),
        CASE WHEN (i * ${MEMBER_STRIDE}) % $7::bigint < $8::bigint THEN $1 || '-m' || ((i * ${MEMBER_STRIDE}) % $7::bigint) ELSE NULL END,
        $2 || i
      FROM generate_series($3::bigint, $4::bigint - 1) AS i`,
  };
}

/** Parameters of rawEventsSql for events [from, to) of a stream. */
export function rawEventsParams(stream: ActivityStream, keyPrefix: string, from: number, to: number): Value[] {
  return [stream.communityId, keyPrefix, from, to, stream.start, stream.step, stream.members, stream.consenting];
}
