// Reports never single anyone out. Every breakdown a marketer sees (a digest, an export for marketers) goes
// through these helpers with the community's k (CommunitySettings.kAnonymity, default 5): a group smaller than
// k could point at someone, so it is withheld rather than shown.

/**
 * Whether a count may be shown: zero (no one to point at) or at least k. Applies to counts of people and to
 * counts of their actions alike (an hour with two interactions tells who was awake).
 */
export function countVisible(count: number, k: number): boolean {
  return count === 0 || count >= k;
}

/**
 * Whether a share `part / whole` may be shown: the whole holds at least k, and both the part and the rest are
 * zero or at least k (so "all but two" is withheld as "two" would be).
 */
export function shareVisible(part: number, whole: number, k: number): boolean {
  return whole >= k && countVisible(part, k) && countVisible(whole - part, k);
}

/** A breakdown with its small groups withheld. */
export interface SuppressedBreakdown<G> {
  /** The groups that may be shown, in their original order. */
  readonly shown: readonly G[];
  /** How many groups were withheld (their labels are not shown either). */
  readonly withheldGroups: number;
  /** Whether the total may be shown: not when it is itself below k. */
  readonly totalVisible: boolean;
}

/**
 * Withholds every group whose count is 1 … k−1. When the total is shown, one withheld group alone could be
 * recovered as "total minus the shown groups", so the smallest shown group is withheld with it (complementary
 * suppression), repeatedly, until the withheld groups add up to zero or at least k.
 */
export function suppressSmallGroups<G>(
  groups: readonly G[],
  countOf: (group: G) => number,
  k: number,
): SuppressedBreakdown<G> {
  const total = groups.reduce((sum, g) => sum + countOf(g), 0);
  const totalVisible = countVisible(total, k);
  const withheld = new Set(groups.filter((g) => !countVisible(countOf(g), k)));
  const withheldSum = () => [...withheld].reduce((sum, g) => sum + countOf(g), 0);
  if (totalVisible) {
    const candidates = groups.filter((g) => !withheld.has(g) && countOf(g) > 0).sort((a, b) => countOf(a) - countOf(b));
    while (withheld.size > 0 && !countVisible(withheldSum(), k) && candidates.length > 0) {
      const next = candidates.shift();
      if (next !== undefined) withheld.add(next);
    }
  }
  return {
    shown: groups.filter((g) => !withheld.has(g)),
    withheldGroups: withheld.size,
    totalVisible,
  };
}

/**
 * The identities that must never appear in marketer-facing output: member ids, pseudonyms and display names.
 * Returns those found in `output` (empty when it is clean), for tests and checks of digests and exports.
 */
export function identitiesIn(output: string, identities: readonly string[]): string[] {
  return identities.filter((identity) => identity.length > 0 && output.includes(identity));
}
