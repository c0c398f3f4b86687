import { countVisible, shareVisible } from "../privacy/k-anonymity.ts";
import { likeWeeks, type WeekContext } from "./cadence.ts";
import type { FigureStatus, Trend } from "./digest.ts";
import { holmAdjust, type TrendPoint, trendTest } from "./statistics.ts";
import type { HeadlineSeries } from "./weekly-series.ts";

/** Weeks a trend looks back over, the reported one included. */
export const TREND_WEEKS = 12;
/** Fewer weeks alike than this (the reported one included) and no trend is tested. */
export const MIN_TREND_WEEKS = 6;
/**
 * The digest calls out two families of tests, week-on-week comparisons and trends, and keeps the chance of any
 * false call in a quiet week at 5 % for both together: each family's Holm-adjusted p-values are multiplied by
 * the number of families (Bonferroni) before they are compared with 0.05.
 */
export const CALL_FAMILIES = 2;
/** A trend is called out only below this p-value, after those adjustments… */
export const TREND_SIGNIFICANCE_LEVEL = 0.05;
/** …and only when the line moved by at least this much from its first week to the reported one… */
export const MIN_TREND_CHANGE = 0.1;
/** …and, for a rate, by at least this many points. */
export const MIN_TREND_POINTS = 0.02;

type Draft = Omit<Trend, "adjustedPValue" | "calledOut" | "call"> & {
  readonly status: "tested" | "too_few_weeks" | "withheld" | "unavailable";
  readonly material: boolean;
};

/**
 * The trend of each headline figure over the reported week and the earlier weeks alike to it (at most
 * TREND_WEEKS): a rate by the Cochran–Armitage test (participation per member reached, weeks without a
 * campaign left out), a count by the Poisson score test, both allowing for weeks scattering more than chance
 * (statistics.ts trendTest). Holm's adjustment runs across the figures' trends, apart from the week-on-week
 * comparisons (and doubled, CALL_FAMILIES). A trend is called out when its adjusted p-value is below TREND_SIGNIFICANCE_LEVEL and its line
 * moved by at least MIN_TREND_CHANGE (a rate also MIN_TREND_POINTS). It is withheld when the reported figure or
 * any week in it is, so no hidden week shapes a line or a p-value; it is not tested with fewer than
 * MIN_TREND_WEEKS weeks, and unavailable when the reported week has no figure (no campaign to take part in).
 */
export function assessTrends(
  series: readonly HeadlineSeries[],
  statuses: readonly FigureStatus[],
  k: number,
  context: readonly WeekContext[],
): Trend[] {
  const drafts = series.map((s, i) => draftTrend(s, statuses[i] ?? "unavailable", k, context));
  const adjusted = acrossFamilies(holmAdjust(drafts.map((d) => d.pValue)));
  return drafts.map(({ status, material, ...draft }, i): Trend => {
    const adjustedPValue = adjusted[i] ?? null;
    const calledOut =
      adjustedPValue !== null && adjustedPValue < TREND_SIGNIFICANCE_LEVEL && material && draft.change !== null;
    const call =
      status !== "tested" ? status : calledOut ? ((draft.change ?? 0) > 0 ? "rising" : "falling") : "no_clear_trend";
    return { ...draft, adjustedPValue, calledOut, call };
  });
}

function draftTrend(series: HeadlineSeries, status: FigureStatus, k: number, context: readonly WeekContext[]): Draft {
  const like = likeWeeks(context, TREND_WEEKS);
  const rate = series.kind === "rate";
  const points: (TrendPoint & { visible: boolean; index: number })[] = [0, ...like.earlier].flatMap((index) => {
    if (series.kind === "rate") {
      const week = series.weeks[index] ?? { responders: 0, reach: 0 };
      if (week.reach === 0) return [];
      const visible = shareVisible(week.responders, week.reach, k);
      return [{ index, time: -index, value: week.responders, trials: week.reach, visible }];
    }
    const count = series.weeks[index] ?? 0;
    return [{ index, time: -index, value: count, trials: 1, visible: countVisible(count, k) }];
  });
  const base = {
    test: rate ? ("cochran_armitage" as const) : ("poisson_trend" as const),
    cadence: like.cadence,
    weeksBack: points.map((p) => p.index),
    span: Math.max(0, ...points.map((p) => p.index)) + 1,
    from: null,
    to: null,
    change: null,
    statistic: null,
    pValue: null,
    material: false,
  };
  if (status === "unavailable") return { ...base, status: "unavailable" };
  if (status === "withheld" || points.some((p) => !p.visible)) return { ...base, status: "withheld" };
  if (points.length < MIN_TREND_WEEKS || points[0]?.index !== 0) return { ...base, status: "too_few_weeks" };
  const result = trendTest(points, rate ? "binomial" : "poisson");
  if (!result) return { ...base, status: "tested" };
  // The line may run past what a figure can be (below zero); the ends shown are clamped, which keeps their order.
  const clamp = (v: number) => Math.max(0, rate ? Math.min(1, v) : v);
  const from = clamp(result.from);
  const to = clamp(result.to);
  const change = from > 0 ? to / from - 1 : null;
  return {
    ...base,
    from,
    to,
    change,
    statistic: result.statistic,
    pValue: result.pValue,
    status: "tested",
    material:
      change !== null &&
      Math.abs(change) >= MIN_TREND_CHANGE &&
      (!rate || Math.abs(to - from) >= MIN_TREND_POINTS) &&
      Math.sign(change) === Math.sign(result.statistic),
  };
}

/** Holm-adjusted p-values of one family, adjusted again for the CALL_FAMILIES families of calls. */
export function acrossFamilies(adjusted: readonly (number | null)[]): (number | null)[] {
  return adjusted.map((p) => (p === null ? null : Math.min(1, CALL_FAMILIES * p)));
}
