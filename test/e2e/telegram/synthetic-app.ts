import Fastify from "fastify";
import pino from "pino";
import { z } from "zod";
import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { parseConfig } from "../../../src/app/config.ts";
import { ActionCodec } from "../../../src/core/actions/action-codec.ts";
import { type CommandRegistry, defineAction, defineCommand } from "../../../src/core/commands/command.ts";
import { option } from "../../../src/core/commands/option-meta.ts";
import { ok } from "../../../src/core/errors/result.ts";
import { Translator } from "../../../src/core/i18n/translator.ts";
import type { PlatformAdapter } from "../../../src/platforms/platform-adapter.ts";
import {
  createTelegramAdapter,
  type TelegramAdapterOptions,
} from "../../../src/platforms/telegram/telegram.adapter.ts";
import { coreHarness } from "../../support/core-harness.ts";

const d = (en: string, it: string) => ({ en, it });

/** A poll-like command: positional question and answers, then flags; its reply carries a "Reveal" button. */
const pollCommand = defineCommand({
  name: "poll",
  description: d("Start a poll", "Avvia un sondaggio"),
  audience: "member",
  scope: "community",
  options: z.object({
    question: option(z.string().min(3).max(200), d("What to ask", "Cosa chiedere"), true),
    first: option(z.string().max(80), d("First answer", "Prima risposta"), true),
    second: option(z.string().max(80), d("Second answer", "Seconda risposta"), true),
    multi: option(z.boolean().optional(), d("Allow several answers", "Consenti più risposte")),
    hours: option(z.int().min(1).max(720).optional(), d("Hours open", "Ore di apertura")),
  }),
  async run(_ctx, input) {
    return ok({
      type: "message",
      visibility: "public",
      view: {
        title: input.question,
        blocks: [
          { type: "list", items: [input.first, input.second] },
          { type: "paragraph", text: `multi=${input.multi ?? false} hours=${input.hours ?? "none"}` },
        ],
        actions: [{ type: "buttons", buttons: [{ label: "Reveal", action: { name: "reveal", args: [] } }] }],
      },
    });
  },
});

/** A moderator-only command. */
const purgeCommand = defineCommand({
  name: "purge",
  description: d("Remove old content", "Rimuovi i contenuti vecchi"),
  audience: "moderator",
  scope: "community",
  options: z.object({ count: option(z.int().min(1).max(100), d("How many", "Quanti"), true) }),
  async run(_ctx, input) {
    return ok({
      type: "message",
      visibility: "public",
      view: { blocks: [{ type: "paragraph", text: `purged ${input.count}` }] },
    });
  },
});

/** Repeats its text (to see that a member's markup stays text). */
const echoCommand = defineCommand({
  name: "echo",
  description: d("Repeat a text", "Ripete un testo"),
  audience: "member",
  scope: "anywhere",
  options: z.object({ text: option(z.string().min(1), d("The text", "Il testo"), true) }),
  async run(_ctx, input) {
    return ok({ type: "message", visibility: "public", view: { blocks: [{ type: "paragraph", text: input.text }] } });
  },
});

/** Answers with more than Telegram's 4,096 characters. */
const longCommand = defineCommand({
  name: "long",
  description: d("A long answer", "Una risposta lunga"),
  audience: "member",
  scope: "anywhere",
  options: z.object({}),
  async run() {
    const lines = Array.from({ length: 90 }, (_, i) => `line ${String(i).padStart(2, "0")} ${"·".repeat(80)}`);
    return ok({
      type: "message",
      visibility: "public",
      view: { blocks: [{ type: "paragraph", text: lines.join("\n") }] },
    });
  },
});

/** A button whose answer is personal: it goes to the presser's private chat. */
const revealAction = defineAction({
  name: "reveal",
  audience: "member",
  scope: "community",
  args: z.tuple([]),
  async run(_ctx) {
    return ok({
      type: "message",
      visibility: "private",
      view: { blocks: [{ type: "paragraph", text: "Your secret: 42" }] },
    });
  },
});

/** The commands the synthetic app answers (the real registry has no member command with options yet). */
export const syntheticRegistry: CommandRegistry = {
  commands: [pollCommand, purgeCommand, echoCommand, longCommand],
  actions: [revealAction as never],
};

/** The Telegram adapter on the real core with in-memory repositories and the synthetic registry. */
export interface SyntheticApp {
  readonly emulator: TelegramEmulator;
  readonly adapter: PlatformAdapter;
  readonly core: ReturnType<typeof coreHarness>;
  stop(): Promise<void>;
}

/** Starts an emulator and the adapter (long polling) with fast edit windows for tests. */
export async function startSyntheticApp(options: Partial<TelegramAdapterOptions> = {}): Promise<SyntheticApp> {
  const emulator = await TelegramEmulator.start();
  const core = coreHarness({ registry: syntheticRegistry });
  const parsed = parseConfig({ TELEGRAM_BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: emulator.apiRoot });
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const http = Fastify();
  const adapter = createTelegramAdapter(
    {
      config: parsed.config,
      pipeline: core.pipeline,
      directory: core.directory,
      services: core.services,
      translator: new Translator(),
      actions: new ActionCodec("synthetic-app-secret-0123456789abcdefghijk"),
      logger: pino({ level: "silent" }),
      http,
      clock: core.clock,
    },
    emulator.token,
    { groupEditIntervalMs: 200, privateEditIntervalMs: 100, ...options },
  );
  await adapter.start();
  return {
    emulator,
    adapter,
    core,
    async stop() {
      await adapter.stop();
      await http.close();
      await emulator.stop();
    },
  };
}
