import {
  Client,
  type ClientOptions,
  Events,
  GatewayIntentBits,
  type Guild,
  type Interaction,
  Options,
  ShardClientUtil,
} from "discord.js";
import { Agent } from "undici";
import type { Locale } from "../../core/domain/platform.ts";
import { pickLocale } from "../../core/domain/platform.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { AdapterDeps, PlatformAdapter } from "../platform-adapter.ts";
import { DiscordChat, discordCapabilities } from "./discord.chat.ts";
import { type DiscordCommandJson, toDiscordCommands } from "./discord.commands.ts";
import { toPlatformError } from "./discord.errors.ts";
import { guildOfDirectCustomId } from "./discord.ids.ts";
import { isRouted, type RoutedInteraction, toInbound } from "./discord.inbound.ts";
import { type RegistrationTarget, syncCommands } from "./discord.registration.ts";
import { InteractionResponder } from "./discord.respond.ts";

/** Tuning knobs; the defaults suit production and tests shorten them. */
export interface DiscordAdapterOptions {
  /** Defer an interaction when the pipeline has not answered within this long (Discord allows 3 s). */
  readonly deferAfterMs?: number;
  /** At most one edit per message in this window. */
  readonly editIntervalMs?: number;
  /** How long stop waits for in-flight interactions, then for pending edits (each fits the app's shutdown budget). */
  readonly drainTimeoutMs?: number;
  /** How long start may wait for the gateway to be ready (Discord waits up to 15 s for each shard's guilds). */
  readonly readyTimeoutMs?: number;
}

/** The Discord adapter: a discord.js Client with the Guilds intent only, talking to the core through the pipeline. */
export function createDiscordAdapter(
  deps: AdapterDeps,
  token: string,
  options: DiscordAdapterOptions = {},
): PlatformAdapter {
  return new DiscordAdapter(deps, token, options);
}

