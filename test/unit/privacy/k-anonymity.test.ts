import { describe, expect, it } from "vitest";
import {
  countVisible,
  identitiesIn,
  shareVisible,
  suppressSmallGroups,
} from "../../../src/core/privacy/k-anonymity.ts";

describe("k-anonymity", () => {
  it("shows a count of zero or of at least k, and withholds 1 to k-1", () => {
    expect([0, 1, 4, 5, 9].map((n) => countVisible(n, 5))).toEqual([true, false, false, true, true]);
  });

  it("shows a share only when the group, the part and the rest are all safe", () => {
    expect(shareVisible(5, 10, 5)).toBe(true);
    expect(shareVisible(8, 10, 5)).toBe(false);
    expect(shareVisible(0, 10, 5)).toBe(true);
    expect(shareVisible(2, 4, 5)).toBe(false);
  });

  it("withholds small groups, and the next smallest too when the total would give a lone one away", () => {
    const groups = [
      { label: "it", count: 40 },
      { label: "en", count: 12 },
      { label: "de", count: 2 },
      { label: "fr", count: 0 },
    ];
    const result = suppressSmallGroups(groups, (g) => g.count, 5);
    expect(result.shown.map((g) => g.label)).toEqual(["it", "fr"]);
    expect(result.withheldGroups).toBe(2);
    expect(result.totalVisible).toBe(true);
  });

  it("needs no second suppression when the withheld groups together reach k", () => {
    const groups = [
      { label: "a", count: 30 },
      { label: "b", count: 3 },
      { label: "c", count: 3 },
    ];
    const result = suppressSmallGroups(groups, (g) => g.count, 5);
    expect(result.shown.map((g) => g.label)).toEqual(["a"]);
  });

  it("withholds the total of a group smaller than k", () => {
    expect(suppressSmallGroups([{ count: 2 }, { count: 1 }], (g) => g.count, 5)).toEqual({
      shown: [],
      withheldGroups: 2,
      totalVisible: false,
    });
  });

  it("finds member ids, pseudonyms or names left in marketer-facing text", () => {
    expect(identitiesIn("Active members: 12", ["member-1", "ab12cd"])).toEqual([]);
    expect(identitiesIn("top voter ab12cd", ["member-1", "ab12cd", ""])).toEqual(["ab12cd"]);
  });
});
