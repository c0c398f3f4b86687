import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordEmulator, type EmulatedGuild } from "../../../emulators/discord/discord-emulator.ts";
import { type AppOnEmulator, startAppOnEmulator } from "../../e2e/discord/support/harness.ts";
import { waitUntil } from "../support/wait.ts";

const MESSAGES = 8;
const INTERACTIONS = 10;
const messagesRoute = /^\/channels\/\d+\/messages$/;
const callbackRoute = /^\/interactions\/\d+\/[^/]+\/callback$/;

describe("Discord answering with a storm of 429s, 5xx errors and timeouts", () => {
  const folder = mkdtempSync(join(tmpdir(), "circolo-discord-storm-"));
  let emulator: DiscordEmulator;
  let running: AppOnEmulator;
  let guild: EmulatedGuild;
  beforeAll(async () => {
    emulator = await DiscordEmulator.start();
    guild = emulator.addGuild("Storm");
    running = await startAppOnEmulator(emulator, { DATABASE_URL: `file:${join(folder, "circolo.db")}` });
  });
  afterAll(async () => {
    await running?.stop();
    await emulator?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("posts every message once in the end and keeps answering interactions meanwhile", async () => {
    const callsBefore = emulator.calls.length;
    emulator.faults.inject({ method: "POST", path: messagesRoute, times: 8, retryAfterSeconds: 1 });
    emulator.faults.inject({ method: "POST", path: messagesRoute, times: 2, status: 502 });
    emulator.faults.inject({ method: "POST", path: messagesRoute, times: 1, status: 500 });
    emulator.faults.inject({ method: "POST", path: messagesRoute, times: 2, status: 0 });
    emulator.faults.inject({ path: callbackRoute, times: 6, retryAfterSeconds: 0.2 });
    emulator.faults.inject({ path: callbackRoute, times: 1, status: 503 });

    const texts = Array.from({ length: MESSAGES }, (_, i) => `Storm message ${i}`);
    const sends = texts.map((text) =>
      running.chat.send({ channelId: guild.channelId }, { blocks: [{ type: "paragraph", text }] }),
    );
    // Interactions keep being answered while the messages are still waiting out the storm.
    const interactions = Array.from({ length: INTERACTIONS }, () => guild.member().command("help"));
    const answers = await Promise.all(interactions.map((interaction) => interaction.answer(0, 60_000)));
    const postedWhileAnswering = guild.messages().filter((m) => m.content.startsWith("Storm message ")).length;
    const settled = await Promise.allSettled(sends);
    await waitUntil(() => interactions.every((i) => i.status !== "pending"), "every interaction settled");

    const calls = emulator.calls.slice(callsBefore);
    const injected = calls.filter((c) => c.injected);
    const posted = guild.messages().filter((m) => m.content.startsWith("Storm message "));
    console.log(
      `platform (Discord): ${injected.length} calls failed (${injected.filter((c) => c.status === 429).length} × 429, ` +
        `${injected.filter((c) => c.status >= 500).length} × 5xx, ${injected.filter((c) => c.status === 0).length} timeouts); ` +
        `${posted.length}/${MESSAGES} messages posted (${settled.filter((s) => s.status === "rejected").length} sends failed), ` +
        `${new Set(posted.map((m) => m.content)).size} distinct; ${answers.length}/${INTERACTIONS} interactions answered ` +
        `(${interactions.filter((i) => i.callbacks.length === 1).length} exactly once), ` +
        `${MESSAGES - postedWhileAnswering} messages still being retried when they were`,
    );
    expect(injected).toHaveLength(8 + 2 + 1 + 2 + 6 + 1);
    expect(settled.every((s) => s.status === "fulfilled")).toBe(true);
    expect(posted.map((m) => m.content).sort()).toEqual(texts);
    expect(interactions.map((i) => i.callbacks.length)).toEqual(interactions.map(() => 1));
    expect(answers.every((a) => a.kind === "reply")).toBe(true);
    // Responsive: the interactions were answered while messages were still waiting out the storm.
    expect(postedWhileAnswering).toBeLessThan(MESSAGES);
  }, 240_000);
});
