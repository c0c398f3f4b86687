import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { GatewayServer } from "./emulator-gateway.ts";
import { createRestServer, FaultInjector, type RecordedCall } from "./emulator-http.ts";
import { InteractionDesk } from "./emulator-interactions.ts";
import { guildCreatePayload } from "./emulator-payloads.ts";
import { createRoutes } from "./emulator-rest-routes.ts";
import { EmulatorState, type EmuMessage } from "./emulator-state.ts";
import { EmulatedGuild, type UserSideContext } from "./emulator-user.ts";

export type { Answer, EmuInteraction } from "./emulator-interactions.ts";
export type { EmuMessage } from "./emulator-state.ts";
export type { EmulatedGuild, EmulatedMember } from "./emulator-user.ts";

export interface DiscordEmulatorOptions {
  /** The bot token the emulator accepts (REST `Authorization: Bot <token>` and IDENTIFY). */
  readonly token?: string;
  /** Time to the first interaction response (Discord: 3 s). */
  readonly responseDeadlineMs?: number;
  /** Lifetime of an interaction token for follow-ups and edits (Discord: 15 min). */
  readonly tokenLifetimeMs?: number;
  /** Shard count recommended by GET /gateway/bot. */
  readonly shards?: number;
  readonly heartbeatIntervalMs?: number;
}

/**
 * A local Discord for end-to-end tests: one HTTP + WebSocket server on 127.0.0.1 that speaks enough
 * of the REST API and the gateway for the real discord.js Client, plus a user side that acts like
 * members of guilds. Every REST call is recorded; faults (429 with retry-after, 5xx) can be injected.
 */
export class DiscordEmulator {
  readonly token: string;
  readonly state = new EmulatorState();
  readonly calls: RecordedCall[] = [];
  readonly faults = new FaultInjector();
  readonly limits: { responseDeadlineMs: number; tokenLifetimeMs: number };
  readonly gateway: GatewayServer;
  readonly #desk = new InteractionDesk(this.state);
  readonly #server: Server;
  readonly #context: UserSideContext;
  #peakRestConnections = 0;

  private constructor(options: DiscordEmulatorOptions) {
    this.token = options.token ?? "emulator.bot.token";
    this.limits = {
      responseDeadlineMs: options.responseDeadlineMs ?? 3_000,
      tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
    };
    this.state.recommendedShards = options.shards ?? 1;
    const router = createRoutes(this.state, this.#desk, () => this.gateway.url);
    this.#server = createRestServer({
      router,
      faults: this.faults,
      token: this.token,
      record: (call) => this.calls.push(call),
    });
    // REST connections (sockets that carried an HTTP request) open at once, and the most there ever were.
    const open = new Set<Socket>();
    this.#server.on("request", (req: IncomingMessage) => {
      if (open.has(req.socket)) return;
      open.add(req.socket);
      this.#peakRestConnections = Math.max(this.#peakRestConnections, open.size);
      req.socket.once("close", () => open.delete(req.socket));
    });
    this.gateway = new GatewayServer(this.#server, this.state, {
      token: this.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    });
    this.#context = { state: this.state, gateway: this.gateway, desk: this.#desk, limits: this.limits };
  }

  /** Starts the emulator on a random port of 127.0.0.1. */
  static async start(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
    const emulator = new DiscordEmulator(options);
    await new Promise<void>((resolve) => emulator.#server.listen(0, "127.0.0.1", resolve));
    emulator.gateway.url = `ws://127.0.0.1:${(emulator.#server.address() as AddressInfo).port}`;
    return emulator;
  }

  /** The most REST connections the bot held open at once since the emulator started. */
  get peakRestConnections(): number {
    return this.#peakRestConnections;
  }

  /** The value for DISCORD_API_ROOT (discord.js's `rest.api`). */
  get apiRoot(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/api`;
  }

  get applicationId(): string {
    return this.state.applicationId;
  }

  /** Calls matching a method and a path pattern, in order. */
  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** Creates a guild; unless `withBot` is false the bot is added to it (GUILD_CREATE when connected). */
  addGuild(name: string, options: { withBot?: boolean } = {}): EmulatedGuild {
    const guild = new EmulatedGuild(this.#context, this.state.createGuild(name));
    if (options.withBot ?? true) this.addBot(guild.id);
    return guild;
  }

  /** The bot is invited to a guild. */
  addBot(guildId: string): void {
    const guild = this.#guild(guildId);
    guild.botPresent = true;
    if (this.gateway.sessionFor(guildId))
      this.gateway.dispatch("GUILD_CREATE", guildCreatePayload(this.state, guild), guildId);
  }

  /** The bot is kicked from a guild (GUILD_DELETE without `unavailable`). */
  removeBot(guildId: string): void {
    this.#guild(guildId).botPresent = false;
    this.gateway.dispatch("GUILD_DELETE", { id: guildId }, guildId);
  }

  /** A guild outage: GUILD_DELETE with `unavailable: true`, then GUILD_CREATE when it comes back. */
  setGuildAvailable(guildId: string, available: boolean): void {
    const guild = this.#guild(guildId);
    guild.available = available;
    if (available) this.gateway.dispatch("GUILD_CREATE", guildCreatePayload(this.state, guild), guildId);
    else this.gateway.dispatch("GUILD_DELETE", { id: guildId, unavailable: true }, guildId);
  }

  /** A message by id (including ephemeral ones, which only their recipient sees). */
  message(id: string): EmuMessage | undefined {
    return this.state.messages.get(id);
  }

  async close(): Promise<void> {
    this.#desk.dispose();
    await this.gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.#server.close((e) => (e ? reject(e) : resolve())));
  }

  #guild(id: string) {
    const guild = this.state.guilds.get(id);
    if (!guild) throw new Error(`no guild ${id}`);
    return guild;
  }
}
