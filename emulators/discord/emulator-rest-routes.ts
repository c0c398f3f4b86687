import { apiError, type RestRequest, type RestResponse, RestRouter } from "./emulator-http.ts";
import type { InteractionDesk } from "./emulator-interactions.ts";
import { editMessage, messageProblem, storeMessage } from "./emulator-messages.ts";
import { guildCreatePayload, memberPayload, messagePayload } from "./emulator-payloads.ts";
import type { EmuCommand, EmulatorState } from "./emulator-state.ts";
import { snowflake } from "./snowflake.ts";

/** Every REST route the emulator answers (paths below /api/v10). */
export function createRoutes(state: EmulatorState, desk: InteractionDesk, gatewayUrl: () => string): RestRouter {
  const router = new RestRouter();
  const ok = (body: unknown): RestResponse => ({ status: 200, body });

  router
    .add("GET", "/gateway/bot", () =>
      ok({
        url: gatewayUrl(),
        shards: state.recommendedShards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 16 },
      }),
    )
    .add("GET", "/gateway", () => ok({ url: gatewayUrl() }))
    .add("GET", "/users/@me", () => ok(state.botUser))
    .add("POST", "/users/@me/channels", (request) => {
      const user = state.users.get(String((request.body as { recipient_id?: string })?.recipient_id));
      return user ? ok(state.dmChannel(user)) : apiError(400, 50033, "Invalid Recipient(s)");
    });

  const commands = (guildId: string | null): EmuCommand[] | null => {
    if (guildId === null) return state.globalCommands;
    if (!state.guilds.get(guildId)?.botPresent) return null;
    const list = state.guildCommands.get(guildId) ?? [];
    state.guildCommands.set(guildId, list);
    return list;
  };
  const listCommands = (appId: string, guildId: string | null): RestResponse => {
    if (appId !== state.applicationId) return apiError(403, 50001, "Missing Access");
    const list = commands(guildId);
    return list ? ok(list) : apiError(403, 50001, "Missing Access");
  };
  const putCommands = (request: RestRequest, appId: string, guildId: string | null): RestResponse => {
    const list = commands(guildId);
    if (appId !== state.applicationId || !list) return apiError(403, 50001, "Missing Access");
    if (!Array.isArray(request.body) || request.body.length > 100) return apiError(400, 50035, "Invalid Form Body");
    const previous = new Map(list.map((c) => [c.name, c.id]));
    const created = (request.body as Record<string, unknown>[]).map(
      (c): EmuCommand => ({
        ...c,
        id: previous.get(String(c.name)) ?? snowflake(),
        application_id: appId,
        ...(guildId ? { guild_id: guildId } : {}),
        version: snowflake(),
        name: String(c.name),
      }),
    );
    list.splice(0, list.length, ...created);
    return ok(created);
  };
  router
    .add("GET", "/applications/:app/commands", (_r, p) => listCommands(p.app as string, null))
    .add("PUT", "/applications/:app/commands", (r, p) => putCommands(r, p.app as string, null))
    .add("GET", "/applications/:app/guilds/:guild/commands", (_r, p) =>
      listCommands(p.app as string, p.guild as string),
    )
    .add("PUT", "/applications/:app/guilds/:guild/commands", (r, p) =>
      putCommands(r, p.app as string, p.guild as string),
    );

  const visibleGuild = (id: string) => {
    const guild = state.guilds.get(id);
    return guild?.botPresent ? guild : undefined;
  };
  router
    .add("GET", "/guilds/:guild", (_r, p) => {
      const guild = visibleGuild(p.guild as string);
      return guild ? ok(guildCreatePayload(state, guild)) : apiError(404, 10004, "Unknown Guild");
    })
    .add("GET", "/guilds/:guild/roles", (_r, p) => {
      const guild = visibleGuild(p.guild as string);
      return guild ? ok(guild.roles) : apiError(404, 10004, "Unknown Guild");
    })
    .add("GET", "/guilds/:guild/channels", (_r, p) => {
      const guild = visibleGuild(p.guild as string);
      return guild ? ok(guild.channels) : apiError(404, 10004, "Unknown Guild");
    })
    .add("GET", "/guilds/:guild/members/:user", (_r, p) => {
      const guild = visibleGuild(p.guild as string);
      if (!guild) return apiError(404, 10004, "Unknown Guild");
      const member = guild.members.get(p.user as string);
      return member ? ok(memberPayload(member)) : apiError(404, 10007, "Unknown Member");
    });

  const channelOf = (id: string) => {
    const channel = state.channels.get(id);
    if (!channel) return undefined;
    return channel.guild_id && !state.guilds.get(channel.guild_id)?.botPresent ? undefined : channel;
  };
  router
    .add("GET", "/channels/:channel", (_r, p) => {
      const channel = channelOf(p.channel as string);
      return channel ? ok(channel) : apiError(404, 10003, "Unknown Channel");
    })
    .add("POST", "/channels/:channel/messages", (request, p) => {
      const channel = channelOf(p.channel as string);
      if (!channel) return apiError(404, 10003, "Unknown Channel");
      const recipient = channel.recipients?.[0];
      if (recipient && !acceptsDirectMessages(state, recipient.id)) {
        return apiError(403, 50007, "Cannot send messages to this user");
      }
      const problem = messageProblem(request.body, true, request.files.length);
      if (problem) return apiError(400, problem.startsWith("Cannot") ? 50006 : 50035, problem);
      return ok(messagePayload(storeMessage(state, channel, request.body, request.files)));
    })
    .add("GET", "/channels/:channel/messages/:message", (_r, p) => {
      const message = state.messages.get(p.message as string);
      return message && !message.deleted && message.channel_id === p.channel
        ? ok(messagePayload(message))
        : apiError(404, 10008, "Unknown Message");
    })
    .add("PATCH", "/channels/:channel/messages/:message", (request, p) => {
      const message = state.messages.get(p.message as string);
      if (!message || message.deleted || message.channel_id !== p.channel || !channelOf(message.channel_id)) {
        return apiError(404, 10008, "Unknown Message");
      }
      const problem = messageProblem(request.body, false, request.files.length);
      if (problem) return apiError(400, 50035, "Invalid Form Body", { problem });
      editMessage(message, request.body, request.files);
      return ok(messagePayload(message));
    });

  router
    .add("POST", "/interactions/:id/:token/callback", (r, p) => desk.callback(r, p.id as string, p.token as string), {
      auth: false,
    })
    .add("POST", "/webhooks/:app/:token", (r, p) => desk.webhook(r, p.app as string, p.token as string, null), {
      auth: false,
    });
  for (const method of ["GET", "PATCH", "DELETE"]) {
    router.add(
      method,
      "/webhooks/:app/:token/messages/:message",
      (r, p) => desk.webhook(r, p.app as string, p.token as string, p.message as string),
      { auth: false },
    );
  }
  return router;
}

function acceptsDirectMessages(state: EmulatorState, userId: string): boolean {
  for (const guild of state.guilds.values()) {
    const member = guild.members.get(userId);
    if (member && !member.acceptsDirectMessages) return false;
  }
  return true;
}
