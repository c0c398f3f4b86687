import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { type RunningApp, startApp } from "../../src/app/app.ts";
import { parseConfig } from "../../src/app/config.ts";
import type { Clock } from "../../src/core/ports/clock.port.ts";

/** A secret for tests; never a real deployment's. */
export const testSecret = "circolo-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

let defaultLogger: pino.Logger | null = null;

/**
 * Makes apps started without their own logger log to this one (null: silent again), for tests that drive the
 * app through harnesses that do not pass a logger, such as the platform drivers.
 */
export function useTestLogger(logger: pino.Logger | null): void {
  defaultLogger = logger;
}

/** A running app on a fresh database, with its HTTP server on a free port. */
export interface TestApp extends RunningApp {
  /** Stops the app and removes its temporary data folder. */
  dispose(): Promise<void>;
}

/**
 * Starts the real app (composition root, migrations, HTTP server, adapters for the tokens given) on a
 * fresh SQLite file under a temporary folder, or on `DATABASE_URL` when the caller passes one.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { clock?: Clock; logger?: pino.Logger } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), "circolo-app-"));
  const parsed = parseConfig({
    NODE_ENV: "test",
    CIRCOLO_DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    ...env,
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const logger = options.logger ?? defaultLogger ?? pino({ level: "silent" });
  const app = await startApp({
    config: parsed.config,
    secret: testSecret,
    logger,
    processMetrics: false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    ...app,
    async dispose() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
