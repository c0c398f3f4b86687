// The statistical tests behind the digest's "real change or noise" calls, written out in full so that each
// can be checked against textbook values (test/unit/digest/statistics.test.ts). No dependency: the digest
// needs four small tests, not a statistics package.

/** A test's outcome: the statistic and its two-sided p-value. */
export interface TestResult {
  readonly statistic: number;
  readonly pValue: number;
}

/**
 * The complementary error function, erfc(x) = 1 − erf(x), by the Chebyshev fit of Numerical Recipes
 * (§6.2, fractional error below 1.2e-7 everywhere): enough for p-values compared with 0.05.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(|Z| ≥ |z|) for a standard normal Z. */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, nine coefficients: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const y = x - 1;
  let sum = c[0] as number;
  for (let i = 1; i < 9; i++) sum += (c[i] as number) / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln P(X = k) for X ~ Binomial(n, p). */
export function logBinomialPmf(k: number, n: number, p: number): number {
  if (p === 0) return k === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (p === 1) return k === n ? 0 : Number.NEGATIVE_INFINITY;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p);
}

/**
 * The exact two-sided binomial test of X = x for X ~ Binomial(n, p): the probability of every outcome no more
 * likely than the one observed (the "minimum likelihood" p-value, as R's binom.test computes it).
 */
export function binomialTest(x: number, n: number, p: number): TestResult {
  const observed = logBinomialPmf(x, n, p);
  // A relative tolerance, so outcomes exactly as likely as the observed one are not lost to rounding.
  const threshold = observed + Math.log1p(1e-7);
  let total = 0;
  for (let k = 0; k <= n; k++) {
    const logP = logBinomialPmf(k, n, p);
    if (logP <= threshold) total += Math.exp(logP);
  }
  return { statistic: x, pValue: Math.min(1, total) };
}

/**
 * Compares two rates of success x1/n1 and x2/n2 with the pooled two-proportion z-test. Null when the normal
 * approximation does not hold: an empty group, or fewer than five expected successes or failures in a group.
 * `dispersion` (at least 1) widens the variance for weeks that scatter more than binomial chance.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number, dispersion = 1): TestResult | null {
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const smallestExpected = Math.min(n1, n2) * Math.min(pooled, 1 - pooled);
  if (smallestExpected < 5) return null;
  const se = Math.sqrt(Math.max(1, dispersion) * pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = (x1 / n1 - x2 / n2) / se;
  return { statistic: z, pValue: twoSidedNormalP(z) };
}

/**
 * Compares two Poisson counts observed over exposures t1 and t2 (for example one week against four): given
 * the total, the first count is Binomial(x1 + x2, t1 / (t1 + t2)) when the rates are equal, so the exact
 * binomial test applies (the conditional test). With a `dispersion` above 1 (weeks scattering more than Poisson
 * chance) the conditional test is read on the normal scale with its variance widened by it (quasi-Poisson).
 * Null when both counts are zero.
 */
export function poissonRateTest(x1: number, t1: number, x2: number, t2: number, dispersion = 1): TestResult | null {
  if (x1 + x2 === 0) return null;
  const share = t1 / (t1 + t2);
  if (dispersion <= 1) return binomialTest(x1, x1 + x2, share);
  const total = x1 + x2;
  const z = (x1 - total * share) / Math.sqrt(dispersion * total * share * (1 - share));
  return { statistic: z, pValue: twoSidedNormalP(z) };
}

/**
 * Holm's step-down adjustment: p-values adjusted so that calling out every adjusted p below α keeps the chance
 * of any false call-out among them at most α. Nulls (tests not run) stay null and do not count.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const ranked = pValues
    .map((p, index) => ({ p, index }))
    .filter((entry): entry is { p: number; index: number } => entry.p !== null)
    .sort((a, b) => a.p - b.p);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  ranked.forEach((entry, rank) => {
    running = Math.max(running, Math.min(1, (ranked.length - rank) * entry.p));
    adjusted[entry.index] = running;
  });
  return adjusted;
}

/** The median of the values (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** One week of a trend: its position in time (the reported week 0, the one before −1, …) and its figure. */
export interface TrendPoint {
  readonly time: number;
  /** Successes of a rate, or the count. */
  readonly value: number;
  /** Trials of a rate; 1 for a count. */
  readonly trials: number;
}

/** A trend test's outcome: the statistic, its p-value, and the fitted line at the first and last week. */
export interface TrendResult extends TestResult {
  /** The fitted straight line at the oldest week and at the newest (a rate or a weekly count). */
  readonly from: number;
  readonly to: number;
  /** How much consecutive weeks differ, beyond the line's slope, relative to chance alone (1: as chance has it). */
  readonly dispersion: number;
}

/**
 * A test for a linear trend over weeks, as a score test of the slope: the Cochran–Armitage test for rates
 * (binomial variance p̄(1−p̄) per trial) or the Poisson score test for counts (variance ȳ), weighted by trials.
 * Real weeks scatter more than binomial or Poisson chance (each poll engages differently), so the variance is
 * scaled by how much consecutive weeks differ beyond chance, when they do (quasi-likelihood, the dispersion at
 * least 1), and the statistic is read on the normal scale. Null with fewer than three weeks or no variation.
 */
export function trendTest(points: readonly TrendPoint[], family: "binomial" | "poisson"): TrendResult | null {
  const m = points.length;
  if (m < 3) return null;
  const weight = points.reduce((s, p) => s + p.trials, 0);
  if (weight === 0) return null;
  const mean = points.reduce((s, p) => s + p.value, 0) / weight;
  const variance = family === "binomial" ? mean * (1 - mean) : mean;
  if (!(variance > 0)) return null;
  const meanTime = points.reduce((s, p) => s + p.trials * p.time, 0) / weight;
  const spread = points.reduce((s, p) => s + p.trials * (p.time - meanTime) ** 2, 0);
  if (spread === 0) return null;
  const score = points.reduce((s, p) => s + (p.time - meanTime) * p.value, 0);
  const slope = score / spread;
  const fitted = (time: number) => mean + slope * (time - meanTime);
  // The scatter is read from one week to the next (successive differences, von Neumann), with the line's own step
  // taken out: a lasting shift moves one difference only, so a real change does not pass for noise.
  const ordered = [...points].sort((a, b) => a.time - b.time);
  let squares = 0;
  for (let i = 1; i < m; i++) {
    const a = ordered[i - 1] as TrendPoint;
    const b = ordered[i] as TrendPoint;
    const step = b.value / b.trials - a.value / a.trials - slope * (b.time - a.time);
    squares += step ** 2 / (variance * (1 / a.trials + 1 / b.trials));
  }
  const dispersion = squares / (m - 1);
  const statistic = score === 0 ? 0 : score / Math.sqrt(Math.max(1, dispersion) * variance * spread);
  const times = points.map((p) => p.time);
  return {
    statistic,
    pValue: twoSidedNormalP(statistic),
    from: fitted(Math.min(...times)),
    to: fitted(Math.max(...times)),
    dispersion,
  };
}
