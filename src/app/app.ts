import type { FastifyInstance } from "fastify";
import type pino from "pino";
import { registry } from "../../commands/index.ts";
import { ActionCodec } from "../core/actions/action-codec.ts";
import { buildCore } from "../core/build-core.ts";
import type { CoreServices } from "../core/commands/command.ts";
import type { CommunityDirectory } from "../core/community/community-directory.ts";
import { EngagementRecorder } from "../core/engagement/engagement-recorder.ts";
import type { Translator } from "../core/i18n/translator.ts";
import type { UpdatePipeline } from "../core/pipeline/update-pipeline.ts";
import { type Clock, systemClock } from "../core/ports/clock.port.ts";
import { type Database, openDatabase } from "../persistence/database.ts";
import { applyMigrations } from "../persistence/migrations/migrator.ts";
import { isTransientDatabaseError } from "../persistence/transient-error.ts";
import type { AdapterDeps, PlatformAdapter } from "../platforms/platform-adapter.ts";
import { CronScheduler } from "../scheduling/cron-scheduler.ts";
import { type Config, databaseUrl } from "./config.ts";
import { VegaChartRenderer } from "./digest/vega-chart.renderer.ts";
import { AppMetrics } from "./http/metrics.ts";
import { registerOfferRoutes } from "./http/offers.routes.ts";
import { createHttpServer } from "./http/server.ts";
import { createPlatformAdapters } from "./platforms.ts";
import { migrationsDir } from "./project-root.ts";
import { shutdownStage } from "./shutdown.ts";

export { migrationsDir } from "./project-root.ts";

/** A running Circolo: what the entry point, the CLI and the end-to-end tests hold on to. */
export interface RunningApp {
  readonly config: Config;
  readonly database: Database;
  readonly services: CoreServices;
  readonly pipeline: UpdatePipeline;
  readonly directory: CommunityDirectory;
  readonly metrics: AppMetrics;
  readonly http: FastifyInstance;
  readonly translator: Translator;
  /** The platforms connected by the configured tokens. */
  readonly adapters: readonly PlatformAdapter[];
  /** The port the HTTP server listens on (useful when PORT=0). */
  readonly port: number;
  /** Drains and stops everything: HTTP, platforms, pending events, the database. */
  stop(): Promise<void>;
}

/**
 * The composition root: the only place that builds the database client, the services and the
 * servers, and wires them together.
 */
export async function startApp(input: {
  config: Config;
  secret: string;
  logger: pino.Logger;
  clock?: Clock;
  processMetrics?: boolean;
}): Promise<RunningApp> {
  const { config, logger } = input;
  const clock = input.clock ?? systemClock;
  const url = databaseUrl(config);
  const provider = /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
  const applied = await applyMigrations({ provider, url, migrationsDir: migrationsDir(provider), logger });
  if (applied.length > 0) logger.info({ migrations: applied }, "database migrations applied");

  const database = await openDatabase(url);
  const metrics = new AppMetrics({ processMetrics: input.processMetrics ?? true });
  const engagement = new EngagementRecorder(database.repositories.engagement, {
    logger: logger.child({ component: "engagement" }),
    onCommitted: (n) => metrics.eventsRecorded(n),
  });
  const scheduler = new CronScheduler({
    repository: database.repositories.schedules,
    clock,
    logger: logger.child({ component: "scheduler" }),
    graceMs: config.SCHEDULER_GRACE_MINUTES * 60_000,
  });
  const core = buildCore({
    repositories: database.repositories,
    registry,
    engagement,
    scheduler,
    clock,
    logger,
    secret: input.secret,
    chart: new VegaChartRenderer(),
    retentionDays: config.RETENTION_DAYS,
    communityDefaults: {
      brandId: "default",
      brandName: config.DEFAULT_BRAND_NAME,
      timeZone: config.DEFAULT_TIMEZONE,
      locale: config.DEFAULT_LOCALE,
    },
    metrics,
    askConsent: true,
    isTransient: isTransientDatabaseError,
  });
  const { services, pipeline, directory, translator } = core;
  await core.lifecycle.arm();

  const http = createHttpServer({ health: database.repositories.health, metrics, logger });
  registerOfferRoutes(http, { feature: services.offers, clock, logger });
  const deps: AdapterDeps = {
    config,
    pipeline,
    directory,
    services,
    translator,
    actions: new ActionCodec(input.secret),
    logger,
    http,
    clock,
  };
  const adapters = await createPlatformAdapters(deps);
  for (const adapter of adapters) services.chat.register(adapter.chat);
  await http.listen({ port: config.PORT, host: config.HOST });
  const address = http.server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  try {
    for (const adapter of adapters) await adapter.start();
    await core.lifecycle.start();
  } catch (error) {
    // A platform that cannot connect must not leave the server and the database open behind it.
    for (const adapter of adapters) await adapter.stop().catch(() => undefined);
    await http.close();
    await engagement.close();
    await database.close();
    throw error;
  }
  logger.info({ port, database: provider, platforms: adapters.map((a) => a.platform) }, "circolo is up");

  let stopping: Promise<void> | null = null;
  // Every stage has a deadline (shutdown.ts), so a platform or database that does not answer cannot hold the
  // process: it costs that stage's time, and the stages after it still run.
  const stop = () => {
    stopping ??= (async () => {
      const stage = (name: Parameters<typeof shutdownStage>[1], work: () => Promise<unknown>) =>
        shutdownStage(logger, name, work);
      await stage("scheduler", () => core.lifecycle.stop());
      // No new updates from here on; those in flight are answered, and their background work settles below.
      await stage("receiving", () => Promise.all(adapters.map((adapter) => adapter.stopReceiving())));
      // Edits waiting for their message's edit window go out now rather than when it closes.
      await stage("background", () =>
        Promise.all([...adapters.map((adapter) => adapter.flushEdits()), core.lifecycle.idle()]),
      );
      await stage("platforms", () => Promise.all(adapters.map((adapter) => adapter.stop())));
      await stage("http", () => http.close());
      const events = await stage("events", () => engagement.close());
      await stage("database", () => database.close());
      if (events !== "done") throw new Error("buffered engagement events could not be written before stopping");
      logger.info("circolo stopped");
    })();
    return stopping;
  };
  return { config, database, services, pipeline, directory, metrics, http, translator, adapters, port, stop };
}
