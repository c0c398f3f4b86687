import { consentPurposes } from "../../domain/consent.ts";
import type { BrandDigest, CommunityDigest, Figure, Headline } from "../digest.ts";
import { figureOf } from "../digest.ts";
import { slotKey } from "../hour-of-week.ts";
import type { MetricName } from "../metric-definitions.ts";
import type { DigestText } from "./digest-text.ts";
import type { ChartId } from "./participation-chart.ts";

/**
 * Escapes the characters that format inline Markdown or break a table cell, so titles typed by moderators show
 * as typed. Every escaped line starts after a prefix ("# ", "- ", "| "), so block syntax cannot begin there.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, " ");
}

const memberFigures: readonly MetricName[] = [
  "members_total",
  "active_members_7d",
  "active_members_28d",
  "stickiness",
  "members_new",
  "members_returning",
  "members_lapsed",
  "interactions",
  "anonymous_share",
];
const campaignFigures: readonly MetricName[] = [
  "polls_sent",
  "poll_votes",
  "poll_participation",
  "offer_claims",
  "offer_redemptions",
  "offer_conversion",
  "offer_median_hours_to_redeem",
  "qa_questions",
  "qa_answered_share",
  "qa_median_hours_to_first_answer",
];

/**
 * The full digest of one community as Markdown: headline with its tests, the peer verdict, recommendations,
 * the charts (`charts`: PNG files beside the file, by chart), campaigns, members and cohorts, consent,
 * engagement by hour, and how to read it.
 */
export function communityMarkdown(
  digest: CommunityDigest,
  text: DigestText,
  charts: ReadonlyMap<ChartId, string> = new Map(),
): string {
  const { t } = text;
  const image = (id: ChartId): string[] => {
    const path = charts.get(id);
    const alt = t(`digest.chart.${id}Title`, { community: digest.community.title });
    return path ? [`![${escapeMarkdown(alt)}](${path})`, ""] : [];
  };
  const out: string[] = [`# ${escapeMarkdown(text.title(digest))}`, "", text.period(digest), ""];
  if (digest.withheld) return [...out, `> ${t("digest.withheld", { k: digest.community.k })}`, ""].join("\n");

  out.push(`## ${t("digest.section.headline")}`, "", ...headlineTable(digest, text), "");
  out.push(...digest.headline.map((h) => `- ${escapeMarkdown(text.headline(h))}`), "");
  out.push(`### ${t("digest.section.trends")}`, "", ...trendTable(digest, text), "");
  out.push(...digest.headline.map((h) => `- ${escapeMarkdown(text.trend(h, true))}`), "");
  out.push(`## ${t("digest.section.peers")}`, "", escapeMarkdown(text.peers(digest.peers)), "");
  out.push(`## ${t("digest.section.advice")}`, "");
  if (digest.recommendations.length === 0) out.push(t("digest.advice.none"));
  else out.push(...digest.recommendations.map((r) => `- ${escapeMarkdown(text.recommendation(r))}`));
  out.push("", `## ${t("digest.section.participation")}`, "");
  out.push(...image("participation"), ...image("kinds"));
  out.push(...campaignTable(digest, text), "", ...figureList(digest, campaignFigures, text), "");
  out.push(
    `## ${t("digest.section.members")}`,
    "",
    ...image("activity"),
    ...figureList(digest, memberFigures, text),
    "",
  );
  out.push(`### ${t("digest.section.cohorts")}`, "", ...cohortTable(digest, text), "");
  out.push(`## ${t("digest.section.consent")}`, "", ...consentList(digest, text), "");
  out.push(`## ${t("digest.section.hours")}`, "", ...hourTable(digest, text), "");
  out.push(`## ${t("digest.section.reading")}`, "", t("digest.note.long", { k: digest.community.k }));
  out.push("", t("digest.note.trends"));
  if (digest.sources.offers === "rollups" || digest.sources.questions === "rollups")
    out.push("", t("digest.note.rollups"));
  return [...out, ""].join("\n");
}

