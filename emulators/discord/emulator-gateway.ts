import { EventEmitter, once } from "node:events";
import type { Server } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";
import { guildCreatePayload } from "./emulator-payloads.ts";
import type { EmulatorState } from "./emulator-state.ts";
import { shardOf, snowflake } from "./snowflake.ts";

const op = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, invalidSession: 9, hello: 10, heartbeatAck: 11 };
/** GuildMembers, GuildPresences, MessageContent: intents a bot must be approved for. */
const privilegedIntents = (1 << 1) | (1 << 8) | (1 << 15);
const guildsIntent = 1 << 0;
const replayLimit = 1_000;

interface GatewayEvent {
  readonly op: 0;
  readonly t: string;
  readonly s: number;
  readonly d: unknown;
}

/** One gateway session: survives its socket, so a client can resume and get what it missed. */
export interface GatewaySession {
  readonly id: string;
  readonly shard: readonly [number, number];
  readonly intents: number;
  socket: WebSocket | null;
  seq: number;
  readonly sent: GatewayEvent[];
}

/**
 * The gateway half of the emulator: HELLO, IDENTIFY → READY + one GUILD_CREATE per guild of the shard,
 * heartbeats, RESUME (replaying missed events, then RESUMED) and INVALID_SESSION for unknown sessions.
 * Events emitted: "identify", "resume" (session), "invalid-session".
 */
export class GatewayServer extends EventEmitter {
  readonly #wss: WebSocketServer;
  readonly #state: EmulatorState;
  readonly #token: string;
  readonly #heartbeatIntervalMs: number;
  readonly #sessions = new Map<string, GatewaySession>();
  /** How many already received events the next RESUME replays (see replayOnNextResume). */
  #replayReceived = 0;
  /** Intents of every IDENTIFY received, for assertions. */
  readonly identifiedIntents: number[] = [];
  url = "";

  constructor(server: Server, state: EmulatorState, options: { token: string; heartbeatIntervalMs: number }) {
    super();
    this.#state = state;
    this.#token = options.token;
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs;
    this.#wss = new WebSocketServer({ server });
    this.#wss.on("connection", (socket) => this.#accept(socket));
  }

  /** How many shards are connected (have an open socket). */
  get connectedShards(): number {
    return [...this.#sessions.values()].filter((s) => s.socket).length;
  }

  /**
   * Sends an event to the session of the shard owning the guild (shard 0 for direct messages). With no
   * socket open, the event waits in the session for a resume, as Discord's does.
   */
  dispatch(type: string, data: unknown, guildId: string | null): void {
    const session = this.sessionFor(guildId);
    if (!session) throw new Error(`no gateway session for ${guildId ?? "direct messages"}: is the bot logged in?`);
    this.#send(session, type, data);
  }

  /** The live session that receives a guild's events. */
  sessionFor(guildId: string | null): GatewaySession | undefined {
    let found: GatewaySession | undefined;
    for (const session of this.#sessions.values()) {
      const [id, count] = session.shard;
      if ((guildId ? shardOf(guildId, count) : 0) === id) found = session;
    }
    return found;
  }

  /** Drops the connection of every session (or one shard) as a network failure would: the client must resume. */
  drop(shard?: number): void {
    for (const session of this.#sessions.values()) {
      if (shard === undefined || session.shard[0] === shard) {
        session.socket?.terminate();
        session.socket = null;
      }
    }
  }

  /** Forgets every session and tells connected clients with INVALID_SESSION (d: false), forcing a new IDENTIFY. */
  invalidateSessions(): void {
    for (const session of this.#sessions.values()) {
      session.socket?.send(JSON.stringify({ op: op.invalidSession, d: false }));
    }
    this.#sessions.clear();
  }

  /**
   * Makes the next RESUME replay, besides what the client missed, the last `count` events it had already
   * received: Discord's delivery is at least once, and a resume may send events again.
   */
  replayOnNextResume(count: number): void {
    this.#replayReceived = count;
  }

  /** Resolves at the next successful RESUME. */
  async nextResume(): Promise<GatewaySession> {
    const [session] = (await once(this, "resume")) as [GatewaySession];
    return session;
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #accept(socket: WebSocket): void {
    let session: GatewaySession | null = null;
    socket.send(JSON.stringify({ op: op.hello, d: { heartbeat_interval: this.#heartbeatIntervalMs } }));
    socket.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> | number | null };
      if (payload.op === op.heartbeat) socket.send(JSON.stringify({ op: op.heartbeatAck }));
      else if (payload.op === op.identify) session = this.#identify(socket, payload.d as Record<string, unknown>);
      else if (payload.op === op.resume) session = this.#resume(socket, payload.d as Record<string, unknown>);
    });
    socket.on("close", (code) => {
      if (session?.socket !== socket) return;
      session.socket = null;
      // A client closing normally ends its session (Discord invalidates it); 4200 means "I will resume".
      if (code === 1000 || code === 1001) this.#sessions.delete(session.id);
    });
  }

  #identify(socket: WebSocket, d: Record<string, unknown>): GatewaySession | null {
    if (d.token !== this.#token) {
      socket.close(4004, "Authentication failed.");
      return null;
    }
    const intents = Number(d.intents);
    this.identifiedIntents.push(intents);
    if (intents & privilegedIntents) {
      socket.close(4014, "Disallowed intent(s).");
      return null;
    }
    const [id, count] = (d.shard as [number, number] | undefined) ?? [0, 1];
    const session: GatewaySession = { id: snowflake(), shard: [id, count], intents, socket, seq: 0, sent: [] };
    this.#sessions.set(session.id, session);
    const guilds = [...this.#state.guilds.values()].filter((g) => g.botPresent && shardOf(g.id, count) === id);
    this.#send(session, "READY", {
      v: 10,
      user: this.#state.botUser,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.url,
      shard: [id, count],
      application: { id: this.#state.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      user_settings: {},
    });
    if (intents & guildsIntent) {
      for (const guild of guilds) {
        if (guild.available) this.#send(session, "GUILD_CREATE", guildCreatePayload(this.#state, guild));
      }
    }
    this.emit("identify", session);
    return session;
  }

  #resume(socket: WebSocket, d: Record<string, unknown>): GatewaySession | null {
    const session = this.#sessions.get(String(d.session_id));
    if (!session || d.token !== this.#token) {
      socket.send(JSON.stringify({ op: op.invalidSession, d: false }));
      this.emit("invalid-session");
      return null;
    }
    if (session.socket && session.socket !== socket) session.socket.terminate();
    session.socket = socket;
    const after = Math.max(0, Number(d.seq ?? 0) - this.#replayReceived);
    this.#replayReceived = 0;
    for (const event of session.sent) if (event.s > after) socket.send(JSON.stringify(event));
    this.#send(session, "RESUMED", null);
    this.emit("resume", session);
    return session;
  }

  #send(session: GatewaySession, type: string, data: unknown): void {
    session.seq += 1;
    const event: GatewayEvent = { op: 0, t: type, s: session.seq, d: data };
    session.sent.push(event);
    if (session.sent.length > replayLimit) session.sent.shift();
    if (session.socket && session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(event));
  }
}
