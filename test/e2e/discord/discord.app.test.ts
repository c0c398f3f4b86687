import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GatewayIntentBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registry } from "../../../commands/index.ts";
import { DiscordEmulator, type EmulatedGuild } from "../../../emulators/discord/discord-emulator.ts";
import { forgedCustomId } from "./discord.driver.ts";
import { type AppOnEmulator, eventually, startAppOnEmulator } from "./support/harness.ts";
import { answerOf } from "./support/seen.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const globalCommands = /^\/applications\/\d+\/commands$/;

describe("Circolo on Discord, across restarts", () => {
  let emulator: DiscordEmulator;
  let folder: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulator = await DiscordEmulator.start();
    folder = mkdtempSync(join(tmpdir(), "circolo-discord-"));
    env = { DATABASE_URL: `file:${join(folder, "circolo.db")}` };
  });
  afterAll(async () => {
    await emulator?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function withApp(
    extra: Record<string, string>,
    body: (running: AppOnEmulator) => Promise<void>,
  ): Promise<void> {
    const running = await startAppOnEmulator(emulator, { ...env, ...extra });
    try {
      await body(running);
    } finally {
      await running.stop();
    }
  }

  it("logs in with the Guilds intent only and registers the commands once, not again when nothing changed", async () => {
    const guild = emulator.addGuild("Pasticceria");
    await withApp({}, async () => {
      expect(emulator.gateway.identifiedIntents).toEqual([GatewayIntentBits.Guilds]);
      const registered = emulator.callsTo("PUT", globalCommands)[0]?.body as {
        name: string;
        description_localizations: object;
        default_member_permissions: string | null;
      }[];
      expect(registered.map((c) => c.name)).toEqual(registry.commands.map((c) => c.name));
      expect(registered[0]).toMatchObject({
        description_localizations: { it: "Mostra cosa può fare Circolo per te" },
        default_member_permissions: null,
      });
    });
    await withApp({}, async () => {
      expect(emulator.callsTo("GET", /^\/gateway\/bot$/)).toHaveLength(2);
      expect(emulator.callsTo("PUT", globalCommands)).toHaveLength(1);
      expect((await answerOf(guild.member().command("help"))).text).toContain("/privacy");
    });
  });

  it("registers the commands in the development guilds when DISCORD_GUILD_IDS is set", async () => {
    const dev = emulator.addGuild("Dev server");
    const route = new RegExp(`^/applications/\\d+/guilds/${dev.id}/commands$`);
    await withApp({ DISCORD_GUILD_IDS: dev.id }, async () => {
      expect(emulator.callsTo("PUT", route)).toHaveLength(1);
      expect(emulator.callsTo("PUT", globalCommands)).toHaveLength(1);
      expect((await answerOf(dev.member().command("help"))).private).toBe(true);
    });
  });

  it("retires the community of a guild that removed the bot while Circolo was offline", async () => {
    const leaving = emulator.addGuild("Leaving");
    const staying = emulator.addGuild("Staying");
    let active: (id: string) => Promise<boolean | undefined> = async () => undefined;
    await withApp({}, async ({ app }) => {
      active = async (id) => (await app.services.repositories.communities.findByPlatformId("discord", id))?.active;
      expect([await active(leaving.id), await active(staying.id)]).toEqual([true, true]);
    });
    emulator.state.guilds.get(leaving.id)!.botPresent = false;
    await withApp({}, async ({ app }) => {
      active = async (id) => (await app.services.repositories.communities.findByPlatformId("discord", id))?.active;
      expect([await active(leaving.id), await active(staying.id)]).toEqual([false, true]);
    });
  });
});