class DiscordAdapter implements PlatformAdapter {
  #receiving: Promise<void> | undefined;
  readonly platform = "discord" as const;
  readonly chat: DiscordChat;
  readonly #deps: AdapterDeps;
  readonly #token: string;
  readonly #client: Client;
  /** The pool of connections to Discord's API that every REST request of the client goes through. */
  readonly #agent = new Agent({ connections: restConnections });
  readonly #commands: DiscordCommandJson[];
  readonly #responder: InteractionResponder;
  readonly #log: Logger;
  readonly #drainTimeoutMs: number;
  readonly #readyTimeoutMs: number;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(deps: AdapterDeps, token: string, options: DiscordAdapterOptions) {
    this.#deps = deps;
    this.#token = token;
    this.#log = deps.logger.child({ component: "discord" });
    this.#drainTimeoutMs = options.drainTimeoutMs ?? 2_000;
    this.#readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
    // Derived before connecting: a declaration Discord would refuse is a bug that should stop the start.
    this.#commands = toDiscordCommands(deps.services.registry.commands);
    this.#client = new Client(clientOptions(deps.config.DISCORD_API_ROOT, this.#agent));
    this.chat = new DiscordChat(this.#client, deps.actions, { editIntervalMs: options.editIntervalMs ?? 3_000 });
    this.#responder = new InteractionResponder({
      pipeline: deps.pipeline,
      capabilities: discordCapabilities,
      actions: deps.actions,
      translator: deps.translator,
      logger: this.#log,
      deferAfterMs: options.deferAfterMs ?? 1_500,
    });
  }

  async start(): Promise<void> {
    const client = this.#client;
    client.on(Events.InteractionCreate, (interaction) => this.#track(this.#onInteraction(interaction)));
    client.on(Events.GuildCreate, (guild) => this.#track(this.#join(guild)));
    // Guilds listed in READY also arrive as "available"; those are handled once ready (#reconcileGuilds).
    client.on(Events.GuildAvailable, (guild) => {
      if (client.isReady()) this.#track(this.#join(guild));
    });
    // discord.js emits GuildDelete only when the bot left or was removed; an outage is GuildUnavailable.
    client.on(Events.GuildDelete, (guild) => this.#track(this.#leave(guild.id)));
    client.on(Events.GuildUnavailable, (guild) =>
      this.#log.warn({ platform: "discord", guildId: guild.id }, "guild unavailable"),
    );
    client.on(Events.ShardResume, (shard, replayed) =>
      this.#log.info({ platform: "discord", shard, replayed }, "gateway resumed"),
    );
    client.on(Events.ShardError, (error, shard) =>
      this.#log.warn({ platform: "discord", shard, err: error }, "gateway error"),
    );
    client.on(Events.Error, (error) => this.#log.error({ platform: "discord", err: error }, "discord client error"));

    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    try {
      await withTimeout(
        Promise.all([client.login(this.#token), ready]),
        this.#readyTimeoutMs,
        "Discord did not become ready in time (check DISCORD_TOKEN and DISCORD_API_ROOT)",
      );
    } catch (error) {
      await client.destroy();
      throw toPlatformError(error) ?? error;
    }
    await this.#reconcileGuilds();
    // One process registers: the one holding shard 0 (every process when not sharded).
    if (client.ws.shards.has(0)) await this.#register();
    this.#log.info(
      { platform: "discord", shards: [...client.ws.shards.keys()], guilds: client.guilds.cache.size },
      "discord ready",
    );
  }

  stopReceiving(): Promise<void> {
    this.#receiving ??= (async () => {
      this.#client.removeAllListeners(Events.InteractionCreate);
      const deadline = Date.now() + this.#drainTimeoutMs;
      while (this.#inFlight.size > 0 && Date.now() < deadline) {
        await Promise.race([Promise.allSettled([...this.#inFlight]), delay(deadline - Date.now())]);
      }
    })();
    return this.#receiving;
  }

  flushEdits(): Promise<void> {
    return this.chat.flush();
  }

  async stop(): Promise<void> {
    await this.stopReceiving();
    // Bounded like the drain: towards a Discord that does not answer, the REST queue would keep retrying.
    await Promise.race([this.chat.flush(), delay(this.#drainTimeoutMs)]);
    await this.#client.destroy();
    // Closes the API connections (ending whatever request is still left, as destroy above does with its queue).
    await Promise.race([this.#agent.destroy().catch(() => undefined), delay(this.#drainTimeoutMs)]);
  }

  async #onInteraction(interaction: Interaction): Promise<void> {
    if (!isRouted(interaction)) return;
    try {
      const receivedAt = this.#deps.clock.now();
      const guildTitle = interaction.guildId ? await this.#guildTitle(interaction) : null;
      const actsFor = interaction.guildId ? null : await this.#directActsFor(interaction);
      const decoded = toInbound(interaction, { actions: this.#deps.actions, receivedAt, guildTitle, actsFor });
      if (decoded.ok) {
        await this.#responder.answer(interaction, decoded.inbound);
        return;
      }
      this.#log.warn({ platform: "discord", updateId: interaction.id }, "refused a forged or stale custom_id");
      await this.#responder.refuse(interaction, await this.#localeOf(interaction));
    } catch (error) {
      this.#log.error({ platform: "discord", updateId: interaction.id, err: error }, "interaction handling failed");
    }
  }

  /**
   * For a button in a direct message acting for a guild: that guild, when Circolo still serves it and the
   * person is still a member, with their roles there (a direct message carries none, and segments and the
   * stored member need them).
   */
  async #directActsFor(
    interaction: RoutedInteraction,
  ): Promise<{ platformId: string; title: string; roles: string[] } | null> {
    const claimed = "customId" in interaction ? guildOfDirectCustomId(interaction.customId) : null;
    if (claimed === null) return null;
    const stored = await this.#deps.services.repositories.communities.findByPlatformId("discord", claimed);
    if (!stored?.active) return null;
    const guild = await this.#client.guilds.fetch(claimed).catch(() => null);
    const member = guild ? await guild.members.fetch(interaction.user.id).catch(() => null) : null;
    if (!member) return null;
    const roles = [...member.roles.cache.keys()].filter((id) => id !== claimed);
    return { platformId: stored.platformId, title: stored.title, roles };
  }

  /** The guild's name from the cache (the Guilds intent keeps it), or one REST look-up. */
  async #guildTitle(interaction: RoutedInteraction): Promise<string | null> {
    if (interaction.guild?.name) return interaction.guild.name;
    const guild = await this.#client.guilds.fetch(interaction.guildId as string).catch(() => null);
    return guild?.name ?? null;
  }

  /** The interaction's locale when supported, else the community's, else English. */
  async #localeOf(interaction: RoutedInteraction): Promise<Locale> {
    const community = interaction.guildId
      ? await this.#deps.services.repositories.communities
          .findByPlatformId("discord", interaction.guildId)
          .catch(() => null)
      : null;
    return pickLocale(interaction.locale, community?.locale);
  }

  /**
   * Communities follow the guilds this process's shards hold: each guild the client has is ensured, and
   * an active community of one of these shards whose guild is gone (the bot was removed while offline)
   * is retired. Guilds in an outage stay in discord.js's cache as unavailable and are left alone.
   */
  async #reconcileGuilds(): Promise<void> {
    const client = this.#client;
    for (const guild of client.guilds.cache.values()) if (guild.available) await this.#join(guild);
    const shardCount = client.options.shardCount ?? 1;
    // A page at a time: a deployment with many communities never holds them all at once.
    const communities = this.#deps.services.repositories.communities;
    const gone: string[] = [];
    for (let page = await communities.listActivePage(null, 500); page.length > 0; ) {
      for (const community of page) {
        if (community.platform !== "discord" || client.guilds.cache.has(community.platformId)) continue;
        if (!client.ws.shards.has(ShardClientUtil.shardIdForGuildId(community.platformId, shardCount))) continue;
        gone.push(community.platformId);
      }
      page = await communities.listActivePage(page.at(-1)!.id, 500);
    }
    for (const platformId of gone) await this.#leave(platformId);
  }

  async #register(): Promise<void> {
    const applicationId = this.#client.application?.id;
    if (!applicationId) throw new Error("Discord READY carried no application id");
    const guildIds = this.#deps.config.DISCORD_GUILD_IDS;
    const targets: RegistrationTarget[] =
      guildIds.length > 0 ? guildIds.map((guildId) => ({ scope: "guild", guildId })) : [{ scope: "global" }];
    await syncCommands({
      rest: this.#client.rest,
      applicationId,
      targets,
      commands: this.#commands,
      settings: this.#deps.services.repositories.settings,
      logger: this.#log,
    });
  }

  async #join(guild: Guild): Promise<void> {
    try {
      await this.#deps.directory.ensure("discord", guild.id, guild.name);
    } catch (error) {
      this.#log.error({ platform: "discord", guildId: guild.id, err: error }, "could not record the guild");
    }
  }

  async #leave(guildId: string): Promise<void> {
    try {
      await this.#deps.directory.retire("discord", guildId);
      this.#log.info({ platform: "discord", guildId }, "removed from a guild: community retired");
    } catch (error) {
      this.#log.error({ platform: "discord", guildId, err: error }, "could not retire the community");
    }
  }

  #track(work: Promise<void>): void {
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }
}

/**
 * Only the Guilds intent: interactions need none, and guild create/delete plus channel and role caches
 * come with Guilds. No privileged intent. Under discord.js's ShardingManager (or with SHARDS and
 * SHARD_COUNT set) the client takes its shards from the environment; otherwise it asks Discord how many
 * shards to run ("auto"). Member and message caches are off: nothing the adapter needs lives there.
 */
/**
 * Connections to Discord's API the bot keeps at most; requests beyond them wait for one to free up. A reply takes
 * one round trip: at 50 ms each, 64 connections carry about 1,300 requests a second.
 */
const restConnections = 64;

function clientOptions(apiRoot: string, agent: Agent): ClientOptions {
  return {
    intents: [GatewayIntentBits.Guilds],
    // discord.js gives up on a request after `retries` 5xx answers or reset connections in a row (3 by
    // default); a short storm of them must not lose a message. Its requests share a bounded pool of
    // connections: undici's default opens one per concurrent request and keeps it alive, so a burst of a
    // thousand interaction replies held a thousand sockets and their parsers (about 90 MB) for good.
    rest: { api: apiRoot, retries: 6, agent },
    ...("SHARDS" in process.env ? {} : { shards: "auto" as const }),
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
      PresenceManager: 0,
      ReactionManager: 0,
    }),
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
