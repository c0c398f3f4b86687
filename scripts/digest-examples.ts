// Renders the digest examples checked into docs/: one community on Discord (English) and one on Telegram
// (Italian), each as posted in its staff channel (through the platform's own renderer) with its PNG chart, and
// as the full Markdown report of `circolo digest`. The data is synthetic (test/unit/digest/support): seven peer
// communities of other brands share a 12 % dip in the reported week; the Discord community drops much further
// (its own problem), the Telegram one follows the market.
// Run: `npx tsx scripts/digest-examples.ts` (writes docs/digest-example-{discord,telegram}.{md,png}).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { VegaChartRenderer } from "../src/app/digest/vega-chart.renderer.ts";
import { DigestService } from "../src/core/digest/digest.service.ts";
import type { CommunityDigest } from "../src/core/digest/digest.ts";
import { dayStart, parseIsoWeek, weeksBefore } from "../src/core/digest/digest-week.ts";
import { DigestText } from "../src/core/digest/render/digest-text.ts";
import { communityMarkdown } from "../src/core/digest/render/markdown.ts";
import type { ChartId } from "../src/core/digest/render/participation-chart.ts";
import type { Community } from "../src/core/domain/community.ts";
import type { Locale } from "../src/core/domain/platform.ts";
import { Translator } from "../src/core/i18n/translator.ts";
import { silentLogger } from "../src/core/ports/logger.port.ts";
import type { MessageView } from "../src/core/ports/view.ts";
import { renderMessage } from "../src/platforms/discord/discord.render.ts";
import { renderView } from "../src/platforms/telegram/telegram.render.ts";
import { syntheticCommunity } from "../test/unit/digest/support/synthetic.ts";
import { inMemoryBed, load } from "../test/unit/digest/support/test-bed.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const week = parseIsoWeek("2026-W48") as NonNullable<ReturnType<typeof parseIsoWeek>>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const bed = await inMemoryBed();
const metrics = bed.repositories.campaignMetrics;

const peerZones = [
  "Europe/Rome",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Madrid",
  "Europe/Rome",
  "Europe/Vienna",
  "Europe/Paris",
];
for (const [i, timeZone] of peerZones.entries()) {
  const log = syntheticCommunity({
    seed: 100 + i,
    timeZone,
    end: dayStart(week.endDay, timeZone),
    weeks: 12,
    members: 320,
    reach: 120,
    voteShare: 0.25 + i * 0.02,
    lastWeekFactor: 0.88,
  });
  await load(bed, log, { id: `peer-${i + 1}`, brandId: `peer-brand-${i + 1}`, benchmarkOptIn: true });
}

/** A community of the example, with a weekly offer besides its polls and what its offers and Q&A tables say. */
async function example(input: {
  id: string;
  title: string;
  brandName: string;
  platform: "discord" | "telegram";
  locale: Locale;
  timeZone: string;
  seed: number;
  lastWeekFactor: number;
  offerShare: number;
}): Promise<Community> {
  const end = dayStart(week.endDay, input.timeZone);
  const log = syntheticCommunity({
    seed: input.seed,
    timeZone: input.timeZone,
    end,
    weeks: 12,
    members: 420,
    reach: 150,
    voteShare: 0.3,
    lastWeekFactor: input.lastWeekFactor,
  });
  const community = await load(bed, log, { ...input, brandId: `${input.id}-brand` });
  for (let w = 0; w < 12; w++) {
    const sentAt = new Date(dayStart(weeksBefore(week, w).startDay, input.timeZone).getTime() + 2 * DAY + 17 * HOUR);
    const share = input.offerShare * (w === 0 ? input.lastWeekFactor : 1) * (0.9 + ((w * 7) % 5) / 20);
    metrics.add(community.id, {
      id: `${input.id}-offer-${w}`,
      kind: "offer",
      title: ["Two scoops for one", "Free cannolo", "Summer card -10 %", "Tasting night"][w % 4] as string,
      number: 12 - w,
      sentAt,
      reach: 200,
      responders: Math.round(200 * share),
    });
  }
  metrics.stateOffers(community.id, { claims: 64, redemptions: 41, medianHoursToRedeem: 26.5 });
  metrics.stateQuestions(
    community.id,
    { questions: 23, answerable: 21, answered: 15, medianHoursToFirstAnswer: 3.2 },
    { count: 4, oldestAskedAt: new Date(end.getTime() - 30 * HOUR) },
  );
  metrics.addLiveOffer(community.id, {
    title: input.locale === "it" ? "Cannolo omaggio" : "Two scoops for one",
    closesAt: new Date(end.getTime() + 2 * DAY),
    remaining: 9,
  });
  return community;
}

