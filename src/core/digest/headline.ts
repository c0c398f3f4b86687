import { countVisible, shareVisible } from "../privacy/k-anonymity.ts";
import { likeWeeks, steadyWeeks, type WeekContext } from "./cadence.ts";
import type { Comparison, ComparisonBasis, Figure, Headline } from "./digest.ts";
import { countFigure, shareFigure } from "./figures.ts";
import type { WeekRate } from "./participation-figures.ts";
import {
  holmAdjust,
  poissonRateTest,
  type TestResult,
  type TrendPoint,
  trendTest,
  twoProportionTest,
} from "./statistics.ts";
import { acrossFamilies, assessTrends, TREND_WEEKS } from "./trend.ts";
import type { CountSeries, HeadlineSeries, RateSeries } from "./weekly-series.ts";

/**
 * A change is called out only below this p-value, after Holm's adjustment across the headline's comparisons and
 * the doubling for the two families of calls (trend.ts, CALL_FAMILIES)…
 */
export const SIGNIFICANCE_LEVEL = 0.05;
/** …and only when the figure moved by at least this much relative to its reference… */
export const MIN_RELATIVE_CHANGE = 0.1;
/** …and, for a rate, by at least this many points (0.02 = 2 percentage points). */
export const MIN_RATE_POINTS = 0.02;
/** Weeks in the baseline. */
const BASELINE_WEEKS = 4;
/** Earlier alike weeks needed to tell how much weeks scatter beyond chance; with fewer, chance alone is assumed. */
const MIN_SCATTER_WEEKS = 4;

type DraftComparison = Omit<Comparison, "adjustedPValue" | "calledOut" | "cadence"> & { material: boolean };

interface Draft {
  readonly figure: Figure;
  readonly comparisons: DraftComparison[];
}

/**
 * Compares each headline figure with the latest earlier week alike to it and with the four latest (cadence.ts:
 * weeks the community existed for in full and, when campaigns do not run every week, weeks of the same
 * cadence): a rate with the pooled two-proportion z-test (the baseline pools the four weeks' responders and
 * reach), a count with the exact conditional Poisson rate test (exposure 1 week against 1 or 4), each widened by
 * how much the earlier alike weeks differ from one to the next beyond chance (a poll's own appeal moves its
 * participation more than coin flips would; see scatterOf). Only a comparison with a shown figure, a shown
 * reference and a change to show is tested; any other keeps no change and no p-value. A change is called out when its adjusted p-value is below SIGNIFICANCE_LEVEL and it is large
 * enough to matter; Holm's adjustment runs over every tested comparison of the headline, then doubles for the
 * trends tested beside them, so a quiet week is flagged for any figure less than 5 % of the time. Each figure also
 * carries its trend over the last TREND_WEEKS weeks (trend.ts). `context` says, per week, whether the community
 * existed for it in full and had a campaign; without it every week given counts alike, and no other.
 */
export function assessHeadline(
  series: readonly HeadlineSeries[],
  k: number,
  context: readonly WeekContext[] = steadyWeeks(Math.max(0, ...series.map((s) => s.weeks.length))),
): Headline[] {
  const like = likeWeeks(context, TREND_WEEKS);
  const drafts = series.map((s) =>
    s.kind === "rate" ? draftRate(s, k, like.earlier) : draftCount(s, k, like.earlier),
  );
  const adjusted = acrossFamilies(holmAdjust(drafts.flatMap((d) => d.comparisons.map((c) => c.pValue))));
  const trends = assessTrends(
    series,
    drafts.map((d) => d.figure.status),
    k,
    context,
  );
  let position = 0;
  return drafts.map((draft, index): Headline => {
    const comparisons = draft.comparisons.map(({ material, ...c }): Comparison => {
      const adjustedPValue = adjusted[position++] ?? null;
      return {
        ...c,
        cadence: like.cadence,
        adjustedPValue,
        calledOut: adjustedPValue !== null && adjustedPValue < SIGNIFICANCE_LEVEL && material,
      };
    });
    const trend = trends[index];
    if (!trend) throw new Error("a headline figure lost its trend");
    return { figure: draft.figure, comparisons, call: callOf(draft.figure, comparisons), trend };
  });
}

