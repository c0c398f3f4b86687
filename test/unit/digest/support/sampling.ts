// Samplers for the simulated communities of the calibration tests, driven by a seeded random source.

/** Successes in n trials of probability p. */
export function binomial(random: () => number, n: number, p: number): number {
  let successes = 0;
  for (let i = 0; i < n; i++) if (random() < p) successes += 1;
  return successes;
}

/** A Poisson draw of the given mean, by Knuth's method: fine for the small means the tests use. */
export function poisson(random: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let product = random();
  let count = 0;
  while (product > limit) {
    product *= random();
    count += 1;
  }
  return count;
}
