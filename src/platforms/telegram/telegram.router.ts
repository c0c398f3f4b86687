import { Composer, type Context } from "grammy";
import type { Chat, User } from "grammy/types";
import type { ActionCodec } from "../../core/actions/action-codec.ts";
import type { CommandDefinition } from "../../core/commands/command.ts";
import type { CommunityDirectory } from "../../core/community/community-directory.ts";
import { pickLocale } from "../../core/domain/platform.ts";
import type { Translator } from "../../core/i18n/translator.ts";
import type { InboundRequest } from "../../core/pipeline/inbound.ts";
import type { PipelineOutcome, UpdatePipeline } from "../../core/pipeline/update-pipeline.ts";
import type { Clock } from "../../core/ports/clock.port.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { Repositories } from "../../core/ports/repositories.port.ts";
import type { ChatAdministrators } from "./telegram.admins.ts";
import { parseArguments } from "./telegram.arguments.ts";
import { telegramCapabilities } from "./telegram.chat.ts";
import { telegramUsage } from "./telegram.commands.ts";
import { decodeCallback, decodeStartPayload } from "./telegram.ids.ts";
import { botMembershipChange, communityOf, isGroup, readCommand, toInbound } from "./telegram.inbound.ts";
import type { CommandPlace, TelegramResponder } from "./telegram.respond.ts";

/** What the router needs from the app and the adapter. */
export interface RouterDeps {
  readonly pipeline: UpdatePipeline;
  readonly directory: CommunityDirectory;
  readonly repositories: Pick<Repositories, "communities" | "processedUpdates">;
  readonly commands: readonly CommandDefinition[];
  readonly actions: ActionCodec;
  readonly translator: Translator;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly admins: ChatAdministrators;
  readonly responder: TelegramResponder;
}

/**
 * Turns updates into calls on the core: commands (with their arguments parsed from the text), button
 * presses (verified callback data), deep links (`/start <payload>`), the bot joining or leaving a group,
 * and a group becoming a supergroup. Whatever the pipeline does not see is still handled at most once
 * per update_id (ProcessedUpdate), so a redelivered update never answers twice.
 */
