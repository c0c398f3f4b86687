// Oracle tests: synthetic communities with known answers, loaded as Circolo stores them (rollups built by the
// real repositories), digested, and every figure compared with an independent computation from the raw log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommunityDigest } from "../../../src/core/digest/digest.ts";
import { DigestBuilder } from "../../../src/core/digest/digest-builder.ts";
import { dayStart, parseIsoWeek } from "../../../src/core/digest/digest-week.ts";
import { type Expected, oracle, oracleFirstChartWeek, oracleWeeks } from "./support/oracle.ts";
import { type SyntheticLog, syntheticCommunity } from "./support/synthetic.ts";
import { inMemoryBed, load, sqliteBed, type TestBed } from "./support/test-bed.ts";

const HOUR = 3_600_000;

interface Case {
  readonly name: string;
  readonly week: string;
  readonly log: (weekEnd: Date) => SyntheticLog;
  readonly timeZone: string;
}

const cases: readonly Case[] = [
  {
    name: "a busy week where a third of the members gave no analytics consent",
    week: "2026-W47",
    timeZone: "Europe/Rome",
    log: (end) => syntheticCommunity({ seed: 47, timeZone: "Europe/Rome", end, weeks: 10, members: 140 }),
  },
  {
    name: "the week Europe/Rome turns its clocks back (a 25-hour Sunday)",
    week: "2026-W43",
    timeZone: "Europe/Rome",
    log: (end) =>
      syntheticCommunity({ seed: 43, timeZone: "Europe/Rome", end, weeks: 9, members: 110, activity: 0.35 }),
  },
  {
    name: "the week New York springs forward (a 23-hour Sunday)",
    week: "2026-W10",
    timeZone: "America/New_York",
    log: (end) => syntheticCommunity({ seed: 10, timeZone: "America/New_York", end, weeks: 9, members: 90 }),
  },
  {
    name: "an empty week after busy ones",
    week: "2026-W47",
    timeZone: "Europe/Rome",
    // The log stops when the reported week starts: nobody joins, acts or is polled during it.
    log: (end) =>
      syntheticCommunity({
        seed: 7,
        timeZone: "Europe/Rome",
        end: new Date(end.getTime() - 7 * 24 * HOUR),
        weeks: 8,
        members: 80,
      }),
  },
  {
    name: "a community below k (three members)",
    week: "2026-W47",
    timeZone: "Europe/Rome",
    log: (end) => syntheticCommunity({ seed: 3, timeZone: "Europe/Rome", end, weeks: 6, members: 3, k: 5 }),
  },
  {
    name: "a small community where k withholds most breakdowns (k = 10)",
    week: "2026-W47",
    timeZone: "Europe/Rome",
    log: (end) =>
      syntheticCommunity({ seed: 11, timeZone: "Europe/Rome", end, weeks: 8, members: 25, k: 10, reach: 20 }),
  },
];

function keyOf(metric: string, key: string | null): string {
  return key === null ? metric : `${metric}|${key}`;
}

/** Every figure of the digest equals the oracle's, and the oracle expects no figure the digest lacks. */
function expectFiguresMatch(digest: CommunityDigest, expected: ReadonlyMap<string, Expected>): void {
  const seen = new Set<string>();
  for (const figure of digest.figures) {
    const key = keyOf(figure.metric, figure.key);
    seen.add(key);
    const want = expected.get(key);
    expect(want, `the oracle has no figure ${key}`).toBeDefined();
    expect(figure.status, key).toBe(want?.status);
    if (want?.value === null || want?.value === undefined) expect(figure.value, key).toBeNull();
    else expect(figure.value, key).toBeCloseTo(want.value, 12);
  }
  expect([...expected.keys()].filter((k) => !seen.has(k))).toEqual([]);
}

