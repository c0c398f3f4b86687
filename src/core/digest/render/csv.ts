import type { CommunityDigest } from "../digest.ts";

const columns = [
  "community_id",
  "community",
  "week",
  "metric",
  "key",
  "value",
  "numerator",
  "denominator",
  "status",
  "basis",
  "reference",
  "change",
  "p_value",
  "adjusted_p_value",
  "called_out",
] as const;

type Row = Partial<Record<(typeof columns)[number], string | number | boolean | null>>;

/** Quotes a CSV field when it needs it (RFC 4180), and defuses spreadsheet formulas in text from people. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Digests as CSV, one row per figure (breakdowns included), one per headline comparison (basis, reference,
 * change, p-values, whether it was called out), one per headline trend (basis "trend", key: its call, reference
 * and value: the line at the oldest week and the reported one, denominator: how many weeks) and one for the peer
 * verdict (key: the verdict, value: the
 * community's change, reference: the peers' median change, denominator: how many peers). Withheld and unavailable figures
 * keep their row with an empty value and their status.
 */
export function digestsCsv(digests: readonly CommunityDigest[]): string {
  const lines = [columns.join(",")];
  for (const d of digests) {
    const base = { community_id: d.community.id, community: d.community.title, week: d.week.label };
    const rows: Row[] = [];
    if (d.withheld) rows.push({ ...base, metric: "members_total", status: "withheld" });
    for (const f of d.figures) {
      rows.push({
        ...base,
        metric: f.metric,
        key: f.key,
        value: f.value,
        numerator: f.numerator,
        denominator: f.denominator,
        status: f.status,
      });
    }
    for (const h of d.headline) {
      for (const c of h.comparisons) {
        rows.push({
          ...base,
          metric: h.figure.metric,
          value: h.figure.value,
          status: h.figure.status,
          basis: c.basis,
          reference: c.reference,
          change: c.change,
          p_value: c.pValue,
          adjusted_p_value: c.adjustedPValue,
          called_out: c.calledOut,
        });
      }
      const { trend } = h;
      rows.push({
        ...base,
        metric: h.figure.metric,
        key: trend.call,
        value: trend.to,
        status: h.figure.status,
        basis: "trend",
        reference: trend.from,
        change: trend.change,
        denominator: trend.weeksBack.length,
        p_value: trend.pValue,
        adjusted_p_value: trend.adjustedPValue,
        called_out: trend.calledOut,
      });
    }
    if (!d.withheld) {
      rows.push({
        ...base,
        metric: "peer_comparison",
        key: d.peers.verdict,
        value: d.peers.ownChange,
        basis: d.peers.metric,
        reference: d.peers.peerMedianChange,
        p_value: d.peers.pValue,
        denominator: d.peers.peers,
      });
    }
    for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(","));
  }
  return `${lines.join("\n")}\n`;
}
