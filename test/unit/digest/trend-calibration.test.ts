// Calibration of everything the digest calls out (week-on-week changes and trends together) on simulated
// communities of 30, 100 and 1,000 members, printed as a table in the test output. Each simulated week runs the
// digest's own decision (assessHeadline) on the twelve weekly figures a community of that size would produce.
import { beforeAll, describe, expect, it } from "vitest";
import type { Headline } from "../../../src/core/digest/digest.ts";
import { assessHeadline } from "../../../src/core/digest/headline.ts";
import type { MetricName } from "../../../src/core/digest/metric-definitions.ts";
import { TREND_WEEKS } from "../../../src/core/digest/trend.ts";
import { binomial, poisson } from "./support/sampling.ts";
import { seeded } from "./support/synthetic.ts";

const K = 5;
/**
 * A simulated community: two polls a week, each reaching every member, each with its own appeal (a poll's
 * participation is the community's ±10 %, uniformly, so weeks scatter more than coin flips); 45 % of the members
 * active in a week; new members at 3 % of the size a week. The sensitivity table varies the appeal.
 */
const POLLS = 2;
const APPEAL = 0.1;
const PARTICIPATION = 0.5;
const ACTIVE = 0.45;
const JOINS = 0.03;

interface Week {
  readonly responders: number;
  readonly reach: number;
  readonly active: number;
  readonly joined: number;
}

/** How much a figure is scaled in a week (1: as usual). */
type Scale = (week: number, figure: "participation" | "active") => number;

function simulate(random: () => number, members: number, weeks: number, scale: Scale, appealSpread = APPEAL): Week[] {
  return Array.from({ length: weeks }, (_, week) => {
    let responders = 0;
    for (let poll = 0; poll < POLLS; poll++) {
      const appeal = 1 - appealSpread + random() * 2 * appealSpread;
      responders += binomial(random, members, Math.min(1, PARTICIPATION * appeal * scale(week, "participation")));
    }
    return {
      responders,
      reach: POLLS * members,
      active: binomial(random, members, Math.min(1, ACTIVE * scale(week, "active"))),
      joined: poisson(random, JOINS * members),
    };
  });
}

/** The digest of the last week of `history` (oldest first), over the twelve weeks ending with it. */
function digestOf(history: readonly Week[]): Headline[] {
  const weeks = history.slice(-TREND_WEEKS).reverse();
  return assessHeadline(
    [
      { metric: "participation_rate", kind: "rate", weeks },
      { metric: "active_members_7d", kind: "count", weeks: weeks.map((w) => w.active) },
      { metric: "members_new", kind: "count", weeks: weeks.map((w) => w.joined) },
    ],
    K,
  );
}

const figures: readonly MetricName[] = ["participation_rate", "active_members_7d", "members_new"];
const of = (headline: readonly Headline[], metric: MetricName) => headline.find((h) => h.figure.metric === metric);
const flaggedFor = (h: Headline | undefined) =>
  h !== undefined && ((h.call !== "no_significant_change" && h.call !== "withheld") || h.trend.calledOut);
const saysDown = (h: Headline | undefined) => h?.call === "down" || h?.trend.call === "falling";
const saysUp = (h: Headline | undefined) => h?.call === "up" || h?.trend.call === "rising";
const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

/**
 * Quiet communities: one long simulated history each, every week from the thirteenth digested. Returns the share
 * of weeks flagged for any figure, and per figure.
 */
function quiet(members: number, communities: number, weeksEach: number, appeal = APPEAL) {
  const random = seeded(members * 7 + 1);
  let weeks = 0;
  let any = 0;
  const perFigure = new Map<MetricName, number>(figures.map((f) => [f, 0]));
  for (let c = 0; c < communities; c++) {
    const history = simulate(random, members, TREND_WEEKS - 1 + weeksEach, () => 1, appeal);
    for (let end = TREND_WEEKS; end <= history.length; end++) {
      const headline = digestOf(history.slice(0, end));
      weeks += 1;
      if (figures.some((f) => flaggedFor(of(headline, f)))) any += 1;
      for (const f of figures) if (flaggedFor(of(headline, f))) perFigure.set(f, (perFigure.get(f) ?? 0) + 1);
    }
  }
  return {
    weeks,
    any: any / weeks,
    perFigure: Object.fromEntries([...perFigure].map(([f, n]) => [f, n / weeks])) as Record<MetricName, number>,
  };
}

/**
 * A real 20 % drop of one figure from the twelfth week on, sustained four weeks: the share of communities whose
 * digests call it (a drop or a falling trend) in at least one of those four weeks, and of those calling it up.
 */
function drop(members: number, figure: "participation" | "active", communities: number, appeal = APPEAL) {
  const random = seeded(members * 13 + (figure === "active" ? 5 : 3));
  const metric: MetricName = figure === "participation" ? "participation_rate" : "active_members_7d";
  let detected = 0;
  let wrongWay = 0;
  for (let c = 0; c < communities; c++) {
    const history = simulate(
      random,
      members,
      TREND_WEEKS - 1 + 4,
      (week, f) => (f === figure && week >= TREND_WEEKS - 1 ? 0.8 : 1),
      appeal,
    );
    let down = false;
    let up = false;
    for (let end = TREND_WEEKS; end <= history.length; end++) {
      const h = of(digestOf(history.slice(0, end)), metric);
      down ||= saysDown(h);
      up ||= saysUp(h);
    }
    if (down) detected += 1;
    if (up) wrongWay += 1;
  }
  return { detected: detected / communities, wrongWay: wrongWay / communities };
}

