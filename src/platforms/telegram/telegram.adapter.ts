import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { apiThrottler } from "@grammyjs/transformer-throttler";
import { Bot, type BotError, type Transformer } from "grammy";
import type { Update } from "grammy/types";
import { pickLocale } from "../../core/domain/platform.ts";
import type { AdapterDeps, PlatformAdapter } from "../platform-adapter.ts";
import { within } from "../shared/within.ts";
import { ChatAdministrators } from "./telegram.admins.ts";
import { TelegramChat } from "./telegram.chat.ts";
import { toPlatformError } from "./telegram.errors.ts";
import { ReplyOutbox } from "./telegram.outbox.ts";
import { type Polling, startPolling } from "./telegram.polling.ts";
import { PrivateChats } from "./telegram.private.ts";
import { syncCommandMenus } from "./telegram.registration.ts";
import { escapeHtml } from "./telegram.render.ts";
import { TelegramResponder } from "./telegram.respond.ts";
import { telegramRouter } from "./telegram.router.ts";
import { registerWebhookRoute, WebhookGate } from "./telegram.webhook.ts";

/** Timings of the adapter; the defaults suit production. */
export interface TelegramAdapterOptions {
  /** How long one getUpdates waits for updates (long polling). */
  readonly pollingTimeoutSeconds: number;
  /** How long a group's administrator list is trusted. */
  readonly adminCacheTtlMs: number;
  /** At most one edit of a group message per this interval (live counts). */
  readonly groupEditIntervalMs: number;
  /** At most one edit of a private-chat message per this interval. */
  readonly privateEditIntervalMs: number;
  /**
   * How long each phase of stop() waits: updates being handled, then replies and edits still queued. Two phases
   * fit in the app's shutdown budget (src/app/shutdown.ts), which fits in `docker stop`'s 10 s.
   */
  readonly stopTimeoutMs: number;
}

const defaults: TelegramAdapterOptions = {
  pollingTimeoutSeconds: 30,
  adminCacheTtlMs: 60_000,
  groupEditIntervalMs: 3_000,
  privateEditIntervalMs: 1_000,
  stopTimeoutMs: 2_000,
};

/** The updates Circolo uses; everything else is never fetched. */
const allowedUpdates = ["message", "callback_query", "my_chat_member"] as const;

/**
 * Connects Circolo to Telegram with grammY: long polling through @grammyjs/runner (concurrent, one chat's
 * updates in order, each confirmed to Telegram only once handled: telegram.polling.ts), or a webhook on the app's HTTP server when TELEGRAM_WEBHOOK_URL is set. Outgoing
 * calls go through auto-retry (429 retry_after and 5xx are waited out, so nothing is dropped) inside the
 * throttler (about 30 messages/s overall, 20/min per group, 1/s per private chat), so a retried message
 * keeps its place in its chat's queue. Replies leave through a per-chat outbox (telegram.outbox.ts), so a reply
 * being retried never holds up the updates of its chat. bot.catch is the one error edge.
 */
