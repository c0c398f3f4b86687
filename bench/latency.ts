// Interaction latency: from an update leaving the emulator to the bot's answer arriving back at it, at a steady
// offered load, for Telegram webhooks and Discord interactions. The emulators and the load generator run in this
// process; the real app runs in a child process (bench/app-process.ts), talking to them over loopback.
//
// The load is open-loop: interactions are sent on a fixed schedule whether or not earlier ones were answered,
// so a slow app shows as growing latency instead of a politely lowered rate. Each interaction waits at most
// `answerTimeoutMs` for its answer; one that gets none is counted as unanswered (and as that timeout in the
// percentiles, so they cannot look better than they were).

import { DiscordEmulator } from "../emulators/discord/discord-emulator.ts";
import type { EmulatedMember } from "../emulators/discord/emulator-user.ts";
import type { EmulatedMessage } from "../emulators/telegram/emulator-state.ts";
import type { EmulatedPerson } from "../emulators/telegram/emulator-user.ts";
import { TelegramEmulator } from "../emulators/telegram/telegram-emulator.ts";
import { freePort, webhookSecret } from "../test/e2e/telegram/telegram-harness.ts";
import { startAppProcess } from "./app-runner.ts";
import { type Figure, figure, type Section, type Unmeasured } from "./report.ts";
import { quantile, spread } from "./stats.ts";

export interface LatencyOptions {
  /** Interactions offered per second. */
  readonly rate: number;
  /** Load before the measured windows (JIT, caches, connections), not recorded. */
  readonly warmupMs: number;
  /** Measured windows: one p50/p99 each, summarised as min, median and max. */
  readonly windows: number;
  readonly windowMs: number;
  readonly answerTimeoutMs: number;
  readonly progress?: (line: string) => void;
}

/** p99 must stay under this (Discord's own deadline for a first answer is 3 s). */
export const latencyTargetMs = 25;

/** Sends one interaction; resolves with its latency in ms, or null if no answer came in time. */
type Fire = () => Promise<number | null>;

interface WindowResult {
  readonly p50: number;
  readonly p99: number;
  readonly offeredRate: number;
  readonly unanswered: number;
}

/** Measures both platforms and returns the section. */
export async function measureLatency(options: LatencyOptions): Promise<Section> {
  const platforms = [
    { id: "telegram", name: "Telegram webhook", measure: onTelegram },
    { id: "discord", name: "Discord interaction", measure: onDiscord },
  ] as const;
  const figures: Figure[] = [];
  const unmeasured: Unmeasured[] = [];
  for (const platform of platforms) {
    let windows: WindowResult[];
    try {
      windows = await platform.measure(options);
    } catch (error) {
      // One platform failing must not lose the other's figures.
      const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
      options.progress?.(`latency ${platform.id} FAILED: ${reason}`);
      unmeasured.push({
        id: `latency.${platform.id}`,
        label: `${platform.name}: p50 and p99`,
        reason: `failed: ${reason}`,
      });
      continue;
    }
    const p99 = windows.map((w) => w.p99);
    figures.push(
      figure(
        `latency.${platform.id}.p50`,
        `${platform.name}: p50`,
        "ms",
        windows.map((w) => w.p50),
      ),
      figure(`latency.${platform.id}.p99`, `${platform.name}: p99`, "ms", p99, {
        targets: [{ text: `p99 < ${latencyTargetMs} ms`, met: spread(p99).median < latencyTargetMs }],
      }),
      figure(
        `latency.${platform.id}.offered`,
        `${platform.name}: offered load`,
        "interactions/s",
        windows.map((w) => w.offeredRate),
      ),
      figure(
        `latency.${platform.id}.unanswered`,
        `${platform.name}: unanswered within ${options.answerTimeoutMs / 1000} s`,
        "interactions",
        windows.map((w) => w.unanswered),
      ),
    );
  }
  return {
    id: "latency",
    title: `Interaction latency at ${options.rate} interactions/s`,
    method: [
      "The real app (startTestApp: migrations, HTTP server, adapters, fresh SQLite file) runs in a child process; the local emulators and an open-loop load generator run in the bench's process; loopback only.",
      "Telegram (webhook): members press the grant button of their /privacy panel; latency is from the press (the emulator queues the callback_query update and posts it to the app's webhook, at most 40 at a time as Telegram does) to the app's answerCallbackQuery reaching the emulator, read from the emulator's call log at millisecond resolution (the panel edit follows separately, throttled to Telegram's limits).",
      "Discord (gateway): members run /help; latency is from the emulator dispatching INTERACTION_CREATE to the interaction callback (the ephemeral reply) reaching it.",
      `${options.warmupMs / 1000} s of warm-up at the same rate, then ${options.windows} windows of ${options.windowMs / 1000} s; p50 and p99 per window; an interaction unanswered after ${options.answerTimeoutMs / 1000} s counts as ${options.answerTimeoutMs / 1000} s.`,
    ],
    figures,
    unmeasured,
  };
}

