import { countVisible, shareVisible } from "../privacy/k-anonymity.ts";
import type { Comparison, ComparisonBasis, Figure, Headline } from "./digest.ts";
import { countFigure, shareFigure } from "./figures.ts";
import type { MetricName } from "./metric-definitions.ts";
import { holmAdjust, poissonRateTest, type TestResult, twoProportionTest } from "./statistics.ts";

/** A change is called out only below this p-value (after Holm's adjustment across the headline). */
export const SIGNIFICANCE_LEVEL = 0.05;
/** …and only when the figure moved by at least this much relative to its reference… */
export const MIN_RELATIVE_CHANGE = 0.1;
/** …and, for a rate, by at least this many points (0.02 = 2 percentage points). */
export const MIN_RATE_POINTS = 0.02;

/**
 * A headline rate: successes and trials per week, index 0 the reported week, then 1 … 4 weeks before. The
 * previous week is index 1; the trailing 4-week baseline is indexes 1 … 4.
 */
export interface RateSeries {
  readonly metric: MetricName;
  readonly kind: "rate";
  readonly weeks: readonly { readonly responders: number; readonly reach: number }[];
}

/** A headline count per week, indexed the same way. */
export interface CountSeries {
  readonly metric: MetricName;
  readonly kind: "count";
  readonly weeks: readonly number[];
}

interface Draft {
  readonly figure: Figure;
  readonly comparisons: (Omit<Comparison, "adjustedPValue" | "calledOut"> & { material: boolean })[];
}

/**
 * Compares each headline figure with the previous week and with the four weeks before it: a rate with the
 * pooled two-proportion z-test (the baseline pools the four weeks' responders and reach), a count with the
 * exact conditional Poisson rate test (exposure 1 week against 1 or 4). A change is called out when its
 * Holm-adjusted p-value is below SIGNIFICANCE_LEVEL and it is large enough to matter; the adjustment runs
 * over every comparison of the headline, so a quiet week is flagged for any figure less than 5 % of the time.
 * A withheld figure is neither tested nor called out.
 */
export function assessHeadline(series: readonly (RateSeries | CountSeries)[], k: number): Headline[] {
  const drafts = series.map((s) => (s.kind === "rate" ? draftRate(s, k) : draftCount(s, k)));
  const adjusted = holmAdjust(drafts.flatMap((d) => d.comparisons.map((c) => c.pValue)));
  let position = 0;
  return drafts.map((draft): Headline => {
    const comparisons = draft.comparisons.map(({ material, ...c }): Comparison => {
      const adjustedPValue = adjusted[position++] ?? null;
      return {
        ...c,
        adjustedPValue,
        calledOut: adjustedPValue !== null && adjustedPValue < SIGNIFICANCE_LEVEL && material,
      };
    });
    return { figure: draft.figure, comparisons, call: callOf(draft.figure, comparisons) };
  });
}

function callOf(figure: Figure, comparisons: readonly Comparison[]): Headline["call"] {
  if (figure.status === "withheld") return "withheld";
  const strongest = comparisons
    .filter((c) => c.calledOut)
    .sort((a, b) => (a.adjustedPValue ?? 1) - (b.adjustedPValue ?? 1))[0];
  if (!strongest) return "no_significant_change";
  return (strongest.change ?? 0) > 0 ? "up" : "down";
}

function draftRate(series: RateSeries, k: number): Draft {
  const [current, previous, ...older] = padded(series.weeks, { responders: 0, reach: 0 });
  const baseline = [previous, ...older].reduce(
    (a, b) => ({ responders: a.responders + b.responders, reach: a.reach + b.reach }),
    {
      responders: 0,
      reach: 0,
    },
  );
  const figure = shareFigure(series.metric, current.responders, current.reach, k);
  const shown = figure.status === "shown";
  const rate = (w: { responders: number; reach: number }) => (w.reach === 0 ? null : w.responders / w.reach);
  const compare = (basis: ComparisonBasis, reference: { responders: number; reach: number }) => {
    const value = rate(current);
    const ref = rate(reference);
    const test: TestResult | null = shown
      ? twoProportionTest(current.responders, current.reach, reference.responders, reference.reach)
      : null;
    const change = value !== null && ref ? value / ref - 1 : null;
    const refVisible = shareVisible(reference.responders, reference.reach, k);
    return {
      basis,
      reference: refVisible ? ref : null,
      change: refVisible ? change : null,
      test: "two_proportion" as const,
      pValue: test?.pValue ?? null,
      material:
        change !== null &&
        value !== null &&
        ref !== null &&
        Math.abs(change) >= MIN_RELATIVE_CHANGE &&
        Math.abs(value - ref) >= MIN_RATE_POINTS,
    };
  };
  return { figure, comparisons: [compare("previous_week", previous), compare("baseline_4w", baseline)] };
}

function draftCount(series: CountSeries, k: number): Draft {
  const [current, previous, ...older] = padded(series.weeks, 0);
  const baselineTotal = [previous, ...older].reduce((a, b) => a + b, 0);
  const figure = countFigure(series.metric, current, k);
  const shown = figure.status === "shown";
  const compare = (basis: ComparisonBasis, total: number, weeks: number) => {
    const reference = total / weeks;
    const test = shown ? poissonRateTest(current, 1, total, weeks) : null;
    const change = reference > 0 ? current / reference - 1 : null;
    const refVisible = countVisible(total, k);
    return {
      basis,
      reference: refVisible ? reference : null,
      change: refVisible ? change : null,
      test: "poisson_rate" as const,
      pValue: test?.pValue ?? null,
      material: change !== null && Math.abs(change) >= MIN_RELATIVE_CHANGE,
    };
  };
  return { figure, comparisons: [compare("previous_week", previous, 1), compare("baseline_4w", baselineTotal, 4)] };
}

/** The reported week and the four before it (the first of which is the previous week), missing ones `empty`. */
function padded<T>(weeks: readonly T[], empty: T): [T, T, T, T, T] {
  return Array.from({ length: 5 }, (_, i) => weeks[i] ?? empty) as [T, T, T, T, T];
}