export function telegramRouter(deps: RouterDeps): Composer<Context> {
  const router = new Composer<Context>();
  const commands = new Map(deps.commands.map((c) => [c.name, c]));
  /** Handles an update the pipeline does not see: once per update_id, logged like the pipeline's. */
  const once = async (updateId: number, target: string, outcome: string, work: () => Promise<unknown>) => {
    const processed = deps.repositories.processedUpdates;
    if (!(await processed.markProcessed("telegram", String(updateId), deps.clock.now()))) return;
    await work();
    deps.logger.info({ updateId, command: target, outcome }, "update handled");
  };
  const t = (ctx: Context, communityLocale?: string) =>
    deps.translator.for(pickLocale(ctx.from?.language_code, communityLocale));

  router.on("message:text", async (ctx) => {
    const { message, chat, from } = ctx;
    // Bots are ignored, except the one Telegram shows for an administrator posting as the group.
    if (from.is_bot && message.sender_chat?.id !== chat.id) return;
    const typed = readCommand(message.text, ctx.me.username);
    if (!typed) return;
    if (typed.name === "start" && chat.type === "private" && typed.args)
      return openDeepLink(ctx, message, from, typed.args);
    const name = typed.name === "start" ? "help" : typed.name;
    const definition = commands.get(name);
    // In a group, a bare command Circolo does not know is probably another bot's.
    if (!definition && isGroup(chat) && !typed.addressed) return;
    const community = communityOf(chat);
    const place: CommandPlace = {
      updateId: ctx.update.update_id,
      chat,
      userId: from.id,
      communityChatId: community?.platformId ?? null,
      messageId: message.message_id,
      command: name,
      sentAsGroup: message.sender_chat?.id === chat.id,
    };
    // A message an anonymous administrator posts on behalf of the group comes from the group itself.
    const isAdmin = community ? place.sentAsGroup || (await deps.admins.isAdmin(chat.id, from.id)) : false;
    const parsed = definition ? parseArguments(definition, typed.args) : null;
    // Who may not run a moderator command learns that from the pipeline, not the command's syntax.
    const refusedAnyway = definition?.audience === "moderator" && !isAdmin;
    if (definition && parsed && !parsed.ok && !refusedAnyway) {
      const stored = community
        ? await deps.repositories.communities.findByPlatformId("telegram", community.platformId)
        : null;
      const locale = pickLocale(from.language_code, stored?.locale);
      const tr = deps.translator.for(locale);
      const problem = tr(`telegram.arguments.${parsed.problem.key}`, parsed.problem.params);
      const usage = tr("usage.label", { usage: telegramUsage(definition, locale) });
      return once(place.updateId, `/${name}`, "error:INVALID_INPUT", () =>
        deps.responder.text(place, `${tr("errors.INVALID_INPUT", { problem })}\n${usage}`),
      );
    }
    const request: InboundRequest = parsed?.ok
      ? { type: "command", name, subcommand: parsed.subcommand, options: parsed.options }
      : { type: "command", name, subcommand: null, options: {} };
    const inbound = toInbound({
      updateId: place.updateId,
      receivedAt: deps.clock.now(),
      community,
      chatId: chat.id,
      from,
      isAdmin,
      request,
      messageId: message.message_id,
    });
    const outcome = await deps.pipeline.handle(inbound, telegramCapabilities);
    await deps.responder.command(place, definition ? withUsage(outcome, definition, deps.translator) : outcome);
  });

  /** `/start <payload>` from a deep link: runs the command for the group it was issued in, privately. */
  async function openDeepLink(ctx: Context, message: { message_id: number; chat: Chat }, from: User, payload: string) {
    const updateId = ctx.update.update_id;
    const place = (communityChatId: string | null, command: string): CommandPlace => ({
      updateId,
      chat: message.chat,
      userId: from.id,
      communityChatId,
      messageId: message.message_id,
      command,
    });
    const target = decodeStartPayload(deps.actions, payload);
    const stored = target
      ? await deps.repositories.communities.findByPlatformId("telegram", target.communityChatId)
      : null;
    const tr = t(ctx, stored?.locale);
    const refuse = (outcome: string, text: string) =>
      once(updateId, "/start", outcome, () => deps.responder.text(place(null, "start"), text));
    if (!target || !stored?.active) return refuse("error:STALE_OR_FORGED_ACTION", tr("telegram.linkInvalid"));
    // The group's current id: a link made before it became a supergroup names its old one.
    const groupId = Number(stored.platformId);
    if (!(await deps.admins.isMember(groupId, from.id))) return refuse("error:NOT_A_MEMBER", tr("telegram.notAMember"));
    const definition = commands.get(target.command);
    // A button, or a command that needs its arguments again: the member repeats it in the group.
    if (!definition || !acceptsNoArguments(definition)) {
      return refuse(
        "private-chat-opened",
        target.command
          ? tr("telegram.privateChatReady", { command: target.command })
          : tr("telegram.privateChatReadyButton"),
      );
    }
    const isAdmin = await deps.admins.isAdmin(groupId, from.id);
    const request: InboundRequest = { type: "command", name: definition.name, subcommand: null, options: {} };
    const community = { platformId: stored.platformId, title: stored.title };
    const inbound = toInbound({
      updateId,
      receivedAt: deps.clock.now(),
      community,
      chatId: message.chat.id,
      from,
      isAdmin,
      request,
    });
    const outcome = await deps.pipeline.handle(inbound, telegramCapabilities);
    await deps.responder.command(place(stored.platformId, definition.name), outcome);
  }

  router.on("callback_query:data", async (ctx) => {
    const query = ctx.callbackQuery;
    const chat = query.message?.chat;
    let decoded = chat ? decodeCallback(deps.actions, query.data, chat) : null;
    if (chat && !decoded && isGroup(chat)) {
      // A group that became a supergroup: buttons posted before were signed for its old id.
      const former = (await deps.repositories.communities.findByPlatformId("telegram", String(chat.id)))
        ?.formerPlatformId;
      if (former) decoded = decodeCallback(deps.actions, query.data, chat, former);
    }
    let community = chat && decoded?.communityChatId ? communityOf(chat) : null;
    if (chat && decoded?.communityChatId && !community) {
      // A button in a private chat acting for a group: the group must still be one Circolo serves.
      const stored = await deps.repositories.communities.findByPlatformId("telegram", decoded.communityChatId);
      community = stored?.active ? { platformId: stored.platformId, title: stored.title } : null;
    }
    if (!chat || !query.message || !decoded || (decoded.communityChatId && !community)) {
      const text = t(ctx)("errors.STALE_OR_FORGED_ACTION");
      return once(ctx.update.update_id, "action:?", "error:STALE_OR_FORGED_ACTION", () =>
        deps.responder.toast(query.id, text),
      );
    }
    const isAdmin = community ? await deps.admins.isAdmin(Number(community.platformId), query.from.id) : false;
    const request: InboundRequest = { type: "action", name: decoded.action.name, args: decoded.action.args };
    const updateId = ctx.update.update_id;
    const inbound = toInbound({
      updateId,
      receivedAt: deps.clock.now(),
      community,
      chatId: chat.id,
      from: query.from,
      isAdmin,
      request,
    });
    const outcome = await deps.pipeline.handle(inbound, telegramCapabilities);
    await deps.responder.callback(
      {
        updateId,
        chat,
        userId: query.from.id,
        communityChatId: community?.platformId ?? null,
        queryId: query.id,
        messageId: query.message.message_id,
      },
      outcome,
    );
  });

  router.on("my_chat_member", async (ctx) => {
    const update = ctx.myChatMember;
    const change = botMembershipChange(update);
    if (!change) return;
    const chatId = String(update.chat.id);
    await once(ctx.update.update_id, `membership:${change}`, "ok", () =>
      change === "joined"
        ? deps.directory.ensure("telegram", chatId, communityOf(update.chat)?.title ?? chatId)
        : deps.directory.retire("telegram", chatId),
    );
  });

  // Telegram posts the migration in both chats; whichever comes first moves the community, the other finds it moved.
  router.on(["message:migrate_to_chat_id", "message:migrate_from_chat_id"], async (ctx) => {
    const { message } = ctx;
    const [from, to] = message.migrate_to_chat_id
      ? [message.chat.id, message.migrate_to_chat_id]
      : [message.migrate_from_chat_id!, message.chat.id];
    await once(ctx.update.update_id, "migration", "ok", () =>
      deps.directory.move("telegram", String(from), String(to)),
    );
  });

  return router;
}

/** Whether a command can run with no arguments at all (so a deep link can replay it). */
function acceptsNoArguments(command: CommandDefinition): boolean {
  return !command.subcommands && command.options.safeParse({}).success;
}

/** A validation error from the pipeline, with the command's usage line under it (as for a parsing error). */
function withUsage(outcome: PipelineOutcome, command: CommandDefinition, translator: Translator): PipelineOutcome {
  const reply = outcome.reply;
  if (outcome.outcome !== "error:INVALID_INPUT" || reply.type !== "message") return outcome;
  const usage = translator.for(outcome.locale)("usage.label", { usage: telegramUsage(command, outcome.locale) });
  const blocks = [...reply.view.blocks];
  const last = blocks.pop();
  const ending =
    last?.type === "paragraph"
      ? [{ ...last, text: `${last.text}\n${usage}` }]
      : [...(last ? [last] : []), { type: "paragraph" as const, text: usage }];
  return { ...outcome, reply: { ...reply, view: { ...reply.view, blocks: [...blocks, ...ending] } } };
}