async function onTelegram(options: LatencyOptions): Promise<WindowResult[]> {
  const emulator = await TelegramEmulator.start();
  const port = await freePort();
  const webhookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
  const app = await startAppProcess({
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    PORT: String(port),
    TELEGRAM_WEBHOOK_URL: webhookUrl,
    TELEGRAM_WEBHOOK_SECRET: webhookSecret,
  });
  try {
    const owner = emulator.person({ firstName: "Owner" });
    const group = emulator.group("Bench group", owner);
    group.addBot(owner);
    // Enough members that the coalesced panel edits stay a bounded backlog behind the throttler.
    const members = Array.from({ length: 100 }, (_, i) =>
      emulator.person({ firstName: `Member ${i}`, languageCode: "en" }),
    );
    const panels: { person: EmulatedPerson; panel: EmulatedMessage; data: string }[] = [];
    for (const person of members) {
      person.hasStartedBot();
      person.say("/privacy", group);
    }
    for (const person of members) {
      const panel = await emulator.waitFor(
        () => emulator.botMessages(person.id).find((m) => (m.replyMarkup?.inline_keyboard.length ?? 0) > 0),
        "a privacy panel in the private chat",
        30_000,
      );
      const button = panel.replyMarkup!.inline_keyboard.flat()[0]!;
      if (!("callback_data" in button) || !button.callback_data) throw new Error("the privacy panel has no button");
      panels.push({ person, panel, data: button.callback_data });
    }
    const answers = new AnswerWatch(emulator, options.answerTimeoutMs);
    let next = 0;
    const fire: Fire = () => {
      const { person, panel, data } = panels[next++ % panels.length]!;
      const sent = Date.now();
      return answers.expect(person.pressData(panel, data), sent);
    };
    try {
      return await runWindows("telegram", fire, options);
    } finally {
      answers.stop();
    }
  } finally {
    await app.stop();
    await emulator.stop();
  }
}

/**
 * When each callback query got its answer: the instant the emulator received the app's answerCallbackQuery (its
 * call log, millisecond resolution), read by one poller. A waiter per interaction would re-check every open
 * interaction on each emulator change, and with thousands open that load-generator work would delay the very
 * answers it times.
 */
class AnswerWatch {
  readonly #emulator: TelegramEmulator;
  readonly #timeoutMs: number;
  readonly #open = new Map<string, { sent: number; settle: (latency: number | null) => void }>();
  readonly #timer: NodeJS.Timeout;
  #seen = 0;

  constructor(emulator: TelegramEmulator, timeoutMs: number) {
    this.#emulator = emulator;
    this.#timeoutMs = timeoutMs;
    this.#timer = setInterval(() => this.#poll(), 10);
  }

  /** Resolves with the query's latency in ms (from `sent`, a Date.now() reading), or null after the timeout. */
  expect(queryId: string, sent: number): Promise<number | null> {
    return new Promise((settle) => this.#open.set(queryId, { sent, settle }));
  }

  stop(): void {
    clearInterval(this.#timer);
    for (const open of this.#open.values()) open.settle(null);
    this.#open.clear();
  }

  #poll(): void {
    const calls = this.#emulator.calls();
    for (; this.#seen < calls.length; this.#seen++) {
      const call = calls[this.#seen]!;
      if (call.method !== "answerCallbackQuery") continue;
      const id = String(call.params.callback_query_id);
      const open = this.#open.get(id);
      if (!open) continue;
      this.#open.delete(id);
      open.settle(Math.max(0, call.at - open.sent));
    }
    const now = Date.now();
    for (const [id, open] of this.#open) {
      if (now - open.sent <= this.#timeoutMs) break; // in sending order: the rest are younger
      this.#open.delete(id);
      open.settle(null);
    }
  }
}

async function onDiscord(options: LatencyOptions): Promise<WindowResult[]> {
  const emulator = await DiscordEmulator.start();
  const guild = emulator.addGuild("Bench guild");
  const members: EmulatedMember[] = Array.from({ length: 200 }, () => guild.member({ locale: "en-US" }));
  const app = await startAppProcess({ DISCORD_TOKEN: emulator.token, DISCORD_API_ROOT: emulator.apiRoot });
  try {
    let next = 0;
    const fire: Fire = () => {
      const member = members[next++ % members.length]!;
      const sent = performance.now();
      const interaction = member.command("help");
      return interaction.answer(0, options.answerTimeoutMs).then(
        () => performance.now() - sent,
        () => null,
      );
    };
    return await runWindows("discord", fire, options);
  } finally {
    await app.stop();
    await emulator.close();
  }
}

async function runWindows(name: string, fire: Fire, options: LatencyOptions): Promise<WindowResult[]> {
  await openLoop(fire, options.rate, options.warmupMs, options.answerTimeoutMs);
  const results: WindowResult[] = [];
  for (let w = 0; w < options.windows; w++) {
    const window = await openLoop(fire, options.rate, options.windowMs, options.answerTimeoutMs);
    results.push(window);
    options.progress?.(
      `latency ${name} window ${w + 1}/${options.windows}: p50 ${window.p50.toFixed(1)} ms, p99 ${window.p99.toFixed(1)} ms, ${Math.round(window.offeredRate)}/s offered, ${window.unanswered} unanswered`,
    );
  }
  return results;
}

/** Offers `rate` interactions per second for `durationMs`, then waits for every answer (or its timeout). */
async function openLoop(fire: Fire, rate: number, durationMs: number, answerTimeoutMs: number): Promise<WindowResult> {
  const total = Math.round((rate * durationMs) / 1000);
  const interval = 1000 / rate;
  const answers: Promise<number | null>[] = [];
  const started = performance.now();
  let lastSent = started;
  while (answers.length < total) {
    const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
    while (answers.length < due) answers.push(fire());
    lastSent = performance.now();
    if (answers.length < total) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const latencies = await Promise.all(answers);
  const unanswered = latencies.filter((l) => l === null).length;
  const sorted = latencies.map((l) => l ?? answerTimeoutMs).sort((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    // The rate actually offered between the first and the last send (a busy bench process would lower it).
    offeredRate: total > 1 ? (total - 1) / ((lastSent - started) / 1000) : rate,
    unanswered,
  };
}