export function createTelegramAdapter(
  deps: AdapterDeps,
  token: string,
  overrides: Partial<TelegramAdapterOptions> = {},
): PlatformAdapter {
  const options = { ...defaults, ...overrides };
  const logger = deps.logger.child({ platform: "telegram" });
  const bot = new Bot(token, { client: { apiRoot: deps.config.TELEGRAM_API_ROOT } });
  // Outermost: after stop()'s deadline, whatever is still waiting on Telegram (retries included) is cancelled.
  const shutdown = new AbortController();
  bot.api.config.use(autoRetry(), throttleMessages(), cancelledBy(shutdown.signal));

  const privateChats = new PrivateChats(bot.api, deps.actions, () => bot.botInfo.username);
  const chat = new TelegramChat(bot.api, deps.actions, privateChats, options);
  const outbox = new ReplyOutbox(logger);
  const admins = new ChatAdministrators(bot.api, { clock: deps.clock, logger, ttlMs: options.adminCacheTtlMs });
  const responder = new TelegramResponder({
    api: bot.api,
    actions: deps.actions,
    translator: deps.translator,
    logger,
    chat,
    privateChats,
    outbox,
  });

  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(
    telegramRouter({
      pipeline: deps.pipeline,
      directory: deps.directory,
      repositories: deps.services.repositories,
      commands: deps.services.registry.commands,
      actions: deps.actions,
      translator: deps.translator,
      clock: deps.clock,
      logger,
      admins,
      responder,
    }),
  );

  bot.catch(async (error: BotError) => {
    const { ctx } = error;
    const platform = toPlatformError(error.error);
    logger.error(
      {
        updateId: ctx.update.update_id,
        update: updateKind(ctx.update),
        ...(platform
          ? { method: platform.method, code: platform.code, reason: platform.message }
          : { err: error.error }),
      },
      "telegram update failed",
    );
    const apology = deps.translator.for(pickLocale(ctx.from?.language_code))("generic.failure");
    try {
      if (ctx.callbackQuery) await bot.api.answerCallbackQuery(ctx.callbackQuery.id, { text: apology });
      else if (ctx.chat && ctx.msg?.text?.startsWith("/")) {
        await bot.api.sendMessage(ctx.chat.id, escapeHtml(apology), {
          parse_mode: "HTML",
          reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true },
        });
      }
    } catch (second) {
      logger.warn({ updateId: ctx.update.update_id, code: toPlatformError(second)?.code }, "telegram apology failed");
    }
  });

  const webhookUrl = deps.config.TELEGRAM_WEBHOOK_URL;
  const webhookSecret = deps.config.TELEGRAM_WEBHOOK_SECRET;
  const gate = new WebhookGate();
  if (webhookUrl && webhookSecret) {
    registerWebhookRoute({
      http: deps.http,
      bot,
      path: new URL(webhookUrl).pathname,
      secretToken: webhookSecret,
      gate,
    });
  }

  let polling: Polling | null = null;
  let receiving: Promise<void> | undefined;
  // Each phase of shutdown (receiving, then sending what is left) is bounded by stopTimeoutMs.
  const budget = () => {
    const deadline = Date.now() + options.stopTimeoutMs;
    return () => Math.max(0, deadline - Date.now());
  };
  const stopReceiving = (): Promise<void> => {
    receiving ??= (async () => {
      const remaining = budget();
      // Each step is bounded: with Telegram unreachable, auto-retry would wait for it forever.
      gate.close();
      if (polling?.isRunning()) {
        // Handled updates are confirmed; the rest are fetched again by the next start.
        const unfinished = await polling.stop(remaining());
        if (unfinished > 0) logger.warn({ inFlight: unfinished }, "telegram stopped with updates still being handled");
      }
      const left = await gate.drain(remaining());
      if (left > 0) logger.warn({ inFlight: left }, "telegram stopped with webhook updates still being handled");
    })();
    return receiving;
  };
  return {
    platform: "telegram",
    chat,
    async start() {
      await bot.init();
      await syncCommandMenus({
        api: bot.api,
        botId: bot.botInfo.id,
        commands: deps.services.registry.commands,
        settings: deps.services.repositories.settings,
        logger,
      }).catch((error: unknown) => {
        // The menus are a convenience: commands work without them, and the next start tries again.
        logger.error(
          { code: toPlatformError(error)?.code, err: toPlatformError(error) ? undefined : error },
          "telegram command menus not updated",
        );
      });
      if (webhookUrl && webhookSecret) {
        await bot.api.setWebhook(webhookUrl, { secret_token: webhookSecret, allowed_updates: [...allowedUpdates] });
        logger.info({ mode: "webhook" }, "telegram connected");
        return;
      }
      // getUpdates is refused while a webhook is set (409): switching back to polling removes it.
      await bot.api.deleteWebhook();
      polling = startPolling(bot, {
        timeoutSeconds: options.pollingTimeoutSeconds,
        allowedUpdates: [...allowedUpdates],
        logger,
      });
      logger.info({ mode: "polling" }, "telegram connected");
    },
    stopReceiving,
    flushEdits: () => chat.flush(),
    async stop() {
      await stopReceiving();
      const remaining = budget();
      if (!(await within(outbox.flush(), remaining()))) logger.warn({}, "telegram stopped with replies not sent");
      if (!(await within(chat.flush(), remaining()))) logger.warn({}, "telegram stopped with edits not sent");
      shutdown.abort();
    },
  };
}

/**
 * Passes each call a signal that also fires when the adapter gives up waiting at shutdown. Combined by
 * hand: the runner's signals come from a polyfill that AbortSignal.any does not listen to.
 */
function cancelledBy(shutdown: AbortSignal): Transformer {
  type Signal = NonNullable<Parameters<Transformer>[3]>;
  return async (prev, method, payload, signal) => {
    if (!signal) return prev(method, payload, shutdown as unknown as Signal);
    const both = new AbortController();
    const abort = () => both.abort();
    const sources: Signal[] = [signal, shutdown as unknown as Signal];
    for (const source of sources) {
      if (source.aborted) both.abort();
      else source.addEventListener("abort", abort);
    }
    try {
      return await prev(method, payload, both.signal as unknown as Signal);
    } finally {
      for (const source of sources) source.removeEventListener("abort", abort);
    }
  };
}

/** The throttler for calls that post or change messages; look-ups (getChatMember, ...) are not held back. */
function throttleMessages(): Transformer {
  const throttler = apiThrottler();
  return (prev, method, payload, signal) =>
    /^(send|edit|copy|forward|stopPoll)/.test(method)
      ? throttler(prev, method, payload, signal)
      : prev(method, payload, signal);
}

/** The kind of an update (message, callback_query, ...), safe to log. */
function updateKind(update: Update): string {
  return Object.keys(update).find((key) => key !== "update_id") ?? "unknown";
}