describe("Circolo on Discord", () => {
  let emulator: DiscordEmulator;
  let running: AppOnEmulator;
  let guild: EmulatedGuild;

  beforeAll(async () => {
    emulator = await DiscordEmulator.start();
    guild = emulator.addGuild("Gelateria Bianchi");
    // New communities speak Italian: members whose client language is neither en nor it get Italian.
    running = await startAppOnEmulator(emulator, { DEFAULT_LOCALE: "it" });
  });
  afterAll(async () => {
    await running?.stop();
    await emulator?.close();
  });

  const consentCount = () => running.app.database.prisma.consentGrant.count();

  it("answers in the member's language when it is English or Italian, else in the community's", async () => {
    expect((await answerOf(guild.member({ locale: "en-GB" }).command("help"))).text).toContain(
      "Here is what you can do",
    );
    expect((await answerOf(guild.member({ locale: "it" }).command("help"))).text).toContain("Ecco cosa puoi fare");
    expect((await answerOf(guild.member({ locale: "fr" }).command("help"))).text).toContain("Ecco cosa puoi fare");
  });

  it("answers /help in a direct message with the bot, outside any community", async () => {
    const answer = await answerOf(guild.member().command("help", {}, { direct: true }));
    expect(answer.text).toContain("/help");
    expect(() => guild.member().command("privacy", {}, { direct: true })).toThrow(/not offered in DMs/);
  });

  it("updates the privacy panel in place when its button is pressed", async () => {
    const member = guild.member();
    const panel = await answerOf(member.command("privacy"));
    const press = member.click(panel.message?.id as string, "Allow analytics");
    const updated = await answerOf(press);
    expect(press.callbacks).toEqual([7]);
    expect(updated.message?.id).toBe(panel.message?.id);
    expect(updated.buttons).toContain("Stop analytics");
  });

  it("refuses a forged custom_id and a button copied from another guild, privately, changing nothing", async () => {
    const member = guild.member({ locale: "it" });
    const panel = await answerOf(guild.member().command("privacy"));
    const rows = panel.message?.components as { components: { custom_id: string }[] }[];
    const realButton = rows[0]?.components[0]?.custom_id;
    const before = await consentCount();
    const forged = await answerOf(member.pressCustomId(forgedCustomId));
    expect(forged).toMatchObject({
      private: true,
      text: "Questo pulsante non è più valido. Esegui di nuovo il comando.",
    });
    const elsewhere = emulator.addGuild("Elsewhere");
    const copied = await answerOf(elsewhere.member().pressCustomId(realButton as string));
    expect(copied.text).toBe("This button is no longer valid. Please run the command again.");
    expect(await consentCount()).toBe(before);
  });

  it("defers when the database is slow and still answers after Discord's window", async () => {
    const repository = running.app.services.repositories.processedUpdates;
    const markProcessed = repository.markProcessed;
    repository.markProcessed = async (...args) => {
      await sleep(2_300);
      return markProcessed.apply(repository, args);
    };
    emulator.limits.responseDeadlineMs = 2_000;
    try {
      const help = guild.member().command("help");
      const answer = await answerOf(help);
      expect(help.callbacks).toEqual([5]);
      expect(help.answers[0]?.kind).toBe("edit");
      expect(answer).toMatchObject({ private: true });
      expect(answer.text).toContain("/privacy");
    } finally {
      repository.markProcessed = markProcessed;
      emulator.limits.responseDeadlineMs = 3_000;
    }
  });

  it("survives a gateway drop: an interaction sent meanwhile is replayed on resume and answered once", async () => {
    const identifies = emulator.gateway.identifiedIntents.length;
    const resumed = emulator.gateway.nextResume();
    emulator.gateway.drop();
    const help = guild.member().command("help");
    await resumed;
    expect((await answerOf(help)).text).toContain("/privacy");
    await sleep(100);
    expect([help.callbacks, help.answers.length]).toEqual([[4], 1]);
    expect(emulator.gateway.identifiedIntents).toHaveLength(identifies);
  });

  it("answers every interaction exactly once through a storm of 429s", async () => {
    emulator.faults.inject({ path: /^\/interactions\/\d+\/[^/]+\/callback$/, times: 6, retryAfterSeconds: 0.1 });
    const storm = Array.from({ length: 5 }, () => guild.member().command("help"));
    const answers = await Promise.all(storm.map((interaction) => answerOf(interaction)));
    expect(answers.every((a) => a.private && a.text.includes("/privacy"))).toBe(true);
    await sleep(100);
    expect(storm.map((i) => [i.callbacks.length, i.answers.length])).toEqual(storm.map(() => [1, 1]));
    const callbacks = emulator.calls.filter((c) => storm.some((i) => c.path.startsWith(`/interactions/${i.id}/`)));
    expect(callbacks.filter((c) => c.status === 429)).toHaveLength(6);
    expect(callbacks.filter((c) => c.status === 204)).toHaveLength(5);
  });

  it("posts every message exactly once through 429s and server errors", async () => {
    emulator.faults.inject({ method: "POST", path: /^\/channels\/\d+\/messages$/, times: 5, retryAfterSeconds: 0.05 });
    emulator.faults.inject({ method: "POST", path: /^\/channels\/\d+\/messages$/, times: 2, status: 502 });
    const texts = Array.from({ length: 8 }, (_, i) => `Message ${i}`);
    await Promise.all(
      texts.map((text) => running.chat.send({ channelId: guild.channelId }, { blocks: [{ type: "paragraph", text }] })),
    );
    const posted = guild.messages().filter((m) => m.content.startsWith("Message "));
    expect(posted.map((m) => m.content).sort()).toEqual(texts);
    expect(emulator.callsTo("POST", /^\/channels\/\d+\/messages$/).filter((c) => c.injected)).toHaveLength(7);
  });

  it("follows the guilds: a community on join, kept through an outage, retired on removal", async () => {
    const communities = running.app.services.repositories.communities;
    const active = async (id: string) => (await communities.findByPlatformId("discord", id))?.active;
    const joined = emulator.addGuild("Joined later");
    await eventually(async () => (await active(joined.id)) === true);
    emulator.setGuildAvailable(joined.id, false);
    await sleep(200);
    expect(await active(joined.id)).toBe(true);
    emulator.setGuildAvailable(joined.id, true);
    emulator.removeBot(joined.id);
    await eventually(async () => (await active(joined.id)) === false);
  });
});

