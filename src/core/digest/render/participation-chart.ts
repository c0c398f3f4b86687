import type { LineChart } from "../chart.port.ts";
import type { BrandDigest, CommunityDigest } from "../digest.ts";
import type { DigestText } from "./digest-text.ts";

/** "2026-W48" → "W48"; other weeks by their first day, "11-24". */
export function shortWeekLabel(label: string): string {
  const iso = /^\d{4}-(W\d{2})$/.exec(label);
  return iso ? (iso[1] as string) : label.slice(5, 10);
}

/** The community's participation over the last twelve weeks against the peers' median. */
export function communityChart(digest: CommunityDigest, text: DigestText): LineChart {
  return {
    title: text.t("digest.chart.title", { community: digest.community.title }),
    yTitle: text.t("digest.chart.y"),
    labels: digest.series.labels.map(shortWeekLabel),
    series: [
      { name: text.t("digest.chart.own"), values: digest.series.own, dashed: false },
      { name: text.t("digest.chart.peers"), values: digest.series.peerMedian, dashed: true },
    ],
    locale: text.n.locale,
  };
}

/** Every community of a brand on one chart, with the peers' median (the same peers for all of them). */
export function brandChart(brand: BrandDigest, text: DigestText): LineChart {
  const reported = brand.communities.filter((d) => !d.withheld);
  const first = reported[0];
  return {
    title: text.t("digest.chart.brandTitle", { brand: brand.brandName }),
    yTitle: text.t("digest.chart.y"),
    labels: (first?.series.labels ?? []).map(shortWeekLabel),
    series: [
      ...reported.map((d) => ({
        name: `${d.community.title} (${text.t(`digest.platform.${d.community.platform}`)})`,
        values: d.series.own,
        dashed: false,
      })),
      ...(first ? [{ name: text.t("digest.chart.peers"), values: first.series.peerMedian, dashed: true }] : []),
    ],
    locale: text.n.locale,
  };
}
