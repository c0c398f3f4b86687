import { countVisible, shareVisible } from "../privacy/k-anonymity.ts";
import type { Figure } from "./digest.ts";
import type { MetricName } from "./metric-definitions.ts";

/** A count of people or of their actions, withheld when it is 1 … k−1. */
export function countFigure(metric: MetricName, count: number, k: number, key: string | null = null): Figure {
  return countVisible(count, k)
    ? { metric, key, value: count, numerator: null, denominator: null, status: "shown" }
    : withheld(metric, key);
}

/** A share part / whole, withheld by the k-anonymity rule for shares, unavailable when the whole is empty. */
export function shareFigure(
  metric: MetricName,
  part: number,
  whole: number,
  k: number,
  key: string | null = null,
): Figure {
  if (whole === 0) return unavailable(metric, key);
  return shareVisible(part, whole, k)
    ? { metric, key, value: part / whole, numerator: part, denominator: whole, status: "shown" }
    : withheld(metric, key);
}

/** A value derived from visible figures (a ratio, a median), or unavailable when there is none. */
export function valueFigure(metric: MetricName, value: number | null, key: string | null = null): Figure {
  return value === null || !Number.isFinite(value)
    ? unavailable(metric, key)
    : { metric, key, value, numerator: null, denominator: null, status: "shown" };
}

/** A figure withheld by the k-anonymity rule. */
export function withheld(metric: MetricName, key: string | null = null): Figure {
  return { metric, key, value: null, numerator: null, denominator: null, status: "withheld" };
}

/** A figure with nothing to compute it from. */
export function unavailable(metric: MetricName, key: string | null = null): Figure {
  return { metric, key, value: null, numerator: null, denominator: null, status: "unavailable" };
}