describe("Circolo on Discord, sharded", () => {
  /** Guilds until both shards of two own at least one (a guild's shard is (id >> 22) % 2). */
  async function guildsOnBothShards(emulator: DiscordEmulator): Promise<EmulatedGuild[]> {
    const guilds: EmulatedGuild[] = [];
    while (new Set(guilds.map((g) => Number((BigInt(g.id) >> 22n) % 2n))).size < 2) {
      guilds.push(emulator.addGuild(`Shop ${guilds.length}`));
      await sleep(2);
    }
    return guilds;
  }

  it("runs the shards Discord recommends in one process, each answering its own guilds, registering once", async () => {
    const emulator = await DiscordEmulator.start({ shards: 2 });
    const guilds = await guildsOnBothShards(emulator);
    const running = await startAppOnEmulator(emulator);
    try {
      expect(emulator.gateway.connectedShards).toBe(2);
      for (const guild of guilds) expect((await answerOf(guild.member().command("help"))).text).toContain("/privacy");
      expect(emulator.callsTo("PUT", globalCommands)).toHaveLength(1);
    } finally {
      await running.stop();
      await emulator.close();
    }
  });

  it("runs one shard per process (SHARDS, SHARD_COUNT) on a shared database, shard 0's process registering", async () => {
    const emulator = await DiscordEmulator.start({ shards: 2 });
    const folder = mkdtempSync(join(tmpdir(), "circolo-shards-"));
    const env = { DATABASE_URL: `file:${join(folder, "circolo.db")}` };
    const guilds = await guildsOnBothShards(emulator);
    const processes: AppOnEmulator[] = [];
    try {
      const startShard = async (shard: number) => {
        // discord.js reads these when the Client is built, as in a process spawned by its ShardingManager.
        process.env.SHARDS = `[${shard}]`;
        process.env.SHARD_COUNT = "2";
        processes.push(await startAppOnEmulator(emulator, env));
      };
      await startShard(1);
      expect(emulator.callsTo("PUT", globalCommands)).toHaveLength(0);
      await startShard(0);
      expect(emulator.gateway.connectedShards).toBe(2);
      for (const guild of guilds) expect((await answerOf(guild.member().command("help"))).text).toContain("/privacy");
      expect(emulator.callsTo("PUT", globalCommands)).toHaveLength(1);
      const communities = processes[0]?.app.services.repositories.communities;
      for (const guild of guilds) expect((await communities?.findByPlatformId("discord", guild.id))?.active).toBe(true);
    } finally {
      delete process.env.SHARDS;
      delete process.env.SHARD_COUNT;
      for (const running of processes) await running.stop();
      await emulator.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
