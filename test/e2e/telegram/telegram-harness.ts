import { createServer } from "node:net";
import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { startTestApp, type TestApp } from "../../support/test-app.ts";

/** How the app receives updates. */
export type DeliveryMode = "polling" | "webhook";

/** The webhook secret used by tests (16-256 characters of A-Z, a-z, 0-9, _ and -). */
export const webhookSecret = "test-webhook-secret-0123456789";

/** The real app (fresh SQLite database) connected to a fresh emulator with the real grammY Bot. */
export interface TelegramTestApp {
  readonly emulator: TelegramEmulator;
  readonly app: TestApp;
  /** The webhook URL the app serves (webhook mode). */
  readonly webhookUrl: string | null;
  stop(): Promise<void>;
}

/** Starts an emulator and the app connected to it, in long-polling or webhook mode. */
export async function startTelegramApp(mode: DeliveryMode, emulator?: TelegramEmulator): Promise<TelegramTestApp> {
  const telegram = emulator ?? (await TelegramEmulator.start());
  const port = mode === "webhook" ? await freePort() : 0;
  const webhookUrl = mode === "webhook" ? `http://127.0.0.1:${port}/telegram/webhook` : null;
  const app = await startTestApp({
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    ...(webhookUrl
      ? { PORT: String(port), TELEGRAM_WEBHOOK_URL: webhookUrl, TELEGRAM_WEBHOOK_SECRET: webhookSecret }
      : {}),
  });
  return {
    emulator: telegram,
    app,
    webhookUrl,
    async stop() {
      await app.dispose();
      if (!emulator) await telegram.stop();
    },
  };
}

/** A port nobody listens on right now (the webhook URL must be known before the app starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * A group with the bot in it, known to Circolo, and its owner: an administrator who started the bot's private chat.
 */
export async function groupWithBot(running: TelegramTestApp, title: string) {
  const owner = running.emulator.person({ firstName: "Owner" });
  owner.hasStartedBot();
  const group = running.emulator.group(title, owner);
  group.addBot(owner);
  const known = () => running.app.database.prisma.community.findFirst({ where: { platformId: String(group.id) } });
  const deadline = Date.now() + 10_000;
  while (!(await known())) {
    if (Date.now() > deadline) throw new Error(`the community ${title} was never created`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { owner, group };
}