/** The direction every called-out comparison agrees on, "mixed" when they disagree. */
function callOf(figure: Figure, comparisons: readonly Comparison[]): Headline["call"] {
  if (figure.status === "withheld") return "withheld";
  const signs = new Set(comparisons.filter((c) => c.calledOut).map((c) => Math.sign(c.change ?? 0)));
  if (signs.size === 0) return "no_significant_change";
  if (signs.size > 1) return "mixed";
  return signs.has(1) ? "up" : "down";
}

/** The previous alike week and the four latest alike weeks, when there are that many. */
function references(earlier: readonly number[]): { basis: ComparisonBasis; weeksBack: number[] }[] {
  const baseline = earlier.slice(0, BASELINE_WEEKS);
  return [
    { basis: "previous_week", weeksBack: earlier.slice(0, 1) },
    { basis: "baseline_4w", weeksBack: baseline.length === BASELINE_WEEKS ? baseline : [] },
  ];
}

function draftRate(series: RateSeries, k: number, alike: readonly number[]): Draft {
  const weekAt = (i: number): WeekRate => series.weeks[i] ?? { responders: 0, reach: 0 };
  // A rate is per member reached: a week whose campaigns reached no one (or kept no responders) has none.
  const earlier = alike.filter((i) => weekAt(i).reach > 0);
  const current = weekAt(0);
  const figure = shareFigure(series.metric, current.responders, current.reach, k);
  const value = figure.status === "shown" ? current.responders / current.reach : null;
  const scatter = scatterOf(
    earlier.flatMap((i) => {
      const w = weekAt(i);
      return w.reach > 0 && shareVisible(w.responders, w.reach, k)
        ? [{ time: -i, value: w.responders, trials: w.reach }]
        : [];
    }),
    "binomial",
  );
  const comparisons = references(earlier).map(({ basis, weeksBack }): DraftComparison => {
    const pooled = weeksBack
      .map(weekAt)
      .reduce((a, b) => ({ responders: a.responders + b.responders, reach: a.reach + b.reach }), {
        responders: 0,
        reach: 0,
      });
    const reference =
      weeksBack.length > 0 && shareVisible(pooled.responders, pooled.reach, k)
        ? pooled.responders / pooled.reach
        : null;
    const change = value !== null && reference ? value / reference - 1 : null;
    const test: TestResult | null =
      change === null
        ? null
        : twoProportionTest(current.responders, current.reach, pooled.responders, pooled.reach, scatter);
    return {
      basis,
      weeksBack,
      reference,
      change,
      test: "two_proportion",
      pValue: test?.pValue ?? null,
      material:
        change !== null &&
        value !== null &&
        reference !== null &&
        Math.abs(change) >= MIN_RELATIVE_CHANGE &&
        Math.abs(value - reference) >= MIN_RATE_POINTS,
    };
  });
  return { figure, comparisons };
}

function draftCount(series: CountSeries, k: number, earlier: readonly number[]): Draft {
  const countAt = (i: number) => series.weeks[i] ?? 0;
  const current = countAt(0);
  const figure = countFigure(series.metric, current, k);
  const scatter = scatterOf(
    earlier.filter((i) => countVisible(countAt(i), k)).map((i) => ({ time: -i, value: countAt(i), trials: 1 })),
    "poisson",
  );
  const comparisons = references(earlier).map(({ basis, weeksBack }): DraftComparison => {
    const total = weeksBack.reduce((sum, i) => sum + countAt(i), 0);
    const reference = weeksBack.length > 0 && countVisible(total, k) ? total / weeksBack.length : null;
    const change = figure.status === "shown" && reference ? current / reference - 1 : null;
    const test = change === null ? null : poissonRateTest(current, 1, total, weeksBack.length, scatter);
    return {
      basis,
      weeksBack,
      reference,
      change,
      test: "poisson_rate",
      pValue: test?.pValue ?? null,
      material: change !== null && Math.abs(change) >= MIN_RELATIVE_CHANGE,
    };
  });
  return { figure, comparisons };
}

/**
 * How many times more than binomial or Poisson chance the earlier weeks differ from one week to the next (the
 * trend test's dispersion), at least 1. Only shown weeks count, so no withheld week moves a p-value; with fewer
 * than MIN_SCATTER_WEEKS of them, 1.
 */
function scatterOf(points: readonly TrendPoint[], family: "binomial" | "poisson"): number {
  if (points.length < MIN_SCATTER_WEEKS) return 1;
  return Math.max(1, trendTest(points, family)?.dispersion ?? 1);
}