/**
 * Participation rising steadily from 48 % to 66 % over the last eight weeks (flat at 48 % before): the share of
 * communities whose digest of the eighth week calls participation rising (by the trend or week on week).
 */
function rise(members: number, communities: number) {
  const random = seeded(members * 17 + 11);
  const weeks = TREND_WEEKS;
  const rate = (week: number) => 0.48 + 0.18 * Math.max(0, (week - (weeks - 8)) / 7);
  let byTrend = 0;
  let detected = 0;
  for (let c = 0; c < communities; c++) {
    const history = simulate(random, members, weeks, (week, f) =>
      f === "participation" ? rate(week) / PARTICIPATION : 1,
    );
    const h = of(digestOf(history), "participation_rate");
    if (h?.trend.call === "rising") byTrend += 1;
    if (saysUp(h)) detected += 1;
  }
  return { byTrend: byTrend / communities, detected: detected / communities };
}

const sizes = [30, 100, 1_000] as const;
/** Simulated communities per size: fewer at 1,000 members, where each one costs ten times as much. */
const runs = (members: number, small: number, large: number) => (members === 1_000 ? large : small);

describe("the calibration of the digest's calls and trends", () => {
  const quietRuns = new Map<number, ReturnType<typeof quiet>>();
  const drops = new Map<number, { participation: ReturnType<typeof drop>; active: ReturnType<typeof drop> }>();
  const rises = new Map<number, ReturnType<typeof rise>>();
  const sensitivity = new Map<number, { quiet: ReturnType<typeof quiet>; drop: ReturnType<typeof drop> }>();

  beforeAll(() => {
    for (const m of sizes) {
      quietRuns.set(m, quiet(m, runs(m, 100, 40), 40));
      drops.set(m, {
        // 1,000 communities where the bound is asserted, so 80 % is told from 77 % or 83 %.
        participation: drop(m, "participation", m === 100 ? 1_000 : runs(m, 500, 200)),
        active: drop(m, "active", runs(m, 500, 200)),
      });
      rises.set(m, rise(m, runs(m, 500, 200)));
    }
    for (const appeal of [0, 0.2]) {
      sensitivity.set(appeal, { quiet: quiet(100, 50, 40, appeal), drop: drop(100, "participation", 500, appeal) });
    }
    console.log("Digest calibration (simulated communities; see the model above)");
    console.table(
      sizes.map((m) => {
        const q = quietRuns.get(m) as ReturnType<typeof quiet>;
        const d = drops.get(m) as { participation: ReturnType<typeof drop>; active: ReturnType<typeof drop> };
        const r = rises.get(m) as ReturnType<typeof rise>;
        return {
          members: m,
          "quiet weeks": q.weeks,
          "quiet: any call": percent(q.any),
          "quiet: particip.": percent(q.perFigure.participation_rate),
          "quiet: active": percent(q.perFigure.active_members_7d),
          "quiet: new": percent(q.perFigure.members_new),
          "−20 % ×4 wk particip.": percent(d.participation.detected),
          "−20 % ×4 wk active": percent(d.active.detected),
          "drop called up": percent(Math.max(d.participation.wrongWay, d.active.wrongWay)),
          "48→66 % trend": percent(r.byTrend),
          "48→66 % any call": percent(r.detected),
        };
      }),
    );
    console.log("At 100 members, as polls differ more or less in appeal");
    console.table(
      [0, APPEAL, 0.2].map((appeal) => {
        const run =
          appeal === APPEAL
            ? { quiet: quietRuns.get(100), drop: drops.get(100)?.participation }
            : sensitivity.get(appeal);
        return {
          "polls' appeal": `±${appeal * 100} %`,
          "quiet: any call": percent(run?.quiet?.any ?? Number.NaN),
          "−20 % ×4 wk particip.": percent(run?.drop?.detected ?? Number.NaN),
        };
      }),
    );
  });

  it.each(sizes)("flags a quiet community of %i members in at most 5 % of weeks, for any figure", (members) => {
    expect(quietRuns.get(members)?.any).toBeLessThanOrEqual(0.05);
  });

  it("detects a real 20 % drop of participation sustained for four weeks in at least 80 % of communities of 100", () => {
    expect(drops.get(100)?.participation.detected).toBeGreaterThanOrEqual(0.8);
  });

  it("keeps both bounds at 100 members when polls all appeal alike (binomial weeks)", () => {
    expect(sensitivity.get(0)?.quiet.any).toBeLessThanOrEqual(0.05);
    expect(sensitivity.get(0)?.drop.detected).toBeGreaterThanOrEqual(0.8);
  });

  it("never calls a real drop a rise more than rarely", () => {
    for (const m of sizes) {
      expect(drops.get(m)?.participation.wrongWay).toBeLessThan(0.02);
      expect(drops.get(m)?.active.wrongWay).toBeLessThan(0.02);
    }
  });

  it("detects participation rising from 48 % to 66 % over eight weeks as a rising trend at 100 members and more", () => {
    expect(rises.get(100)?.byTrend).toBeGreaterThanOrEqual(0.8);
    expect(rises.get(1_000)?.byTrend).toBeGreaterThanOrEqual(0.8);
  });
});
