import { startApp } from "./app.ts";
import { parseConfig, readEnvironment, secretValues } from "./config.ts";
import { createLogger } from "./logger.ts";
import { loadOrCreateSecret } from "./secret.ts";

/** Exit code for a configuration error (distinct from crashes). */
const CONFIG_ERROR = 2;

async function main(): Promise<void> {
  const parsed = parseConfig(readEnvironment());
  if (!parsed.ok) {
    for (const line of parsed.problems) console.error(line);
    process.exit(CONFIG_ERROR);
  }
  const config = parsed.config;
  const { secret, source, path } = loadOrCreateSecret(config.CIRCOLO_SECRET, config.CIRCOLO_DATA_DIR);
  const logger = createLogger({
    level: config.LOG_LEVEL,
    pretty: config.NODE_ENV === "development",
    secrets: secretValues(config, secret),
  });
  if (source === "created") {
    logger.warn({ path }, "no CIRCOLO_SECRET set: created one in the data folder; back it up, pseudonyms depend on it");
  }

  const app = await startApp({ config, secret, logger });
  if (!config.DISCORD_TOKEN) logger.info("Discord is not connected: set DISCORD_TOKEN to connect it");
  if (!config.TELEGRAM_BOT_TOKEN) logger.info("Telegram is not connected: set TELEGRAM_BOT_TOKEN to connect it");

  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, "shutting down: draining pending events");
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("circolo: failed to start:", error instanceof Error ? error.message : String(error));
  process.exit(1);
});
