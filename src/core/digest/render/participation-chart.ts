import type { ChartSeries, LineChart } from "../chart.port.ts";
import type { BrandDigest, CommunityDigest } from "../digest.ts";
import type { DigestText } from "./digest-text.ts";

/** The digest's charts: participation against peers, active members and interactions, participation by kind. */
export type ChartId = "participation" | "activity" | "kinds";

/** A chart of the digest, with which one it is (reports place it, files are named after it). */
export interface DigestChart {
  readonly id: ChartId;
  readonly chart: LineChart;
}

/** "2026-W48" → "W48"; other weeks by their first day, "11-24". */
export function shortWeekLabel(label: string): string {
  const iso = /^\d{4}-(W\d{2})$/.exec(label);
  return iso ? (iso[1] as string) : label.slice(5, 10);
}

function drawn(series: ChartSeries): boolean {
  return series.values.some((v) => v !== null);
}

/**
 * A community's charts over the weeks of its series (from its first week, at most twelve), each only when it
 * has something to draw:
 * - participation, with the peers' median as a dashed line whenever there are peers to draw it from (and
 *   nowhere, legend included, otherwise);
 * - active members and interactions per week, unless all of them are zero;
 * - participation per campaign kind, when more than one kind of campaign ran.
 */
export function communityCharts(digest: CommunityDigest, text: DigestText): DigestChart[] {
  const { series } = digest;
  const { t } = text;
  const community = digest.community.title;
  const labels = series.labels.map(shortWeekLabel);
  const chart = (id: ChartId, unit: LineChart["unit"], lines: ChartSeries[], worth: boolean): DigestChart[] =>
    worth
      ? [
          {
            id,
            chart: {
              title: t(`digest.chart.${id}Title`, { community }),
              yTitle: t(`digest.chart.${id}Y`),
              unit,
              labels,
              series: lines.filter(drawn),
              locale: text.n.locale,
            },
          },
        ]
      : [];
  const own = { name: t("digest.chart.own"), values: series.own, dashed: false };
  const peers = { name: t("digest.chart.peers"), values: series.peerMedian, dashed: true };
  const kinds = series.byKind
    .map((k) => ({ name: t(`digest.kindName.${k.kind}`), values: k.values, dashed: false }))
    .filter(drawn);
  const activity = [
    { name: t("digest.chart.active"), values: series.activeMembers, dashed: false },
    { name: t("digest.chart.interactions"), values: series.interactions, dashed: false },
  ];
  // A week when nobody did anything is worth saying (the text does), not a chart of zeros.
  const active = activity.some((line) => line.values.some((v) => v !== null && v > 0));
  return [
    ...chart("participation", "share", [own, peers], drawn(own)),
    ...chart("activity", "count", activity, active),
    ...chart("kinds", "share", kinds, kinds.length > 1),
  ];
}

/**
 * Every community of a brand on one chart of participation, with the peers' median (the same peers for all of
 * them) when there is one. The weeks are those of its oldest community; a younger one's line starts later.
 */
export function brandChart(brand: BrandDigest, text: DigestText): LineChart {
  const reported = brand.communities.filter((d) => !d.withheld);
  const longest = reported.reduce<CommunityDigest | undefined>(
    (a, d) => (!a || d.series.labels.length > a.series.labels.length ? d : a),
    undefined,
  );
  const weeks = longest?.series.labels.length ?? 0;
  const aligned = (values: readonly (number | null)[]) => [
    ...Array.from({ length: weeks - values.length }, () => null),
    ...values,
  ];
  const lines: ChartSeries[] = [
    ...reported.map((d) => ({
      name: `${d.community.title} (${text.t(`digest.platform.${d.community.platform}`)})`,
      values: aligned(d.series.own),
      dashed: false,
    })),
    { name: text.t("digest.chart.peers"), values: aligned(longest?.series.peerMedian ?? []), dashed: true },
  ];
  return {
    title: text.t("digest.chart.brandTitle", { brand: brand.brandName }),
    yTitle: text.t("digest.chart.participationY"),
    unit: "share",
    labels: (longest?.series.labels ?? []).map(shortWeekLabel),
    series: lines.filter(drawn),
    locale: text.n.locale,
  };
}
