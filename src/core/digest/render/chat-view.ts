import type { AttachmentView, MessageView, ViewBlock } from "../../ports/view.ts";
import type { BrandDigest, CommunityDigest, Figure } from "../digest.ts";
import { figureOf } from "../digest.ts";
import type { MetricName } from "../metric-definitions.ts";
import type { DigestText } from "./digest-text.ts";

/** The figures the chat message shows beside the headline, in order. */
const keyFigures: readonly MetricName[] = [
  "active_members_28d",
  "stickiness",
  "members_returning",
  "members_lapsed",
  "interactions",
  "anonymous_share",
];

/** A PNG chart as a message attachment. */
export function chartAttachment(png: Uint8Array, name: string): AttachmentView {
  return { filename: `${name.replace(/[^\w-]/g, "_")}.png`, contentType: "image/png", data: png };
}

/**
 * The digest as a chat message: what changed, brand or market, what to try next, a few key figures and the
 * charts (attached in order). Short enough for one Discord embed (4,096 characters) and one or two Telegram messages; the full
 * report is the CLI's (Markdown, HTML, JSON, CSV).
 */
export function communityDigestView(
  digest: CommunityDigest,
  text: DigestText,
  charts: readonly AttachmentView[],
): MessageView {
  const blocks: ViewBlock[] = [{ type: "paragraph", text: text.period(digest) }];
  if (digest.withheld) {
    blocks.push({ type: "paragraph", text: text.t("digest.withheld", { k: digest.community.k }) });
    return { title: text.title(digest), blocks };
  }
  blocks.push(
    { type: "heading", text: text.t("digest.section.headline") },
    { type: "list", items: [...digest.headline.map((h) => text.headline(h)), ...clearTrends(digest, text)] },
    { type: "heading", text: text.t("digest.section.peers") },
    { type: "paragraph", text: text.peers(digest.peers) },
    { type: "heading", text: text.t("digest.section.advice") },
    digest.recommendations.length > 0
      ? { type: "list", items: digest.recommendations.map((r) => text.recommendation(r)) }
      : { type: "paragraph", text: text.t("digest.advice.none") },
    { type: "heading", text: text.t("digest.section.figures") },
    { type: "list", items: keyFigures.flatMap((m) => line(digest, m, text)) },
    { type: "paragraph", text: text.t("digest.note.short", { k: digest.community.k }) },
  );
  return { title: text.title(digest), blocks, ...(charts.length > 0 ? { attachments: [...charts] } : {}) };
}

/** A brand's digest as one message: per community, its headline and verdict. */
export function brandDigestView(brand: BrandDigest, text: DigestText, chart: AttachmentView | null): MessageView {
  const blocks: ViewBlock[] = [];
  for (const digest of brand.communities) {
    blocks.push({
      type: "heading",
      text: `${digest.community.title} (${text.t(`digest.platform.${digest.community.platform}`)})`,
    });
    if (digest.withheld) {
      blocks.push({ type: "paragraph", text: text.t("digest.withheld", { k: digest.community.k }) });
      continue;
    }
    blocks.push({
      type: "list",
      items: [...digest.headline.map((h) => text.headline(h)), ...clearTrends(digest, text), text.peers(digest.peers)],
    });
  }
  if (brand.communities.length === 0) blocks.push({ type: "paragraph", text: text.t("digest.noCommunities") });
  return {
    title: text.t("digest.brandTitle", { brand: brand.brandName, week: brand.weekLabel }),
    blocks,
    ...(chart ? { attachments: [chart] } : {}),
  };
}

/** The trends called out, in plain words without p-values (the full report has them). */
function clearTrends(digest: CommunityDigest, text: DigestText): string[] {
  return digest.headline.filter((h) => h.trend.calledOut).map((h) => text.trend(h, false));
}

function line(digest: CommunityDigest, metric: MetricName, text: DigestText): string[] {
  const figure: Figure | undefined = figureOf(digest, metric);
  return figure ? [`${text.metric(figure)}: ${text.value(figure)}`] : [];
}
