import { consentPurposes } from "../../domain/consent.ts";
import type { BrandDigest, CommunityDigest } from "../digest.ts";
import { figureOf } from "../digest.ts";
import { slotKey } from "../hour-of-week.ts";
import type { MetricName } from "../metric-definitions.ts";
import type { DigestText } from "./digest-text.ts";
import type { ChartId } from "./participation-chart.ts";

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const style = `body{font-family:system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1d2a2b}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #c9d6d7;padding:.25rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}.called{font-weight:bold}.muted{color:#5b6b6c}
.hours td{font-size:.75rem;padding:.1rem .25rem}figure{margin:1rem 0}svg{max-width:100%;height:auto}`;

const overview: readonly MetricName[] = [
  "members_total",
  "active_members_7d",
  "active_members_28d",
  "stickiness",
  "members_new",
  "members_returning",
  "members_lapsed",
  "interactions",
  "anonymous_share",
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

/** A community's digest as one HTML section; `charts` are its charts as drawn by the ChartRenderer (SVG). */
export function communitySection(
  digest: CommunityDigest,
  text: DigestText,
  charts: ReadonlyMap<ChartId, string> = new Map(),
): string {
  const { t } = text;
  const e = escapeHtml;
  const parts = [`<section><h2>${e(text.title(digest))}</h2><p class="muted">${e(text.period(digest))}</p>`];
  if (digest.withheld) return `${parts[0]}<p>${e(t("digest.withheld", { k: digest.community.k }))}</p></section>`;
  parts.push(`<h3>${e(t("digest.section.headline"))}</h3>${headlineTable(digest, text)}`);
  parts.push(`<ul>${digest.headline.map((h) => `<li>${e(text.headline(h))}</li>`).join("")}</ul>`);
  parts.push(`<h4>${e(t("digest.section.trends"))}</h4>`);
  parts.push(`<ul>${digest.headline.map((h) => `<li>${e(text.trend(h, true))}</li>`).join("")}</ul>`);
  parts.push(`<h3>${e(t("digest.section.peers"))}</h3><p>${e(text.peers(digest.peers))}</p>`);
  parts.push(`<h3>${e(t("digest.section.advice"))}</h3>`);
  parts.push(
    digest.recommendations.length === 0
      ? `<p>${e(t("digest.advice.none"))}</p>`
      : `<ul>${digest.recommendations.map((r) => `<li>${e(text.recommendation(r))}</li>`).join("")}</ul>`,
  );
  parts.push(`<h3>${e(t("digest.section.participation"))}</h3>`);
  const figure = (id: ChartId) => {
    const svg = charts.get(id);
    if (svg) parts.push(`<figure>${svg}</figure>`);
  };
  figure("participation");
  figure("kinds");
  parts.push(campaignTable(digest, text));
  parts.push(`<h3>${e(t("digest.section.figures"))}</h3>`);
  figure("activity");
  parts.push("<table>");
  for (const metric of overview) {
    const f = figureOf(digest, metric);
    if (f) parts.push(`<tr><td>${e(text.metric(f))}</td><td>${e(text.value(f))}</td></tr>`);
  }
  for (const purpose of consentPurposes) {
    const f = figureOf(digest, "consent_rate", purpose);
    if (f)
      parts.push(
        `<tr><td>${e(`${text.metric(f)}: ${t(`privacy.purposeShort.${purpose}`)}`)}</td><td>${e(text.value(f))}</td></tr>`,
      );
  }
  parts.push("</table>", `<h3>${e(t("digest.section.cohorts"))}</h3>${cohortTable(digest, text)}`);
  parts.push(`<h3>${e(t("digest.section.hours"))}</h3>${hourTable(digest, text)}`);
  parts.push(`<h3>${e(t("digest.section.reading"))}</h3><p>${e(t("digest.note.long", { k: digest.community.k }))}</p>`);
  parts.push(`<p>${e(t("digest.note.trends"))}</p>`);
  if (digest.sources.offers === "rollups" || digest.sources.questions === "rollups") {
    parts.push(`<p class="muted">${e(t("digest.note.rollups"))}</p>`);
  }
  parts.push("</section>");
  return parts.join("\n");
}

/** A standalone HTML document holding the given sections. */
export function htmlDocument(title: string, locale: string, sections: readonly string[]): string {
  return `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${style}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${sections.join("\n")}
</body></html>
`;
}

/** A brand's digest: the chart of all its communities, then one section per community (charts by id). */
export function brandHtml(
  brand: BrandDigest,
  text: DigestText,
  charts: ReadonlyMap<string, ReadonlyMap<ChartId, string>>,
  overviewSvg: string | null,
): string {
  const title = text.t("digest.brandTitle", { brand: brand.brandName, week: brand.weekLabel });
  const sections = brand.communities.map((d) => communitySection(d, text, charts.get(d.community.id)));
  if (brand.communities.length === 0) sections.push(`<p>${escapeHtml(text.t("digest.noCommunities"))}</p>`);
  return htmlDocument(title, text.n.locale, [...(overviewSvg ? [`<figure>${overviewSvg}</figure>`] : []), ...sections]);
}

function headlineTable(digest: CommunityDigest, text: DigestText): string {
  const { t } = text;
  const e = escapeHtml;
  const head = ["figure", "thisWeek", "lastWeek", "baseline", "call"] as const;
  const rows = digest.headline.map((h) => {
    const cells = h.comparisons.map(
      (c) => `<td${c.calledOut ? ' class="called"' : ""}>${e(text.comparison(h, c))}</td>`,
    );
    return `<tr><td>${e(text.metric(h.figure))}</td><td>${e(text.value(h.figure))}</td>${cells.join("")}<td>${e(t(`digest.call.${h.call}`))}</td></tr>`;
  });
  return `<table><tr>${head.map((k) => `<th>${e(t(`digest.table.${k}`))}</th>`).join("")}</tr>${rows.join("")}</table>`;
}

function campaignTable(digest: CommunityDigest, text: DigestText): string {
  const { t } = text;
  const e = escapeHtml;
  if (digest.campaigns.length === 0) return `<p>${e(t("digest.noCampaigns"))}</p>`;
  const head = ["campaign", "kind", "participation", "respondersOfReach"] as const;
  const rows = digest.campaigns.map((c) => {
    const f = c.participation;
    const counts =
      f.status === "shown" ? `${text.n.number(f.numerator ?? 0)} / ${text.n.number(f.denominator ?? 0)}` : "—";
    const name = c.number === null ? c.title : `${c.number}. ${c.title}`;
    return `<tr><td>${e(name)}</td><td>${e(t(`digest.kindName.${c.kind}`))}</td><td>${e(text.value(f))}</td><td>${e(counts)}</td></tr>`;
  });
  return `<table><tr>${head.map((k) => `<th>${e(t(`digest.table.${k}`))}</th>`).join("")}</tr>${rows.join("")}</table>`;
}

function cohortTable(digest: CommunityDigest, text: DigestText): string {
  const e = escapeHtml;
  const cohorts = digest.figures.filter((f) => f.metric === "cohort_size");
  const width = cohorts.length;
  const head = `<tr><th>${e(text.t("digest.table.joinWeek"))}</th><th>${e(text.t("digest.table.members"))}</th>${Array.from({ length: width }, (_, i) => `<th>+${i + 1}</th>`).join("")}</tr>`;
  const rows = cohorts.map((cohort) => {
    const cells = Array.from({ length: width }, (_, i) => {
      const f = figureOf(digest, "cohort_retention", `${cohort.key}+${i + 1}`);
      return `<td>${f ? e(text.value(f)) : ""}</td>`;
    });
    return `<tr><td>${e(cohort.key ?? "")}</td><td>${e(text.value(cohort))}</td>${cells.join("")}</tr>`;
  });
  return `<table>${head}${rows.join("")}</table>`;
}

function hourTable(digest: CommunityDigest, text: DigestText): string {
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0"));
  const rows = Array.from({ length: 7 }, (_, weekday) => {
    const cells = hours.map((_, hour) => {
      const f = figureOf(digest, "engagement_by_hour", slotKey(weekday, hour));
      const value = f?.status !== "shown" ? "–" : f.value === 0 ? "·" : text.n.number(f.value ?? 0);
      return `<td>${value}</td>`;
    });
    return `<tr><td>${escapeHtml(text.n.weekday(weekday))}</td>${cells.join("")}</tr>`;
  });
  return `<table class="hours"><tr><th></th>${hours.map((h) => `<th>${h}</th>`).join("")}</tr>${rows.join("")}</table>`;
}
