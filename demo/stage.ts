import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { DiscordEmulator } from "../emulators/discord/discord-emulator.ts";
import { TelegramEmulator } from "../emulators/telegram/telegram-emulator.ts";
import { type RunningApp, startApp } from "../src/app/app.ts";
import { parseConfig } from "../src/app/config.ts";
import { createLogger } from "../src/app/logger.ts";
import { CronScheduler } from "../src/scheduling/cron-scheduler.ts";
import { SimulatedClock } from "./sim-clock.ts";

/** The first brand: the deployment's default brand, which every community the bot meets joins. */
export const firstBrand = { name: "Northwind Coffee", timeZone: "Europe/London", locale: "en" } as const;

/**
 * How late a fire may still run. The demo's clock jumps from one step of the story to the next, so a step runs
 * every fire that fell due since the last one (every community's at once, each with its own fire instant),
 * as an instance back from a short outage would.
 */
export const GRACE_MINUTES = 180;

/** Everything the demo runs: the two emulated platforms and the real bot connected to them. */
export interface Stage {
  readonly app: RunningApp;
  readonly discord: DiscordEmulator;
  readonly telegram: TelegramEmulator;
  readonly clock: SimulatedClock;
  /** The database file the run leaves behind for `circolo digest` and friends. */
  readonly databaseFile: string;
  /** The log of the bot's structured lines. */
  readonly logFile: string;
  /** Runs every scheduled fire due at the clock's now (campaign runs, poll closings, digests) and waits for them. */
  runDue(): Promise<number>;
  /** Stops the bot, then both emulators; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the Discord and Telegram emulators and the real app (composition root, migrations, discord.js Client,
 * grammY Bot, HTTP server on a free port) on a fresh SQLite file in `dataDir`, on a simulated clock.
 */
export async function startStage(input: { dataDir: string; start: Date }): Promise<Stage> {
  const databaseFile = join(input.dataDir, "circolo.db");
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${databaseFile}${suffix}`, { force: true });
  const logFile = join(input.dataDir, "circolo.log");
  rmSync(logFile, { force: true });
  const clock = new SimulatedClock(input.start);
  // Discord gives a bot 3 s to answer an interaction; the demo plays hundreds at once on a machine that may be
  // busy with other work (a test run), where that says nothing about the bot, so it allows ten times as long.
  const discord = await DiscordEmulator.start({ responseDeadlineMs: 30_000 });
  const telegram = await TelegramEmulator.start().catch(async (error: unknown) => {
    await discord.close();
    throw error;
  });
  const parsed = parseConfig({
    NODE_ENV: "production",
    CIRCOLO_DATA_DIR: input.dataDir,
    DATABASE_URL: `file:${databaseFile}`,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    DISCORD_TOKEN: discord.token,
    DISCORD_API_ROOT: discord.apiRoot,
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    DEFAULT_BRAND_NAME: firstBrand.name,
    DEFAULT_TIMEZONE: firstBrand.timeZone,
    DEFAULT_LOCALE: firstBrand.locale,
    SCHEDULER_GRACE_MINUTES: String(GRACE_MINUTES),
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const secret = randomBytes(48).toString("base64url");
  const destination = pino.destination({ dest: logFile, sync: false, mkdir: true });
  const logger = createLogger({ level: "info", pretty: false, secrets: [secret], destination });
  let app: RunningApp;
  try {
    app = await startApp({ config: parsed.config, secret, logger, clock, processMetrics: false });
  } catch (error) {
    destination.flushSync();
    await telegram.stop();
    await discord.close();
    throw error;
  }
  // The demo moves time itself, so it runs the due fires itself (as the tests do) instead of node-cron's
  // wall-clock tick: each step of the story then waits for exactly the fires it made due.
  const scheduler = app.services.scheduler;
  if (!(scheduler instanceof CronScheduler)) throw new Error("the app runs another scheduler than CronScheduler");
  await scheduler.stop();

  let stopping: Promise<void> | null = null;
  return {
    app,
    discord,
    telegram,
    clock,
    databaseFile,
    logFile,
    runDue: () => scheduler.runDueFires(),
    stop() {
      stopping ??= (async () => {
        try {
          await app.stop();
        } finally {
          await telegram.stop();
          await discord.close();
          destination.flushSync();
          destination.end();
        }
      })();
      return stopping;
    },
  };
}
