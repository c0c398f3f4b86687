// Calibration of the digest's "real change or noise" call: a community whose behaviour does not change must
// rarely be flagged, and a real 20 % drop at a realistic size must usually be. Each simulated week runs the
// digest's own decision (assessHeadline) on the weekly figures a community of that size would produce.
import { describe, expect, it } from "vitest";
import type { Headline } from "../../../src/core/digest/digest.ts";
import { assessHeadline } from "../../../src/core/digest/headline.ts";
import { binomial, poisson } from "./support/sampling.ts";
import { seeded } from "./support/synthetic.ts";

/** A community of 1,500 members: polls reach 900 a week (three polls of 300), 30 % of those reached vote,
 * 25 % of the members are active in a week, and 25 new members join. */
const size = { members: 1_500, reach: 900, participation: 0.3, active: 0.25, newPerWeek: 25 };
const K = 5;
const WEEKS = 1_000;

/** One simulated digest: five weeks (the reported one first), the reported one scaled by `factor` where asked. */
function simulateWeek(random: () => number, drop: { participation?: number; active?: number }): Headline[] {
  const weeks = [0, 1, 2, 3, 4];
  const participation = weeks.map((w) => {
    const p = size.participation * (w === 0 ? (drop.participation ?? 1) : 1);
    return { responders: binomial(random, size.reach, p), reach: size.reach };
  });
  const active = weeks.map((w) => binomial(random, size.members, size.active * (w === 0 ? (drop.active ?? 1) : 1)));
  const joined = weeks.map(() => poisson(random, size.newPerWeek));
  return assessHeadline(
    [
      { metric: "participation_rate", kind: "rate", weeks: participation },
      { metric: "active_members_7d", kind: "count", weeks: active },
      { metric: "members_new", kind: "count", weeks: joined },
    ],
    K,
  );
}

const flagged = (headline: readonly Headline[]) => headline.some((h) => h.call === "up" || h.call === "down");
const called = (headline: readonly Headline[], metric: string) =>
  headline.find((h) => h.figure.metric === metric)?.call;

describe("the significance of the digest's calls", () => {
  it("flags a community with no real change in fewer than 5 % of 1,000 simulated weeks", () => {
    const random = seeded(20261130);
    let weeksFlagged = 0;
    for (let week = 0; week < WEEKS; week++) if (flagged(simulateWeek(random, {}))) weeksFlagged += 1;
    expect(weeksFlagged / WEEKS).toBeLessThan(0.05);
  });

  it("calls out a real 20 % drop in participation as a drop in most of 1,000 simulated weeks", () => {
    const random = seeded(48);
    let drops = 0;
    let rises = 0;
    for (let week = 0; week < WEEKS; week++) {
      const call = called(simulateWeek(random, { participation: 0.8 }), "participation_rate");
      if (call === "down") drops += 1;
      if (call === "up") rises += 1;
    }
    expect(drops / WEEKS).toBeGreaterThan(0.5);
    expect(rises).toBe(0);
  });

  it("calls out a real 20 % drop in active members in most of 1,000 simulated weeks", () => {
    const random = seeded(7);
    let drops = 0;
    for (let week = 0; week < WEEKS; week++) {
      if (called(simulateWeek(random, { active: 0.8 }), "active_members_7d") === "down") drops += 1;
    }
    expect(drops / WEEKS).toBeGreaterThan(0.5);
  });

  it("does not call out a significant but tiny change", () => {
    // Huge groups make a 3 % drift significant; it is still too small to matter.
    const weeks = [0.297, 0.3, 0.3, 0.3, 0.3].map((p) => ({ responders: Math.round(p * 1_000_000), reach: 1_000_000 }));
    const [participation] = assessHeadline([{ metric: "participation_rate", kind: "rate", weeks }], K);
    expect(participation?.comparisons[1]?.adjustedPValue).toBeLessThan(0.05);
    expect(participation?.call).toBe("no_significant_change");
  });
});
