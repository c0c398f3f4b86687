import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunningApp } from "../src/app/app.ts";
import { VegaChartRenderer } from "../src/app/digest/vega-chart.renderer.ts";
import { DigestService } from "../src/core/digest/digest.service.ts";
import type { CommunityDigest, Figure, PeerComparison } from "../src/core/digest/digest.ts";
import type { DigestWeek } from "../src/core/digest/digest-week.ts";
import { DigestText } from "../src/core/digest/render/digest-text.ts";
import { digestsJson } from "../src/core/digest/render/json.ts";
import { brandMarkdown } from "../src/core/digest/render/markdown.ts";
import { type ChartId, communityCharts } from "../src/core/digest/render/participation-chart.ts";
import type { Clock } from "../src/core/ports/clock.port.ts";

/** What one community's digest of one week says, for the demo's summary. */
export interface CommunityWeek {
  readonly title: string;
  readonly platform: string;
  readonly participationRate: number | null;
  readonly pollVotes: number | null;
  readonly interactions: number | null;
  readonly membersTotal: number | null;
  /** The brand-or-market verdict, with the changes it compared (against the 4-week baseline). */
  readonly peers: Pick<PeerComparison, "verdict" | "peers" | "ownChange" | "peerMedianChange">;
  /** The headline figures whose change the digest called out, and which way. */
  readonly calls: readonly { readonly metric: string; readonly call: "up" | "down" }[];
}

/** What one brand's digest of one week holds, for the demo's summary. */
export interface WeekFigures {
  readonly week: string;
  readonly communities: readonly CommunityWeek[];
}

/** The files written for one brand. */
export interface BrandExport {
  readonly brandId: string;
  readonly brandName: string;
  readonly folder: string;
  readonly weeks: readonly WeekFigures[];
}

/** The folder name of a brand's digests: "Gelateria Aurora" → "gelateria-aurora". */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-");
}

function figureValue(digest: CommunityDigest, metric: Figure["metric"]): number | null {
  return digest.figures.find((f) => f.metric === metric && f.key === null)?.value ?? null;
}

/**
 * Writes each brand's weekly digests as `circolo digest --brand <id> --week <week> --out <file>` writes them:
 * Markdown with each community's PNG charts beside it (`<week>-<n>.png` for participation, `<week>-<n>-activity.png`
 * and `<week>-<n>-kinds.png` for the others), and JSON with every figure under its
 * definition's name. Each digest is built once, on the running app's database, at the simulated clock's now.
 */
export async function exportDigests(input: {
  app: RunningApp;
  clock: Clock;
  outDir: string;
  brands: readonly { id: string; name: string }[];
  weeks: readonly DigestWeek[];
  onWritten: () => void;
}): Promise<BrandExport[]> {
  const { repositories } = input.app.database;
  const chart = new VegaChartRenderer();
  const service = new DigestService({
    communities: repositories.communities,
    brands: repositories.brands,
    digests: repositories.digests,
    campaigns: repositories.campaignMetrics,
    chart,
    translator: input.app.translator,
    clock: input.clock,
    logger: input.app.services.logger,
  });
  const exports: BrandExport[] = [];
  for (const brand of input.brands) {
    const folder = join(input.outDir, slug(brand.name));
    await mkdir(folder, { recursive: true });
    const weeks: WeekFigures[] = [];
    for (const week of input.weeks) {
      const digest = await service.brand(brand.id, week, { now: input.clock.now() });
      if (!digest) throw new Error(`no brand ${brand.id}`);
      await writeFile(join(folder, `${week.label}.json`), digestsJson(digest.communities));
      input.onWritten();
      const locale = digest.communities[0]?.community.locale ?? "en";
      const text = new DigestText(input.app.translator.for(locale), locale);
      const charts = new Map<string, Map<ChartId, string>>();
      for (const [index, community] of digest.communities.entries()) {
        if (community.withheld) continue;
        const files = new Map<ChartId, string>();
        for (const { id, chart: drawing } of communityCharts(community, text)) {
          const file = `${week.label}-${index + 1}${id === "participation" ? "" : `-${id}`}.png`;
          await writeFile(join(folder, file), (await chart.render(drawing)).png);
          files.set(id, file);
        }
        charts.set(community.community.id, files);
      }
      await writeFile(join(folder, `${week.label}.md`), brandMarkdown(digest, text, charts));
      input.onWritten();
      weeks.push({
        week: week.label,
        communities: digest.communities.map((d) => ({
          title: d.community.title,
          platform: d.community.platform,
          participationRate: figureValue(d, "participation_rate"),
          pollVotes: figureValue(d, "poll_votes"),
          interactions: figureValue(d, "interactions"),
          membersTotal: figureValue(d, "members_total"),
          peers: {
            verdict: d.peers.verdict,
            peers: d.peers.peers,
            ownChange: d.peers.ownChange,
            peerMedianChange: d.peers.peerMedianChange,
          },
          calls: d.headline.flatMap((h) =>
            h.call === "up" || h.call === "down" ? [{ metric: h.figure.metric, call: h.call }] : [],
          ),
        })),
      });
    }
    exports.push({ brandId: brand.id, brandName: brand.name, folder, weeks });
  }
  return exports;
}