describe.each([
  ["in memory", inMemoryBed],
  ["on SQLite", sqliteBed],
])("the digest %s", (_name, makeBed) => {
  let bed: TestBed;
  beforeAll(async () => {
    bed = await makeBed();
  });
  afterAll(async () => {
    await bed.close();
  });

  describe.each(cases)("for $name", (c) => {
    const week = parseIsoWeek(c.week);
    if (!week) throw new Error(`bad week ${c.week}`);
    const weekEnd = dayStart(week.endDay, c.timeZone);
    const log = c.log(weekEnd);
    let digest: CommunityDigest;
    beforeAll(async () => {
      const community = await load(bed, log, { id: `${c.week}-${log.members.length}-${c.timeZone.length}` });
      const builder = new DigestBuilder({
        communities: bed.repositories.communities,
        digests: bed.repositories.digests,
        campaigns: bed.repositories.campaignMetrics,
      });
      digest = await builder.build(community, week, new Date(weekEnd.getTime() + 9 * HOUR));
    });

    it("computes every figure as the oracle does from the raw log", () => {
      const expected = oracle(log, week.startDay, weekEnd, { offerAndQaTables: bed.offerAndQaTables });
      if (log.members.filter((m) => m.joinedAt < weekEnd).length < log.k) {
        expect(digest.withheld).toBe(true);
        expect(digest.figures).toEqual([]);
        expect(digest.headline).toEqual([]);
        expect(expected.size).toBe(0);
        return;
      }
      expect(digest.withheld).toBe(false);
      expectFiguresMatch(digest, expected);
    });

    it("compares the headline with last week and the 4-week average the oracle finds", () => {
      if (digest.withheld) return;
      const weeks = oracleWeeks(log, week.startDay);
      const visible = (n: number) => n === 0 || n >= log.k;
      const byMetric = new Map(digest.headline.map((h) => [h.figure.metric, h]));
      const counts = { active_members_7d: weeks.active, members_new: weeks.joined } as const;
      for (const [metric, series] of Object.entries(counts)) {
        const [previous, baseline] = byMetric.get(metric as keyof typeof counts)?.comparisons ?? [];
        const total = series.slice(1).reduce((a, b) => a + b, 0);
        expect(previous?.reference, metric).toBe(visible(series[1] ?? 0) ? series[1] : null);
        expect(baseline?.reference, metric).toBe(visible(total) ? total / 4 : null);
      }
      const [previous, baseline] = byMetric.get("participation_rate")?.comparisons ?? [];
      const last = weeks.participation[1] ?? { responders: 0, reach: 0 };
      const pooled = weeks.participation
        .slice(1)
        .reduce((a, b) => ({ responders: a.responders + b.responders, reach: a.reach + b.reach }), {
          responders: 0,
          reach: 0,
        });
      const rate = (w: { responders: number; reach: number }) => (w.reach === 0 ? null : w.responders / w.reach);
      const shown = (w: { responders: number; reach: number }) =>
        w.reach >= log.k && visible(w.responders) && visible(w.reach - w.responders);
      expect(previous?.reference ?? null).toBe(shown(last) ? rate(last) : null);
      expect(baseline?.reference ?? null).toBe(shown(pooled) ? rate(pooled) : null);
    });

    it("charts the weeks from the community's first full one (at most twelve) with the figures the oracle finds", () => {
      if (digest.withheld) return;
      expect(digest.series.labels[0]).toBe(oracleFirstChartWeek(log, week.startDay));
      expect(digest.series.labels.at(-1)).toBe(c.week);
      const expected = oracle(log, week.startDay, weekEnd, { offerAndQaTables: false });
      const value = (metric: string) => {
        const figure = expected.get(metric);
        return figure?.status === "shown" ? figure.value : null;
      };
      expect(digest.series.own.at(-1)).toBe(value("participation_rate"));
      expect(digest.series.activeMembers.at(-1)).toBe(value("active_members_7d"));
      expect(digest.series.interactions.at(-1)).toBe(value("interactions"));
    });
  });
});
