import { Client, GatewayIntentBits } from "discord.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DiscordEmulator, type EmulatedGuild } from "../../../emulators/discord/discord-emulator.ts";

/** The emulator's own promises, checked with plain HTTP and WebSocket clients where discord.js would hide them. */
describe("the Discord emulator", () => {
  let emulator: DiscordEmulator;
  let client: Client;
  let guild: EmulatedGuild;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const api = (path: string, init: RequestInit = {}, auth = true) =>
    fetch(`${emulator.apiRoot}/v10${path}`, {
      ...init,
      headers: { "content-type": "application/json", ...(auth ? { authorization: `Bot ${emulator.token}` } : {}) },
    });

  beforeAll(async () => {
    emulator = await DiscordEmulator.start({ responseDeadlineMs: 200, tokenLifetimeMs: 400 });
    guild = emulator.addGuild("Emulated");
    // A real client that never answers: the tests answer by hand.
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emulator.apiRoot } });
    await client.login(emulator.token);
    await api(`/applications/${emulator.applicationId}/commands`, {
      method: "PUT",
      body: JSON.stringify([{ name: "ping", description: "Ping" }]),
    });
  });
  afterAll(async () => {
    await client?.destroy();
    await emulator?.close();
  });
  afterEach(() => emulator.faults.clear());

  const errorOf = async (response: Response) => (await response.json()) as { code?: number; retry_after?: number };
  const callback = (id: string, token: string, body: object) =>
    api(`/interactions/${id}/${token}/callback`, { method: "POST", body: JSON.stringify(body) }, false);

  it("answers a callback with 204 and no content type, and refuses a second response with 40060", async () => {
    const ping = guild.member().command("ping");
    const first = await callback(ping.id, ping.token, { type: 4, data: { content: "pong" } });
    expect([first.status, first.headers.get("content-type")]).toEqual([204, null]);
    const second = await callback(ping.id, ping.token, { type: 4, data: { content: "again" } });
    expect([second.status, await second.json()]).toEqual([400, expect.objectContaining({ code: 40060 })]);
    expect((await ping.answer()).kind).toBe("reply");
  });

  it("refuses a first response after the deadline with 10062 and marks the interaction failed", async () => {
    const ping = guild.member().command("ping");
    const failed = expect(ping.answer()).rejects.toThrow(/interaction failed/);
    await sleep(250);
    const late = await callback(ping.id, ping.token, { type: 5 });
    expect([late.status, (await errorOf(late)).code]).toEqual([404, 10062]);
    expect(ping.status).toBe("failed");
    await failed;
  });

  it("accepts follow-ups until the token expires, then refuses them with 10062", async () => {
    const ping = guild.member().command("ping");
    await callback(ping.id, ping.token, { type: 5, data: { flags: 64 } });
    const followUp = () =>
      api(
        `/webhooks/${emulator.applicationId}/${ping.token}?wait=true`,
        { method: "POST", body: JSON.stringify({ content: "later" }) },
        false,
      );
    expect((await followUp()).status).toBe(200);
    await sleep(450);
    const expired = await followUp();
    expect([expired.status, (await errorOf(expired)).code]).toEqual([404, 10062]);
  });

  it("refuses messages beyond Discord's limits", async () => {
    const post = (body: object) =>
      api(`/channels/${guild.channelId}/messages`, { method: "POST", body: JSON.stringify(body) });
    expect((await post({ content: "x".repeat(2_001) })).status).toBe(400);
    const row = {
      type: 1,
      components: Array.from({ length: 6 }, (_, i) => ({ type: 2, style: 1, label: "b", custom_id: `b${i}` })),
    };
    expect((await post({ components: [row] })).status).toBe(400);
    expect((await post({})).status).toBe(400);
    expect((await post({ content: "fine" })).status).toBe(200);
  });

  it("answers injected 429s with retry-after for the next calls only", async () => {
    emulator.faults.inject({ path: /^\/users\/@me$/, times: 1, retryAfterSeconds: 0.25 });
    const limited = await api("/users/@me");
    expect([limited.status, limited.headers.get("retry-after"), (await errorOf(limited)).retry_after]).toEqual([
      429,
      "0.25",
      0.25,
    ]);
    expect((await api("/users/@me")).status).toBe(200);
    expect(emulator.callsTo("GET", /^\/users\/@me$/).map((c) => [c.status, c.injected])).toEqual([
      [429, true],
      [200, false],
    ]);
  });

  it("refuses REST calls without the bot token", async () => {
    expect((await api("/users/@me", {}, false)).status).toBe(401);
  });

  it("sends READY and one GUILD_CREATE per guild, refuses privileged intents, and invalidates sessions", async () => {
    const { url } = (await (await api("/gateway/bot")).json()) as { url: string };
    const session = async (first: object) => {
      const socket = new WebSocket(`${url}?v=10&encoding=json`);
      const received: { op: number; t?: string; d: unknown }[] = [];
      const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
      socket.on("message", (raw) => received.push(JSON.parse(String(raw))));
      await new Promise((resolve) => socket.once("open", resolve));
      socket.send(JSON.stringify(first));
      await sleep(100);
      return { received, closed, socket };
    };
    const identify = (intents: number) => ({ op: 2, d: { token: emulator.token, intents, properties: {} } });

    const normal = await session(identify(GatewayIntentBits.Guilds));
    expect(normal.received.map((p) => p.t ?? `op${p.op}`)).toEqual(["op10", "READY", "GUILD_CREATE"]);
    expect((normal.received[1] as { d: { guilds: unknown[] } }).d.guilds).toEqual([
      { id: guild.id, unavailable: true },
    ]);
    normal.socket.close(1000);

    const privileged = await session(identify(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMembers));
    expect(await privileged.closed).toBe(4014);

    const unknown = await session({ op: 6, d: { token: emulator.token, session_id: "nope", seq: 1 } });
    expect(unknown.received.at(-1)).toEqual({ op: 9, d: false });
    unknown.socket.close(1000);

    const invalidated = await session(identify(GatewayIntentBits.Guilds));
    emulator.gateway.invalidateSessions();
    await sleep(50);
    expect(invalidated.received.at(-1)).toEqual({ op: 9, d: false });
    invalidated.socket.close(1000);
  });
});
