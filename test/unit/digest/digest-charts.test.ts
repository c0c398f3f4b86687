// The digest's charts, built by the real DigestBuilder from synthetic communities loaded as Circolo stores them:
// which weeks they span, which lines they draw, and what each line's values are.
import { beforeAll, describe, expect, it } from "vitest";
import type { CommunityDigest } from "../../../src/core/digest/digest.ts";
import { DigestBuilder } from "../../../src/core/digest/digest-builder.ts";
import { dayStart, parseIsoWeek, weeksBefore } from "../../../src/core/digest/digest-week.ts";
import { DigestText } from "../../../src/core/digest/render/digest-text.ts";
import { brandChart, communityCharts } from "../../../src/core/digest/render/participation-chart.ts";
import { Translator } from "../../../src/core/i18n/translator.ts";
import { oracleFirstChartWeek } from "./support/oracle.ts";
import { syntheticCommunity } from "./support/synthetic.ts";
import { inMemoryBed, load, type TestBed } from "./support/test-bed.ts";

const week = parseIsoWeek("2026-W47")!;
const end = dayStart(week.endDay, "Europe/Rome");
const now = new Date(end.getTime() + 9 * 3_600_000);
const text = new DigestText(new Translator().for("en"), "en");

function builder(bed: TestBed): DigestBuilder {
  return new DigestBuilder({
    communities: bed.repositories.communities,
    digests: bed.repositories.digests,
    campaigns: bed.repositories.campaignMetrics,
  });
}

function names(digest: CommunityDigest, id: string): string[] | undefined {
  return communityCharts(digest, text)
    .find((c) => c.id === id)
    ?.chart.series.map((s) => s.name);
}

describe("the digest's charts", () => {
  let young: CommunityDigest;
  let youngFirstWeek: string;
  let old: CommunityDigest;
  let compared: CommunityDigest;

  beforeAll(async () => {
    const alone = await inMemoryBed();
    const threeWeeks = syntheticCommunity({ seed: 3, timeZone: "Europe/Rome", end, weeks: 3, members: 90 });
    // Its first members arrive up to 20 days before the three weeks: its first full week follows its first event.
    youngFirstWeek = oracleFirstChartWeek(threeWeeks, week.startDay);
    young = await builder(alone).build(await load(alone, threeWeeks, { id: "young" }), week, now);
    const twentyWeeks = syntheticCommunity({ seed: 20, timeZone: "Europe/Rome", end, weeks: 20, members: 90 });
    old = await builder(alone).build(await load(alone, twentyWeeks, { id: "old" }), week, now);

    // Five opted-in communities of other brands: enough peers for a median.
    const withPeers = await inMemoryBed();
    for (let i = 0; i < 5; i++) {
      const log = syntheticCommunity({ seed: 50 + i, timeZone: "Europe/Rome", end, weeks: 8, members: 80 });
      await load(withPeers, log, { id: `peer${i}`, benchmarkOptIn: true });
    }
    const own = syntheticCommunity({ seed: 9, timeZone: "Europe/Rome", end, weeks: 8, members: 80 });
    compared = await builder(withPeers).build(await load(withPeers, own, { id: "own" }), week, now);
  });

  it("start at the community's first full week, not twelve weeks back", () => {
    expect(young.series.labels[0]).toBe(youngFirstWeek);
    expect(young.series.labels.length).toBeLessThan(8);
    expect(young.series.labels.at(-1)).toBe("2026-W47");
    for (const chart of communityCharts(young, text)) {
      expect(chart.chart.labels).toEqual(young.series.labels.map((l) => l.slice(5)));
    }
    expect(old.series.labels).toHaveLength(12);
    expect(old.series.labels[0]).toBe(weeksBefore(week, 11).label);
  });

  it("draw the peers' median whenever there are peers, and leave it out of the legend otherwise", () => {
    expect(young.series.peerMedian.every((v) => v === null)).toBe(true);
    expect(names(young, "participation")).toEqual(["This community"]);
    expect(compared.peers.peers).toBe(5);
    expect(compared.series.peerMedian.at(-1)).not.toBeNull();
    const participation = communityCharts(compared, text).find((c) => c.id === "participation")?.chart;
    expect(participation?.series.map((s) => [s.name, s.dashed])).toEqual([
      ["This community", false],
      ["Peer median", true],
    ]);
  });

  it("chart active members and interactions per week, as the headline and the figures count them", () => {
    const activity = communityCharts(old, text).find((c) => c.id === "activity")?.chart;
    expect(activity?.unit).toBe("count");
    expect(activity?.series.map((s) => s.name)).toEqual(["Active members", "Interactions"]);
    const active = old.headline.find((h) => h.figure.metric === "active_members_7d")?.figure.value;
    const interactions = old.figures.find((f) => f.metric === "interactions" && f.key === null)?.value;
    expect(old.series.activeMembers.at(-1)).toBe(active);
    expect(old.series.interactions.at(-1)).toBe(interactions);
    // The weeks before the reported one come from the same definitions: some activity every week.
    expect(old.series.interactions.every((n) => n !== null && n > 0)).toBe(true);
  });

  it("leave out the chart of active members and interactions in a week when nobody did anything", () => {
    const quiet: CommunityDigest = {
      ...old,
      series: {
        ...old.series,
        activeMembers: old.series.labels.map(() => 0),
        interactions: old.series.labels.map((_, i) => (i === 3 ? null : 0)),
      },
    };
    expect(communityCharts(quiet, text).map((c) => c.id)).toEqual(["participation"]);
  });

  it("chart participation by campaign kind only when more than one kind ran", () => {
    // The synthetic communities run polls only.
    expect(old.series.byKind.map((k) => k.kind)).toEqual(["poll"]);
    expect(names(old, "kinds")).toBeUndefined();
    const withOffers: CommunityDigest = {
      ...old,
      series: {
        ...old.series,
        byKind: [
          ...old.series.byKind,
          { kind: "offer", values: old.series.labels.map((_, i) => (i === 10 ? 0.4 : null)) },
        ],
      },
    };
    const kinds = communityCharts(withOffers, text).find((c) => c.id === "kinds")?.chart;
    expect(kinds?.unit).toBe("share");
    expect(kinds?.series.map((s) => s.name)).toEqual(["Poll", "Offer"]);
  });

  it("line a younger community up with the oldest on the brand's chart", () => {
    const brand = brandChart(
      { brandId: "b", brandName: "Brand", weekLabel: "2026-W47", communities: [young, old] },
      text,
    );
    expect(brand.labels).toHaveLength(12);
    const youngLine = brand.series[0]?.values ?? [];
    expect(youngLine).toHaveLength(12);
    expect(youngLine.slice(12 - young.series.own.length)).toEqual(young.series.own);
    expect(youngLine.slice(0, 12 - young.series.own.length).every((v) => v === null)).toBe(true);
    expect(brand.series.map((s) => s.name)).not.toContain("Peer median");
  });
});
