import { systemClock } from "../../core/ports/clock.port.ts";
import { silentLogger } from "../../core/ports/logger.port.ts";
import { type Database, openDatabase } from "../../persistence/database.ts";
import { applyMigrations } from "../../persistence/migrations/migrator.ts";
import { CronScheduler } from "../../scheduling/cron-scheduler.ts";
import { type Config, databaseUrl, parseConfig, readEnvironment } from "../config.ts";
import { migrationsDir } from "../project-root.ts";

/** The configuration for a CLI command, or exit 2 with one line per problem (as the bot does). */
export function cliConfig(): Config {
  const parsed = parseConfig(readEnvironment());
  if (!parsed.ok) {
    for (const line of parsed.problems) console.error(line);
    process.exit(2);
  }
  return parsed.config;
}

/**
 * Opens the configured database (migrated) for one CLI command, with a scheduler that stores schedules
 * without running them (the running bot fires them), and closes it afterwards.
 */
export async function withDatabase<T>(
  config: Config,
  run: (db: Database, scheduler: CronScheduler) => Promise<T>,
): Promise<T> {
  const url = databaseUrl(config);
  const provider = /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
  await applyMigrations({ provider, url, migrationsDir: migrationsDir(provider) });
  const db = await openDatabase(url);
  try {
    const scheduler = new CronScheduler({
      repository: db.repositories.schedules,
      clock: systemClock,
      logger: silentLogger,
    });
    return await run(db, scheduler);
  } finally {
    await db.close();
  }
}
