import { startApp } from "./app.ts";
import { parseConfig, readEnvironment, secretValues } from "./config.ts";
import { createLogger } from "./logger.ts";
import { loadOrCreateSecret } from "./secret.ts";
import { shutdownBudgetMs } from "./shutdown.ts";

/** Exit code for a configuration error (distinct from crashes). */
const CONFIG_ERROR = 2;

/** Set by the first SIGTERM or SIGINT; stopping waits until the app is up if the signal came during start. */
let signalled: string | null = null;
let onSignal: (signal: string) => void = () => undefined;
// Installed first: as a container's PID 1, node ignores a signal it has no handler for, so a SIGTERM that
// arrived during start-up would otherwise be lost and `docker stop` would end in SIGKILL.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = signal;
    onSignal(signal);
  });
}

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

  const shutdown = (signal: string) => {
    logger.info({ signal }, "shutting down: draining pending events");
    // The stages of stop() are each bounded; this is the backstop should one of them not honour its deadline.
    setTimeout(() => {
      logger.error({ budgetMs: shutdownBudgetMs }, "shutdown overran its budget: exiting without a clean stop");
      process.exit(1);
    }, shutdownBudgetMs + 250).unref();
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  onSignal = shutdown;
  if (signalled) shutdown(signalled);
}

main().catch((error: unknown) => {
  console.error("circolo: failed to start:", error instanceof Error ? error.message : String(error));
  process.exit(1);
});