const discord = await example({
  id: "acme",
  title: "Acme Gelato Club",
  brandName: "Acme Gelato",
  platform: "discord",
  locale: "en",
  timeZone: "Europe/London",
  seed: 48,
  lastWeekFactor: 0.66,
  offerShare: 0.34,
});
const telegram = await example({
  id: "rossi",
  title: "Pasticceria Rossi · Amici",
  brandName: "Pasticceria Rossi",
  platform: "telegram",
  locale: "it",
  timeZone: "Europe/Rome",
  seed: 77,
  lastWeekFactor: 0.88,
  offerShare: 0.22,
});

const translator = new Translator();
const service = new DigestService({
  communities: bed.repositories.communities,
  brands: bed.repositories.brands,
  digests: bed.repositories.digests,
  campaigns: metrics,
  chart: new VegaChartRenderer(),
  translator,
  clock: { now: () => new Date() },
  logger: silentLogger,
});

/** Discord shows the view as an embed: its title, then its description (Discord markdown, already escaped). */
function asDiscord(view: MessageView): string {
  const [embed] = renderMessage(view, () => "").embeds;
  return [`**${embed?.title ?? ""}**`, "", embed?.description ?? ""].join("\n");
}

/** Telegram shows the view as HTML messages: bold becomes **, entities are unescaped. */
function asTelegram(view: MessageView): string {
  return renderView(view, () => "")
    .parts.join("\n\n")
    .replace(/<\/?b>/g, "**")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

const quote = (text: string) =>
  text
    .split("\n")
    .map((line) => (line ? `> ${line}` : ">"))
    .join("\n");

async function write(community: Community, render: (view: MessageView) => string, intro: string): Promise<void> {
  const now = new Date(dayStart(week.endDay, community.timeZone).getTime() + 9 * HOUR);
  const digest: CommunityDigest = await service.community(community, week, { now });
  const view = await service.communityView(digest, community.locale);
  const name = `digest-example-${community.platform}`;
  // The view attaches the participation chart as digest-<week>.png and the others as digest-<week>-<chart>.png.
  const charts = (view.attachments ?? []).map((attachment) => {
    const id = (/-(activity|kinds)\.png$/.exec(attachment.filename)?.[1] ?? "participation") as ChartId;
    return { id, file: id === "participation" ? `${name}.png` : `${name}-${id}.png`, data: attachment.data };
  });
  const text = new DigestText(translator.for(community.locale), community.locale);
  const report = communityMarkdown(digest, text, new Map(charts.map((c) => [c.id, c.file])))
    .replace(/^# .*\n\n/, "")
    .replace(/^(#+) /gm, "#$1 ");
  const markdown = [
    `# The weekly digest on ${community.platform === "discord" ? "Discord" : "Telegram"}: an example`,
    "",
    intro,
    "",
    `## As posted in the staff channel`,
    "",
    "The message below is the digest view rendered by the platform's own renderer; the charts are attached to it.",
    "",
    quote(render(view)),
    "",
    ...charts.flatMap((c) => [
      `![${text.t(`digest.chart.${c.id}Title`, { community: community.title })}](${c.file})`,
      "",
    ]),
    `## The full report (\`circolo digest --community ${community.id} --week ${week.label}\`)`,
    "",
    report,
  ].join("\n");
  await mkdir(join(root, "docs"), { recursive: true });
  await writeFile(join(root, "docs", `${name}.md`), markdown);
  for (const chart of charts) await writeFile(join(root, "docs", chart.file), chart.data);
}

const generated = "Generated by `npx tsx scripts/digest-examples.ts` from synthetic data";
await write(
  discord,
  asDiscord,
  `${generated}: a Discord server whose participation fell much further than its peers' in ${week.label}, so the verdict is "worse than peers (brand-specific)". English, Europe/London.`,
);
await write(
  telegram,
  asTelegram,
  `${generated}: a Telegram group whose dip in ${week.label} matches its peers', so the verdict is "in line with peers (market trend)". Italian (the community's language), Europe/Rome.`,
);
console.log("wrote docs/digest-example-discord.{md,png} and docs/digest-example-telegram.{md,png}");