/** A brand's digest: a summary table, then every community's full digest (charts by community id). */
export function brandMarkdown(
  brand: BrandDigest,
  text: DigestText,
  chartPaths: ReadonlyMap<string, ReadonlyMap<ChartId, string>>,
): string {
  const { t } = text;
  const out = [`# ${escapeMarkdown(t("digest.brandTitle", { brand: brand.brandName, week: brand.weekLabel }))}`, ""];
  out.push(
    `| ${t("digest.table.community")} | ${t("digest.metric.participation_rate")} | ${t("digest.table.call")} | ${t("digest.section.peers")} |`,
  );
  out.push("|---|---|---|---|");
  for (const d of brand.communities) {
    const participation = d.headline.find((h) => h.figure.metric === "participation_rate");
    out.push(
      `| ${escapeMarkdown(d.community.title)} (${t(`digest.platform.${d.community.platform}`)}) | ${participation ? text.value(participation.figure) : t("digest.status.withheld")} | ${participation ? t(`digest.call.${participation.call}`) : "—"} | ${d.withheld ? "—" : t(`digest.verdict.${d.peers.verdict}`)} |`,
    );
  }
  out.push("");
  for (const d of brand.communities) {
    out.push(
      communityMarkdown(d, text, chartPaths.get(d.community.id))
        .replace(/^# /, "## ")
        .replace(/\n(#+) /g, "\n#$1 "),
    );
  }
  return out.join("\n");
}

function headlineTable(digest: CommunityDigest, text: DigestText): string[] {
  const { t } = text;
  const rows = [
    `| ${t("digest.table.figure")} | ${t("digest.table.thisWeek")} | ${t("digest.table.lastWeek")} | ${t("digest.table.baseline")} | ${t("digest.table.call")} |`,
    "|---|---:|---:|---:|---|",
  ];
  for (const h of digest.headline) {
    const [previous, baseline] = h.comparisons;
    rows.push(
      `| ${text.metric(h.figure)} | ${text.value(h.figure)} | ${previous ? cellOf(h, previous, text) : "—"} | ${baseline ? cellOf(h, baseline, text) : "—"} | ${t(`digest.call.${h.call}`)} |`,
    );
  }
  return rows;
}

/** Per headline figure, its trend: weeks, the line from the oldest week to this one, change, p-value, call. */
function trendTable(digest: CommunityDigest, text: DigestText): string[] {
  const { t } = text;
  const rows = [
    `| ${t("digest.table.figure")} | ${t("digest.table.trendWeeks")} | ${t("digest.table.trendLine")} | ${t("digest.table.change")} | p | ${t("digest.table.call")} |`,
    "|---|---:|---:|---:|---:|---|",
  ];
  for (const h of digest.headline) {
    const { trend } = h;
    const line =
      trend.from === null || trend.to === null ? "—" : `${text.inUnit(h, trend.from)} → ${text.inUnit(h, trend.to)}`;
    const change = trend.change === null ? "—" : text.n.change(trend.change);
    const p = trend.adjustedPValue === null ? "—" : text.n.p(trend.adjustedPValue);
    rows.push(
      `| ${text.metric(h.figure)} | ${trend.weeksBack.length} | ${line} | ${trend.calledOut ? `**${change}**` : change} | ${p} | ${t(`digest.trend.call.${trend.call}`)} |`,
    );
  }
  return rows;
}

/** The comparison's cell, its change in bold when called out. */
function cellOf(h: Headline, c: Headline["comparisons"][number], text: DigestText): string {
  const cell = text.comparison(h, c);
  return c.calledOut && c.change !== null
    ? cell.replace(text.n.change(c.change), `**${text.n.change(c.change)}**`)
    : cell;
}

function campaignTable(digest: CommunityDigest, text: DigestText): string[] {
  const { t } = text;
  if (digest.campaigns.length === 0) return [t("digest.noCampaigns")];
  return [
    `| ${t("digest.table.campaign")} | ${t("digest.table.kind")} | ${t("digest.table.participation")} | ${t("digest.table.respondersOfReach")} |`,
    "|---|---|---:|---:|",
    ...digest.campaigns.map((c) => {
      const f = c.participation;
      const counts =
        f.status === "shown" ? `${text.n.number(f.numerator ?? 0)} / ${text.n.number(f.denominator ?? 0)}` : "—";
      const name = c.number === null ? c.title : `${c.number}. ${c.title}`;
      return `| ${escapeMarkdown(name)} | ${t(`digest.kindName.${c.kind}`)} | ${text.value(f)} | ${counts} |`;
    }),
  ];
}

function figureList(digest: CommunityDigest, metrics: readonly MetricName[], text: DigestText): string[] {
  return metrics.flatMap((m) => {
    const f: Figure | undefined = figureOf(digest, m);
    return f ? [`- ${text.metric(f)}: ${text.value(f)}`] : [];
  });
}

function cohortTable(digest: CommunityDigest, text: DigestText): string[] {
  const { t } = text;
  const cohorts = digest.figures.filter((f) => f.metric === "cohort_size");
  const width = cohorts.length;
  const rows = [
    `| ${t("digest.table.joinWeek")} | ${t("digest.table.members")} | ${Array.from({ length: width }, (_, i) => `+${i + 1}`).join(" | ")} |`,
    `|---|---:|${"---:|".repeat(width)}`,
  ];
  for (const cohort of cohorts) {
    const cells = Array.from({ length: width }, (_, i) => {
      const f = figureOf(digest, "cohort_retention", `${cohort.key}+${i + 1}`);
      return f ? text.value(f) : "";
    });
    rows.push(`| ${cohort.key} | ${text.value(cohort)} | ${cells.join(" | ")} |`);
  }
  return rows;
}

function consentList(digest: CommunityDigest, text: DigestText): string[] {
  return consentPurposes.flatMap((purpose) => {
    const f = figureOf(digest, "consent_rate", purpose);
    return f ? [`- ${text.t(`privacy.purposeShort.${purpose}`)}: ${text.value(f)}`] : [];
  });
}

/** A weekday × hour grid of interactions: "·" for none, "–" for a withheld slot. */
function hourTable(digest: CommunityDigest, text: DigestText): string[] {
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0"));
  const rows = [`| | ${hours.join(" | ")} |`, `|---|${"---:|".repeat(24)}`];
  for (let weekday = 0; weekday < 7; weekday++) {
    const cells = hours.map((_, hour) => {
      const f = figureOf(digest, "engagement_by_hour", slotKey(weekday, hour));
      if (f?.status !== "shown") return "–";
      return f.value === 0 ? "·" : text.n.number(f.value ?? 0);
    });
    rows.push(`| ${text.n.weekday(weekday)} | ${cells.join(" | ")} |`);
  }
  return rows;
}
