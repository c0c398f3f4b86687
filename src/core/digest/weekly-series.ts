import type { MetricName } from "./metric-definitions.ts";
import type { WeekRate } from "./participation-figures.ts";

/**
 * A headline rate: successes and trials per week, index 0 the reported week, then 1, 2, … weeks before (up to
 * TREND_WEEKS in all; missing weeks read as empty).
 */
export interface RateSeries {
  readonly metric: MetricName;
  readonly kind: "rate";
  readonly weeks: readonly WeekRate[];
}

/** A headline count per week, indexed the same way. */
export interface CountSeries {
  readonly metric: MetricName;
  readonly kind: "count";
  readonly weeks: readonly number[];
}

/** A headline figure's weekly series. */
export type HeadlineSeries = RateSeries | CountSeries;
