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
    name: "a community launched during the fifth week before the reported one",
    week: "2026-W47",
    timeZone: "Europe/Rome",
    log: (end) =>
      syntheticCommunity({ seed: 5, timeZone: "Europe/Rome", end, weeks: 5, members: 120, early: 0, reach: 30 }),
  },
  {
    name: "a group polled every third week",
    week: "2026-W47",
    timeZone: "Europe/Rome",
    log: (end) =>
      syntheticCommunity({ seed: 21, timeZone: "Europe/Rome", end, weeks: 12, members: 150, pollEvery: 3, reach: 60 }),
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

    it("compares the headline with the latest alike week and the four latest the oracle finds", () => {
      if (digest.withheld) return;
      const weeks = oracleWeeks(log, week.startDay);
      // Alike: weeks the community existed for in full; when some had polls and some not, only those like this one.
      const existing = weeks.existed.map((e, i) => (e ? i : -1)).filter((i) => i >= 0);
      const mixed = existing.some((i) => weeks.campaign[i] !== weeks.campaign[0]);
      const alike = existing.filter((i) => i > 0 && (!mixed || weeks.campaign[i] === weeks.campaign[0]));
      const previousWeeks = alike.slice(0, 1);
      const baselineWeeks = alike.length >= 4 ? alike.slice(0, 4) : [];
      const visible = (n: number) => n === 0 || n >= log.k;
      const byMetric = new Map(digest.headline.map((h) => [h.figure.metric, h]));
      const counts = { active_members_7d: weeks.active, members_new: weeks.joined } as const;
      for (const [metric, series] of Object.entries(counts)) {
        const [previous, baseline] = byMetric.get(metric as keyof typeof counts)?.comparisons ?? [];
        expect(previous?.weeksBack, metric).toEqual(previousWeeks);
        expect(baseline?.weeksBack, metric).toEqual(baselineWeeks);
        for (const [comparison, used] of [
          [previous, previousWeeks],
          [baseline, baselineWeeks],
        ] as const) {
          const total = used.reduce((sum, i) => sum + (series[i] ?? 0), 0);
          expect(comparison?.reference, metric).toBe(used.length > 0 && visible(total) ? total / used.length : null);
        }
      }
      // Participation is per member reached: only alike weeks whose polls reached someone.
      const reached = alike.filter((i) => (weeks.participation[i]?.reach ?? 0) > 0);
      const rateWeeks = { previous: reached.slice(0, 1), baseline: reached.length >= 4 ? reached.slice(0, 4) : [] };
      const [previous, baseline] = byMetric.get("participation_rate")?.comparisons ?? [];
      expect(previous?.weeksBack).toEqual(rateWeeks.previous);
      expect(baseline?.weeksBack).toEqual(rateWeeks.baseline);
      const pooled = (used: readonly number[]) =>
        used
          .map((i) => weeks.participation[i] ?? { responders: 0, reach: 0 })
          .reduce((a, b) => ({ responders: a.responders + b.responders, reach: a.reach + b.reach }), {
            responders: 0,
            reach: 0,
          });
      const shown = (w: { responders: number; reach: number }) =>
        w.reach >= log.k && visible(w.responders) && visible(w.reach - w.responders);
      const rate = (used: readonly number[]) => {
        const w = pooled(used);
        return used.length > 0 && shown(w) ? w.responders / w.reach : null;
      };
      expect(previous?.reference ?? null).toBe(rate(rateWeeks.previous));
      expect(baseline?.reference ?? null).toBe(rate(rateWeeks.baseline));
    });

    it("follows each trend over the weeks alike the oracle finds", () => {
      if (digest.withheld) return;
      const weeks = oracleWeeks(log, week.startDay);
      const existing = weeks.existed.map((e, i) => (e ? i : -1)).filter((i) => i >= 0);
      const mixed = existing.some((i) => weeks.campaign[i] !== weeks.campaign[0]);
      const alike = existing.filter((i) => i > 0 && (!mixed || weeks.campaign[i] === weeks.campaign[0]));
      for (const h of digest.headline) {
        const used =
          h.figure.metric === "participation_rate"
            ? [0, ...alike].filter((i) => (weeks.participation[i]?.reach ?? 0) > 0)
            : [0, ...alike];
        expect(h.trend.weeksBack, h.figure.metric).toEqual(used);
      }
    });

    it("tests no comparison whose reference is missing or withheld", () => {
      for (const h of digest.headline) {
        for (const c of h.comparisons) {
          if (c.reference === null || h.figure.status !== "shown") {
            expect(c.change).toBeNull();
            expect(c.pValue).toBeNull();
            expect(c.calledOut).toBe(false);
          }
        }
      }
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
