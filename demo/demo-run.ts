import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type DigestWeek, isoWeekLabel, parseIsoWeek } from "../src/core/digest/digest-week.ts";
import { Translator } from "../src/core/i18n/translator.ts";
import { type Cast, count, membersJoin } from "./acts.ts";
import { brandPlans } from "./brands.ts";
import { applyWeeklyPolls } from "./campaign-file.ts";
import { buildCast, privacyButton, type Town } from "./cast.ts";
import { type BrandExport, exportDigests, slug } from "./digest-export.ts";
import type { Progress } from "./progress.ts";
import { Random } from "./random.ts";
import { playWeek, STEPS_PER_WEEK } from "./season.ts";
import { Shop } from "./shop.ts";
import { type Stage, startStage } from "./stage.ts";
import { type Plot, plotFor } from "./story.ts";
import { Tally } from "./tally.ts";
import { travelTo } from "./time-travel.ts";

/** How the demo runs. */
export interface DemoOptions {
  /** Where the digests, the campaign file, the database and the log go. */
  readonly outDir: string;
  /** Simulated weeks (8 for the full demo, 1 in CI). */
  readonly weeks: number;
  /** Community sizes relative to the full demo's (a few hundred members at 1). */
  readonly scale: number;
  /** Monday (UTC) of the first simulated week. */
  readonly firstMonday: Date;
  readonly seed: number;
  readonly progress: Progress;
}

/** What the demo did and where its results are. */
export interface DemoSummary {
  readonly weeks: readonly string[];
  /** The weeks (1-based) of the dips the story planted. */
  readonly plot: Plot;
  /** Communities opted in to peer comparison. */
  readonly comparing: number;
  readonly members: number;
  readonly tally: Tally;
  readonly brands: readonly BrandExport[];
  /** Weekly digests the bot delivered on Mondays (in a channel, or privately to a subscriber), as it recorded them. */
  readonly digestsDelivered: number;
  /** Calls the bot made to each platform's API (the emulators count them). */
  readonly platformCalls: { readonly discord: number; readonly telegram: number };
  readonly outDir: string;
  readonly databaseFile: string;
  readonly logFile: string;
  readonly campaignFile: string;
}

const DAY = 86_400_000;
/** The full demo's first week: ISO week 40 of 2026 (the clocks go back in week 4). */
export const defaultFirstMonday = new Date("2026-09-28T00:00:00Z");

/**
 * Where the moderators read the weekly digest: on Discord in the server's channel (`/digest channel`), on
 * Telegram privately (they allow direct messages, then `/digest subscribe`), so both ways of delivery run.
 */
async function subscribeToDigests(town: Town, translator: Translator): Promise<number> {
  const moderator = town.handle.moderator;
  if (town.handle.platform === "discord") {
    await moderator.command("digest", {}, "channel");
    return 1;
  }
  const panel = await moderator.command("privacy");
  await moderator.press(panel, privacyButton(translator.for("en"), "direct_messages", true));
  await moderator.command("digest", { scope: town.brand.id === "default" ? "community" : "brand" }, "subscribe");
  return 3;
}

/** A moderator opts the community in to peer comparison, as `/settings set benchmark:on` does in chat. */
async function optIn(town: Town): Promise<void> {
  const answer = await town.handle.moderator.command("settings", { benchmark: "on" }, "set");
  if (!answer.text.includes(town.plan.title))
    throw new Error(`${town.plan.title}: benchmarking was not switched on (${answer.text})`);
}

/**
 * The whole demo: the emulators and the bot on a fresh database, seven brands with nine communities on both
 * platforms, several hundred members, `weeks` weeks of campaigns on the simulated clock, then every week's digest of each
 * brand written to `outDir`. Always stops everything it started, also when a step fails.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  await mkdir(options.outDir, { recursive: true });
  // Digests of an earlier run (perhaps of more weeks) would read as this run's.
  for (const brand of brandPlans) await rm(join(options.outDir, slug(brand.name)), { recursive: true, force: true });
  const translator = new Translator();
  const random = new Random(options.seed);
  const tally = new Tally();
  const plot = plotFor(options.weeks);
  const weeks: DigestWeek[] = Array.from({ length: options.weeks }, (_, i) => {
    const label = isoWeekLabel(new Date(options.firstMonday.getTime() + i * 7 * DAY).toISOString().slice(0, 10));
    return parseIsoWeek(label) as DigestWeek;
  });
  const exportSteps = brandPlans.length * weeks.length * 2;
  options.progress.start(3 + options.weeks * STEPS_PER_WEEK + 1 + exportSteps);
  options.progress.step("starting the emulators and the bot");
  // Setup happens on the Sunday evening before the first week.
  const stage: Stage = await startStage({
    dataDir: options.outDir,
    start: new Date(options.firstMonday.getTime() - 6 * 3_600_000),
  });
  try {
    options.progress.step(`${brandPlans.length} brands and their communities`);
    const towns = await buildCast({ stage, random, scale: options.scale, weeks: options.weeks });
    const cast: Cast = { translator, random, tally, onInteraction: () => options.progress.interaction() };
    for (const n of await Promise.all(towns.map((town) => subscribeToDigests(town, translator)))) count(cast, n);
    const comparing = towns.filter((town) => town.plan.benchmark);
    await Promise.all(comparing.map(optIn));
    count(cast, comparing.length);
    const campaignFile = await applyWeeklyPolls({
      stage,
      towns,
      weeks: options.weeks,
      firstMonday: options.firstMonday,
      outDir: options.outDir,
    });
    const shops = new Map<string, Shop>();
    for (const brand of brandPlans) {
      shops.set(
        brand.id,
        await Shop.open({
          brandId: brand.id,
          port: stage.app.port,
          repositories: stage.app.database.repositories,
          clock: stage.clock,
        }),
      );
    }
    options.progress.step("members join and choose what to share");
    await membersJoin(cast, towns, 0);

    const season = {
      stage,
      cast,
      towns,
      shops,
      weeks: options.weeks,
      firstMonday: options.firstMonday,
      translator,
      plot,
      step: (label: string) => options.progress.step(label),
    };
    for (let week = 1; week <= options.weeks; week++) await playWeek(season, week);

    options.progress.step("the last week's digests, the last polls close");
    // Monday 09:00 the digests of the last week; Wednesday 18:00 its polls close.
    await travelTo(stage, new Date(options.firstMonday.getTime() + options.weeks * 7 * DAY + 2 * DAY + 19 * 3_600_000));
    await stage.app.services.engagement.flush();
    const brands = await exportDigests({
      app: stage.app,
      clock: stage.clock,
      outDir: options.outDir,
      brands: brandPlans.map((b) => ({ id: b.id, name: b.name })),
      weeks,
      onWritten: () => options.progress.step("writing the digests"),
    });
    const summary: DemoSummary = {
      weeks: weeks.map((w) => w.label),
      plot,
      comparing: comparing.length,
      members: towns.reduce((sum, t) => sum + t.members.filter((m) => m.person !== null).length, 0),
      tally,
      brands,
      digestsDelivered: await stage.app.database.prisma.digestDelivery.count(),
      platformCalls: {
        discord: stage.discord.calls.length,
        telegram: stage.telegram.calls().filter((c) => c.method !== "getUpdates").length,
      },
      outDir: options.outDir,
      databaseFile: stage.databaseFile,
      logFile: stage.logFile,
      campaignFile,
    };
    await writeFile(join(options.outDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } finally {
    options.progress.stop();
    await stage.stop();
  }
}
