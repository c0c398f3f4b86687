/** Min, median and max of a sample. */
export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** The spread of a non-empty sample. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error("spread of an empty sample");
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: quantile(sorted, 0.5), max: sorted[sorted.length - 1]! };
}

/** The q-quantile (0…1) of an ascending sample, by linear interpolation between closest ranks. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error("quantile of an empty sample");
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** Milliseconds since `started` (a performance.now() reading). */
export function since(started: number): number {
  return performance.now() - started;
}
