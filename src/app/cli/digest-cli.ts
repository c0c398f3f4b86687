import { writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { SingleBar } from "cli-progress";
import type { ChartRenderer } from "../../core/digest/chart.port.ts";
import { DigestService } from "../../core/digest/digest.service.ts";
import type { BrandDigest, CommunityDigest } from "../../core/digest/digest.ts";
import { lastFullIsoWeek, parseIsoWeek } from "../../core/digest/digest-week.ts";
import { digestsCsv } from "../../core/digest/render/csv.ts";
import { DigestText } from "../../core/digest/render/digest-text.ts";
import { brandHtml, communitySection, htmlDocument } from "../../core/digest/render/html.ts";
import { digestsJson } from "../../core/digest/render/json.ts";
import { brandMarkdown, communityMarkdown } from "../../core/digest/render/markdown.ts";
import {
  brandChart,
  type ChartId,
  communityCharts,
  type DigestChart,
} from "../../core/digest/render/participation-chart.ts";
import type { Locale } from "../../core/domain/platform.ts";
import { Translator } from "../../core/i18n/translator.ts";
import { type Clock, systemClock } from "../../core/ports/clock.port.ts";
import { silentLogger } from "../../core/ports/logger.port.ts";
import type { CommunityRepository } from "../../core/ports/repositories.port.ts";
import { VegaChartRenderer } from "../digest/vega-chart.renderer.ts";
import { cliConfig, withDatabase } from "./cli-database.ts";
import type { DigestCliOptions } from "./digest-options.ts";

export type { DigestCliOptions, DigestFormat } from "./digest-options.ts";

/** What the command needs from the running program. */
export interface DigestCliDeps {
  readonly service: DigestService;
  readonly communities: CommunityRepository;
  readonly chart: ChartRenderer;
  readonly translator: Translator;
  readonly clock: Clock;
  /** Where the report goes without --out. */
  readonly stdout: NodeJS.WritableStream;
  /** Where the progress bar and problems go. */
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A brand with at least this many communities gets a progress bar. */
const PROGRESS_FROM = 2;

/**
 * `circolo digest --brand <id> | --community <id> [--week 2026-W48] [--format md|json|csv|html] [--out <path>]`.
 * Without --week, the last full ISO week (in the community's time zone; UTC for a brand). Markdown written to a
 * file gets its charts as PNG files beside it; HTML carries them inline; JSON and CSV carry every figure with
 * its definition name. Returns the exit code: 0, or 2 for a usage problem (told on stderr).
 */
export async function digestCli(options: DigestCliOptions, deps: DigestCliDeps): Promise<number> {
  const problem = (message: string) => {
    deps.stderr.write(`circolo digest: ${message}\n`);
    return 2;
  };
  if (Boolean(options.brand) === Boolean(options.community))
    return problem("give exactly one of --brand or --community");
  const week = options.week ? parseIsoWeek(options.week) : null;
  if (options.week && !week) return problem(`--week must be an ISO week such as 2026-W48, not "${options.week}"`);
  const now = deps.clock.now();

  if (options.community) {
    const community = await deps.communities.get(options.community);
    if (!community) return problem(`no community with id ${options.community}`);
    const digest = await deps.service.community(community, week ?? lastFullIsoWeek(now, community.timeZone), { now });
    await write(options, deps, await renderCommunity(digest, options, deps));
    return 0;
  }
  const bar = new SingleBar({
    format: "digest {bar} {value}/{total} communities",
    stream: deps.stderr,
    clearOnComplete: true,
    hideCursor: true,
  });
  let started = false;
  const brand = await deps.service.brand(options.brand as string, week ?? lastFullIsoWeek(now, "UTC"), {
    now,
    onProgress: (done, total) => {
      if (total < PROGRESS_FROM) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
  });
  if (started) bar.stop();
  if (!brand) return problem(`no brand with id ${options.brand}`);
  await write(options, deps, await renderBrand(brand, options, deps));
  return 0;
}

/** The report's text and the chart files that go beside it. */
interface Rendered {
  readonly text: string;
  readonly files: readonly { path: string; data: Uint8Array }[];
}

function textFor(deps: DigestCliDeps, locale: Locale): DigestText {
  return new DigestText(deps.translator.for(locale), locale);
}

/** `report.md` → `report-<suffix>.png` beside it, the participation chart's, or `report-<suffix>-<chart>.png`. */
function chartPath(out: string, suffix: string, id: ChartId): string {
  const name = id === "participation" ? suffix : `${suffix}-${id}`;
  return join(dirname(out), `${basename(out, extname(out))}-${name}.png`);
}

/** Each chart of the community drawn, by chart. */
async function drawAll(
  charts: readonly DigestChart[],
  deps: DigestCliDeps,
): Promise<Map<ChartId, { svg: string; png: Uint8Array }>> {
  const drawn = new Map<ChartId, { svg: string; png: Uint8Array }>();
  for (const { id, chart } of charts) drawn.set(id, await deps.chart.render(chart));
  return drawn;
}

/** The PNG files of drawn charts beside `out`, and their names by chart for the Markdown. */
function pngFiles(
  drawn: ReadonlyMap<ChartId, { png: Uint8Array }>,
  out: string,
  suffix: string,
): { files: { path: string; data: Uint8Array }[]; names: Map<ChartId, string> } {
  const files: { path: string; data: Uint8Array }[] = [];
  const names = new Map<ChartId, string>();
  for (const [id, chart] of drawn) {
    const path = chartPath(out, suffix, id);
    files.push({ path, data: chart.png });
    names.set(id, basename(path));
  }
  return { files, names };
}

function svgsOf(drawn: ReadonlyMap<ChartId, { svg: string }>): Map<ChartId, string> {
  return new Map([...drawn].map(([id, chart]) => [id, chart.svg]));
}

async function renderCommunity(
  digest: CommunityDigest,
  options: DigestCliOptions,
  deps: DigestCliDeps,
): Promise<Rendered> {
  const text = textFor(deps, digest.community.locale);
  if (options.format === "json") return { text: digestsJson([digest]), files: [] };
  if (options.format === "csv") return { text: digestsCsv([digest]), files: [] };
  const drawn = await drawAll(digest.withheld ? [] : communityCharts(digest, text), deps);
  if (options.format === "html") {
    return {
      text: htmlDocument(text.title(digest), digest.community.locale, [communitySection(digest, text, svgsOf(drawn))]),
      files: [],
    };
  }
  const { files, names } = options.out ? pngFiles(drawn, options.out, "chart") : { files: [], names: new Map() };
  return { text: communityMarkdown(digest, text, names), files };
}

async function renderBrand(brand: BrandDigest, options: DigestCliOptions, deps: DigestCliDeps): Promise<Rendered> {
  if (options.format === "json") return { text: digestsJson(brand.communities), files: [] };
  if (options.format === "csv") return { text: digestsCsv(brand.communities), files: [] };
  const text = textFor(deps, brand.communities[0]?.community.locale ?? "en");
  const charts = new Map<string, Map<ChartId, { svg: string; png: Uint8Array }>>();
  for (const digest of brand.communities) {
    if (!digest.withheld) charts.set(digest.community.id, await drawAll(communityCharts(digest, text), deps));
  }
  if (options.format === "html") {
    const svgs = new Map([...charts].map(([id, drawn]) => [id, svgsOf(drawn)]));
    const overview = brand.communities.some((d) => !d.withheld)
      ? await deps.chart.render(brandChart(brand, text))
      : null;
    return { text: brandHtml(brand, text, svgs, overview?.svg ?? null), files: [] };
  }
  const files: { path: string; data: Uint8Array }[] = [];
  const paths = new Map<string, Map<ChartId, string>>();
  brand.communities.forEach((digest, index) => {
    const drawn = charts.get(digest.community.id);
    if (!drawn || !options.out) return;
    const written = pngFiles(drawn, options.out, String(index + 1));
    files.push(...written.files);
    paths.set(digest.community.id, written.names);
  });
  return { text: brandMarkdown(brand, text, paths), files };
}

async function write(options: DigestCliOptions, deps: DigestCliDeps, rendered: Rendered): Promise<void> {
  if (!options.out) {
    deps.stdout.write(rendered.text);
    return;
  }
  await writeFile(options.out, rendered.text, "utf8");
  for (const file of rendered.files) await writeFile(file.path, file.data);
}

/** Runs `circolo digest` on the configured database (migrated first, as the bot does at start). */
export async function runDigestCommand(options: DigestCliOptions): Promise<number> {
  const config = cliConfig();
  return withDatabase(config, async (db) => {
    const chart = new VegaChartRenderer();
    const translator = new Translator();
    const { repositories } = db;
    const service = new DigestService({
      communities: repositories.communities,
      brands: repositories.brands,
      digests: repositories.digests,
      campaigns: repositories.campaignMetrics,
      chart,
      translator,
      clock: systemClock,
      logger: silentLogger,
    });
    return digestCli(options, {
      service,
      communities: repositories.communities,
      chart,
      translator,
      clock: systemClock,
      stdout: process.stdout,
      stderr: process.stderr,
    });
  });
}
