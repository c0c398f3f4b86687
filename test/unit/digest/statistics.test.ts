import { describe, expect, it } from "vitest";
import {
  binomialTest,
  erfc,
  holmAdjust,
  logGamma,
  median,
  poissonRateTest,
  trendTest,
  twoProportionTest,
  twoSidedNormalP,
} from "../../../src/core/digest/statistics.ts";

describe("the statistics behind the digest", () => {
  it("computes erfc and normal tail probabilities to textbook precision", () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 7);
    expect(twoSidedNormalP(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedNormalP(-2.575829)).toBeCloseTo(0.01, 6);
    expect(twoSidedNormalP(0)).toBe(1);
  });

  it("computes ln Γ exactly enough for binomial probabilities", () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 10);
    expect(logGamma(1)).toBeCloseTo(0, 12);
  });

  it("matches R's binom.test on its documented examples", () => {
    // binom.test(c(682, 243), p = 3/4): p-value = 0.3825
    expect(binomialTest(682, 925, 0.75).pValue).toBeCloseTo(0.3825, 4);
    // binom.test(7, 20): p-value = 0.2632
    expect(binomialTest(7, 20, 0.5).pValue).toBeCloseTo(0.2632, 4);
    expect(binomialTest(10, 20, 0.5).pValue).toBeCloseTo(1, 10);
  });

  it("matches R's prop.test without continuity correction", () => {
    // prop.test(c(45, 30), c(100, 100), correct = FALSE): X-squared = 4.8, p-value = 0.02846
    const test = twoProportionTest(45, 100, 30, 100);
    expect((test?.statistic ?? 0) ** 2).toBeCloseTo(4.8, 10);
    expect(test?.pValue).toBeCloseTo(0.02846, 5);
  });

  it("declines a two-proportion test where the normal approximation fails", () => {
    expect(twoProportionTest(1, 10, 2, 10)).toBeNull();
    expect(twoProportionTest(5, 0, 2, 10)).toBeNull();
    expect(twoProportionTest(100, 100, 100, 100)).toBeNull();
  });

  it("tests two Poisson rates as R's poisson.test does", () => {
    // poisson.test(c(11, 6 + 8 + 7), c(800, 1083 + 1050 + 878)): p-value = 0.07967
    expect(poissonRateTest(11, 800, 21, 3011)?.pValue).toBeCloseTo(0.07967, 4);
    expect(poissonRateTest(0, 1, 0, 4)).toBeNull();
    expect(poissonRateTest(50, 1, 200, 4)?.pValue).toBeCloseTo(1, 10);
  });

  it("adjusts p-values with Holm's method as R's p.adjust does", () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
    const adjusted = holmAdjust([0.01, 0.04, null, 0.03, 0.005]);
    expect(adjusted[0]).toBeCloseTo(0.03, 12);
    expect(adjusted[1]).toBeCloseTo(0.06, 12);
    expect(adjusted[2]).toBeNull();
    expect(adjusted[3]).toBeCloseTo(0.06, 12);
    expect(adjusted[4]).toBeCloseTo(0.02, 12);
  });

  it("tests a trend in proportions as R's prop.trend.test does, widened by how much weeks differ", () => {
    // prop.trend.test(c(83, 90, 129, 70), c(86, 93, 136, 82)): X-squared = 8.2249, p-value = 0.004132.
    const smokers = [83, 90, 129, 70];
    const patients = [86, 93, 136, 82];
    const points = smokers.map((value, i) => ({ time: i + 1, value, trials: patients[i] as number }));
    const test = trendTest(points, "binomial");
    // Successive differences of the rates, less the slope, over their binomial variance: written out here.
    const pooled = 372 / 397;
    const meanTime = patients.reduce((s, n, i) => s + n * (i + 1), 0) / 397;
    const slope =
      smokers.reduce((s, x, i) => s + (i + 1 - meanTime) * x, 0) /
      patients.reduce((s, n, i) => s + n * (i + 1 - meanTime) ** 2, 0);
    let squares = 0;
    for (let i = 1; i < 4; i++) {
      const step =
        (smokers[i] as number) / (patients[i] as number) -
        (smokers[i - 1] as number) / (patients[i - 1] as number) -
        slope;
      squares += step ** 2 / (pooled * (1 - pooled) * (1 / (patients[i] as number) + 1 / (patients[i - 1] as number)));
    }
    expect(test?.dispersion).toBeCloseTo(squares / 3, 10);
    expect(test?.dispersion).toBeGreaterThan(1);
    // The weeks differ more than chance, so the statistic is widened by it, and otherwise R's.
    expect((test?.statistic ?? 0) ** 2 * (test?.dispersion ?? 0)).toBeCloseTo(8.2249, 3);
    expect(test?.statistic).toBeLessThan(0);
    expect(test?.from).toBeGreaterThan(test?.to ?? 1);
  });

  it("tests a trend in counts by the Poisson score, never narrower than chance", () => {
    // 10, 20, 30 on a straight line: score 20, variance 20 × 2, nothing left around the line.
    const test = trendTest(
      [10, 20, 30].map((value, time) => ({ time, value, trials: 1 })),
      "poisson",
    );
    expect(test?.statistic).toBeCloseTo(20 / Math.sqrt(40), 12);
    expect(test?.pValue).toBeCloseTo(twoSidedNormalP(20 / Math.sqrt(40)), 12);
    expect(test?.from).toBeCloseTo(10, 12);
    expect(test?.to).toBeCloseTo(30, 12);
    expect(
      trendTest(
        [
          { time: 0, value: 5, trials: 1 },
          { time: 1, value: 5, trials: 1 },
        ],
        "poisson",
      ),
    ).toBeNull();
    expect(
      trendTest(
        [0, 0, 0].map((value, time) => ({ time, value, trials: 1 })),
        "poisson",
      ),
    ).toBeNull();
  });

  it("widens the week-on-week tests when weeks scatter more than chance", () => {
    const plain = twoProportionTest(45, 100, 30, 100);
    const wide = twoProportionTest(45, 100, 30, 100, 4);
    expect(wide?.statistic).toBeCloseTo((plain?.statistic ?? 0) / 2, 12);
    expect(poissonRateTest(30, 1, 80, 4, 0.5)?.pValue).toBe(poissonRateTest(30, 1, 80, 4)?.pValue);
    // 30 against 80 over 4 weeks, scattering twice as much as Poisson: z = (30 − 22) / √(2 × 110 × 0.2 × 0.8).
    expect(poissonRateTest(30, 1, 80, 4, 2)?.statistic).toBeCloseTo(8 / Math.sqrt(2 * 110 * 0.16), 12);
  });

  it("takes the median of odd and even counts, and of none", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
