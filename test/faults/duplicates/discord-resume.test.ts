import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordEmulator, type EmulatedGuild } from "../../../emulators/discord/discord-emulator.ts";
import type { EmuInteraction } from "../../../emulators/discord/emulator-interactions.ts";
import { openDatabase } from "../../../src/persistence/database.ts";
import { type AppOnEmulator, startAppOnEmulator } from "../../e2e/discord/support/harness.ts";
import { waitUntil } from "../support/wait.ts";

const INTERACTIONS = 300;

describe("a Discord gateway resume that replays events already received", () => {
  const folder = mkdtempSync(join(tmpdir(), "circolo-resume-"));
  const url = `file:${join(folder, "circolo.db")}`;
  let emulator: DiscordEmulator;
  let running: AppOnEmulator;
  let guild: EmulatedGuild;
  beforeAll(async () => {
    emulator = await DiscordEmulator.start();
    guild = emulator.addGuild("Replay");
    running = await startAppOnEmulator(emulator, { DATABASE_URL: url });
  });
  afterAll(async () => {
    await running?.stop();
    await emulator?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("counts every interaction once and answers it once", async () => {
    const members = Array.from({ length: 20 }, () => guild.member());
    const sent: EmuInteraction[] = [];
    for (let i = 0; i < INTERACTIONS; i++) sent.push(members[i % members.length]!.command("help"));
    await Promise.all(sent.map((interaction) => interaction.answer(0, 60_000)));

    const database = await openDatabase(url);
    try {
      const counted = () =>
        database.prisma.engagementEvent.count({ where: { dedupeKey: { in: sent.map((i) => `discord:${i.id}`) } } });
      expect(await counted()).toBe(INTERACTIONS);

      // The connection drops; the resume sends every interaction again, and one more that was missed.
      emulator.gateway.replayOnNextResume(INTERACTIONS);
      emulator.gateway.drop();
      const missed = members[0]!.command("help");
      await emulator.gateway.nextResume();
      await missed.answer(0, 60_000);
      const duplicates = await waitUntil(async () => {
        const value = await running.app.metrics.registry.getSingleMetric("circolo_updates_handled_total")?.get();
        const refused = value?.values.find((v) => v.labels.platform === "discord" && v.labels.outcome === "duplicate");
        return refused?.value === INTERACTIONS && refused.value;
      }, "every replayed interaction to be refused as a duplicate");
      const handled = await database.prisma.processedUpdate.count({ where: { platform: "discord" } });
      const callbacks = [...sent, missed].map((interaction) => interaction.callbacks.length);
      const events = await database.prisma.engagementEvent.count({ where: { dedupeKey: { startsWith: "discord:" } } });
      const rollup = await database.prisma.dailyRollup.aggregate({ _sum: { count: true }, where: { kind: "command" } });
      console.log(
        `duplicates (Discord resume): ${INTERACTIONS} interactions replayed after a resume, 1 missed one delivered; ` +
          `${handled} handled, ${duplicates} refused as duplicates, ${events} counted, ` +
          `${callbacks.filter((n) => n > 1).length} answered twice`,
      );
      expect(handled).toBe(INTERACTIONS + 1);
      expect(events).toBe(INTERACTIONS + 1);
      expect(rollup._sum.count).toBe(INTERACTIONS + 1);
      expect(callbacks.every((n) => n === 1)).toBe(true);
    } finally {
      await database.close();
    }
  }, 240_000);
});
