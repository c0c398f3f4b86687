// Properties of the headline's calls over arbitrary weekly series: a called-out change points the way its shown
// change does, and nothing withheld (or missing) reaches a change, a p-value or a trend line.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WeekContext } from "../../../src/core/digest/cadence.ts";
import type { Headline } from "../../../src/core/digest/digest.ts";
import { assessHeadline } from "../../../src/core/digest/headline.ts";
import { DigestText } from "../../../src/core/digest/render/digest-text.ts";
import { TREND_WEEKS } from "../../../src/core/digest/trend.ts";
import { Translator } from "../../../src/core/i18n/translator.ts";
import { countVisible, shareVisible } from "../../../src/core/privacy/k-anonymity.ts";

/** A week's figures: small and large, zero and not, so that k withholds some and not others. */
const week = fc
  .record({
    reach: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 13, max: 400 })),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
    active: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 13, max: 300 })),
    joined: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 13, max: 80 })),
    campaign: fc.boolean(),
  })
  .map((w) => ({ ...w, responders: Math.round(w.share * w.reach) }));

/** Twelve weeks, the community launched `launch` weeks before the reported one (12: before them all), and k. */
const scenario = fc.record({
  weeks: fc.array(week, { minLength: TREND_WEEKS, maxLength: TREND_WEEKS }),
  launch: fc.integer({ min: 0, max: TREND_WEEKS }),
  k: fc.integer({ min: 2, max: 10 }),
  // Trends need runs of similar weeks: sometimes every week is drawn around one level with a slope.
  steady: fc.option(
    fc.record({ level: fc.integer({ min: 20, max: 300 }), slope: fc.double({ min: -0.08, max: 0.08, noNaN: true }) }),
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function assess(s: Scenario): { headline: Headline[]; context: WeekContext[] } {
  const weeks = s.weeks.map((w, i) => {
    if (!s.steady) return w;
    const factor = Math.max(0, 1 - s.steady.slope * i);
    const reach = s.steady.level;
    return {
      ...w,
      reach,
      responders: Math.min(reach, Math.round(reach * 0.4 * factor + (w.share - 0.5) * 6)),
      active: Math.max(0, Math.round(s.steady.level * 0.5 * factor + (w.share - 0.5) * 6)),
    };
  });
  const context = weeks.map((w, i) => ({ existed: i < s.launch, campaign: w.campaign || w.reach > 0 }));
  const headline = assessHeadline(
    [
      { metric: "participation_rate", kind: "rate", weeks },
      { metric: "active_members_7d", kind: "count", weeks: weeks.map((w) => w.active) },
      { metric: "members_new", kind: "count", weeks: weeks.map((w) => w.joined) },
    ],
    s.k,
    context,
  );
  return { headline, context };
}

const text = new DigestText(new Translator().for("en"), "en");

describe("the headline's calls over any weekly series", () => {
  it("call a change only the way its shown change points, in numbers and in words", () => {
    const seen = { changes: 0, trends: 0 };
    fc.assert(
      fc.property(scenario, (s) => {
        for (const h of assess(s).headline) {
          const called = h.comparisons.filter((c) => c.calledOut);
          for (const c of called) {
            expect(c.change).not.toBeNull();
            expect(c.adjustedPValue).not.toBeNull();
          }
          seen.changes += called.length;
          const signs = new Set(called.map((c) => Math.sign(c.change ?? 0)));
          if (h.call === "up") expect([...signs]).toEqual([1]);
          if (h.call === "down") expect([...signs]).toEqual([-1]);
          if (h.call === "mixed") expect(signs).toEqual(new Set([1, -1]));
          if (h.call === "no_significant_change" || h.call === "withheld") expect(called).toEqual([]);
          const sentence = text.headline(h);
          if (h.call === "up") expect(sentence).not.toContain("−");
          if (h.call === "down") expect(sentence).not.toMatch(/\+\d/);
          const { trend } = h;
          if (trend.calledOut) {
            seen.trends += 1;
            expect(trend.from).not.toBeNull();
            expect(trend.to).not.toBeNull();
            const direction = Math.sign((trend.to ?? 0) - (trend.from ?? 0));
            expect(direction).toBe(trend.call === "rising" ? 1 : -1);
            expect(Math.sign(trend.change ?? 0)).toBe(direction);
            expect(Math.sign(trend.statistic ?? 0)).toBe(direction);
          } else {
            expect(["rising", "falling"]).not.toContain(trend.call);
          }
        }
      }),
      { numRuns: 2_000, seed: 20261207 },
    );
    // The property was put to the test: many series had calls of both kinds.
    expect(seen.changes).toBeGreaterThan(50);
    expect(seen.trends).toBeGreaterThan(50);
  });

  it("let nothing withheld or missing through a change, a p-value or a trend line", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { headline, context } = assess(s);
        const weeks = s.steady ? null : s.weeks;
        for (const h of headline) {
          const shown = h.figure.status === "shown";
          for (const c of h.comparisons) {
            // Only weeks the community existed for in full, never the reported one.
            for (const back of c.weeksBack) {
              expect(back).toBeGreaterThan(0);
              expect(context[back]?.existed).toBe(true);
            }
            if (!shown || c.reference === null || c.weeksBack.length === 0) {
              expect(c.change).toBeNull();
              expect(c.pValue).toBeNull();
              expect(c.adjustedPValue).toBeNull();
              expect(c.calledOut).toBe(false);
              expect(text.comparison(h, c)).not.toMatch(/[+−]\d/);
            }
            if (c.change === null) expect(c.pValue).toBeNull();
          }
          const { trend } = h;
          for (const back of trend.weeksBack) if (back > 0) expect(context[back]?.existed).toBe(true);
          if (!shown) {
            expect(trend.pValue).toBeNull();
            expect(trend.from).toBeNull();
            expect(trend.call === "withheld" || trend.call === "unavailable").toBe(true);
          }
          if (weeks && trend.pValue !== null) {
            // Every week in a tested trend is one k lets through.
            for (const back of trend.weeksBack) {
              const w = weeks[back];
              if (!w) continue;
              if (h.figure.metric === "participation_rate") expect(shareVisible(w.responders, w.reach, s.k)).toBe(true);
              if (h.figure.metric === "active_members_7d") expect(countVisible(w.active, s.k)).toBe(true);
              if (h.figure.metric === "members_new") expect(countVisible(w.joined, s.k)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 2_000, seed: 7 },
    );
  });
});

describe("a community's first weeks", () => {
  it("never compares its launch week's joins with the weeks after it, nor counts weeks before it", () => {
    // Launched during week 3 (counting back): 40 joined then, a handful a week since, none this week.
    const joined = [0, 6, 7, 40, 0, 0, 0, 0, 0, 0, 0, 0];
    const context = joined.map((_, i) => ({ existed: i < 3, campaign: true }));
    const [members] = assessHeadline([{ metric: "members_new", kind: "count", weeks: joined }], 5, context);
    const [previous, baseline] = members?.comparisons ?? [];
    expect(previous?.weeksBack).toEqual([1]);
    expect(previous?.reference).toBe(6);
    expect(baseline?.weeksBack).toEqual([]);
    expect(baseline?.reference).toBeNull();
    expect(baseline?.pValue).toBeNull();
    expect(members?.trend.call).toBe("too_few_weeks");
    expect(members?.call).not.toBe("mixed");
  });

  it("compares a week with a poll with earlier weeks with a poll when polls come every third week", () => {
    // Active members: 24 in poll weeks, about 10 in the weeks between.
    const active = [24, 10, 11, 25, 9, 10, 23, 11, 10, 24, 10, 9];
    const context = active.map((_, i) => ({ existed: true, campaign: i % 3 === 0 }));
    const [figure] = assessHeadline([{ metric: "active_members_7d", kind: "count", weeks: active }], 5, context);
    const [previous, baseline] = figure?.comparisons ?? [];
    expect(previous?.cadence).toBe("campaign_weeks");
    expect(previous?.weeksBack).toEqual([3]);
    expect(previous?.reference).toBe(25);
    // Only three weeks with a poll in twelve: not enough for a 4-week average, so none is tested.
    expect(baseline?.weeksBack).toEqual([]);
    expect(baseline?.pValue).toBeNull();
    expect(figure?.call).toBe("no_significant_change");
  });
});
