import { randomBytes } from "node:crypto";
import type { BotCommand } from "grammy/types";
import { EmulatorServer } from "./emulator-server.ts";
import {
  type CallbackAnswer,
  type EmulatedMessage,
  EmulatorState,
  type Fault,
  type RecordedCall,
} from "./emulator-state.ts";
import { type Delivery, UpdateQueue } from "./emulator-updates.ts";
import { EmulatedGroup, EmulatedPerson, type UserSide } from "./emulator-user.ts";

/** A message as a person sees it: text without markup, and the labels of its buttons. */
export interface SeenText {
  readonly text: string;
  readonly buttons: readonly string[];
  /** URL buttons, by label. */
  readonly links: Readonly<Record<string, string>>;
}

/**
 * A local emulator of the Telegram Bot API for end-to-end tests with the real grammY Bot: an HTTP
 * server on 127.0.0.1 (random port) answering what Circolo calls, with long polling and webhooks, and a
 * user side that plays people, groups and the bot's membership. Faults (429 with retry_after, 5xx) can be
 * injected, and every call is recorded.
 */
export class TelegramEmulator {
  readonly token: string;
  readonly apiRoot: string;
  readonly #state: EmulatorState;
  readonly #queue: UpdateQueue;
  readonly #server: EmulatorServer;
  readonly #side: UserSide;

  private constructor(
    token: string,
    apiRoot: string,
    state: EmulatorState,
    queue: UpdateQueue,
    server: EmulatorServer,
    privacyMode: boolean,
  ) {
    this.token = token;
    this.apiRoot = apiRoot;
    this.#state = state;
    this.#queue = queue;
    this.#server = server;
    this.#side = { state, queue, privacyMode };
  }

  /** Starts an emulator for a fresh bot. `retryDelayMs`: pause before a failed webhook delivery is retried. */
  static async start(
    options: { retryDelayMs?: number; privacyMode?: boolean; username?: string } = {},
  ): Promise<TelegramEmulator> {
    const botId = 7_000_000_000 + Math.floor(Math.random() * 1_000_000);
    const token = `${botId}:${randomBytes(24).toString("base64url")}`;
    const state = new EmulatorState(botId, options.username ?? "circolo_test_bot");
    const queue = new UpdateQueue(state, { retryDelayMs: options.retryDelayMs ?? 50 });
    const server = new EmulatorServer(state, queue, token);
    const apiRoot = await server.listen();
    return new TelegramEmulator(token, apiRoot, state, queue, server, options.privacyMode ?? true);
  }

  async stop(): Promise<void> {
    this.#queue.close();
    await this.#server.close();
  }

  get botUsername(): string {
    return this.#state.bot.username;
  }

  /** A new person; `languageCode` is what their Telegram app reports ("it", "en-GB", ...). */
  person(options: { firstName?: string; languageCode?: string } = {}): EmulatedPerson {
    const user = {
      id: this.#state.newUserId(),
      firstName: options.firstName ?? "Member",
      languageCode: options.languageCode,
      startedBot: false,
      blockedBot: false,
    };
    this.#state.users.set(user.id, user);
    return new EmulatedPerson(this.#side, user);
  }

  /** A new basic group owned by `owner`; the bot is not in it until someone adds it. */
  group(title: string, owner: EmulatedPerson): EmulatedGroup {
    const id = this.#state.newGroupId();
    const chat = {
      id,
      type: "group" as const,
      title,
      members: new Map([[owner.id, "creator" as const]]),
      botStatus: "left" as const,
      migratedTo: null,
    };
    this.#state.chats.set(id, chat);
    return new EmulatedGroup(this.#side, chat);
  }

  /** Answers the next `count` calls of `method` with a fault before running them. */
  failNext(method: string, count: number, fault: Fault): void {
    const queued = this.#state.faults.get(method) ?? [];
    for (let i = 0; i < count; i++) queued.push(fault);
    this.#state.faults.set(method, queued);
  }

  /** Every call the bot made (of one method, when given), in order. */
  calls(method?: string): RecordedCall[] {
    return this.#state.calls.filter((c) => method === undefined || c.method === method);
  }

  /** The messages of a chat (a group id, or a person's id for their private chat), oldest first. */
  messages(chatId: number): EmulatedMessage[] {
    return [...this.#state.messages.values()]
      .filter((m) => m.chatId === chatId)
      .sort((a, b) => a.messageId - b.messageId);
  }

  /** The bot's messages in a chat, oldest first. */
  botMessages(chatId: number): EmulatedMessage[] {
    return this.messages(chatId).filter((m) => m.fromBot);
  }

  /** The bot's answer to a button press, once given. */
  callbackAnswer(queryId: string): CallbackAnswer | null {
    return this.#state.callbackQueries.get(queryId)?.answer ?? null;
  }

  /** The menu set for a scope and language (no language: the fallback). */
  commands(scope: { type: string }, languageCode?: string): BotCommand[] | undefined {
    return this.#state.commands.get(`${JSON.stringify(scope)}|${languageCode ?? ""}`);
  }

  /** Webhook delivery attempts, in order. */
  get deliveries(): readonly Delivery[] {
    return this.#queue.deliveries;
  }

  /** The id the next update will get. */
  get lastUpdateId(): number {
    return Math.max(0, ...this.#state.updates.keys());
  }

  /** Updates not yet confirmed by a getUpdates offset (polling) or not yet answered 2xx (webhook). */
  get pendingUpdates(): number {
    return this.#queue.pendingCount;
  }

  /** Posts an already delivered update to the webhook again; returns the HTTP status. */
  redeliver(updateId: number): Promise<number> {
    return this.#queue.redeliver(updateId);
  }

  /** Offers updates from `fromId` on to getUpdates again, as if their confirmation had been lost. */
  requeueFrom(fromId: number): void {
    this.#queue.requeueFrom(fromId);
  }

  /** What a person sees of a message. */
  seen(message: EmulatedMessage): SeenText {
    const buttons = message.replyMarkup?.inline_keyboard.flat() ?? [];
    return {
      text: message.text,
      buttons: buttons.map((b) => b.text),
      links: Object.fromEntries(buttons.flatMap((b) => ("url" in b ? [[b.text, b.url]] : []))),
    };
  }

  /** Waits until `check` returns a value (checked at every change); rejects after `timeoutMs`. */
  waitFor<T>(check: () => T | null | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === null || value === undefined || value === false) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#state.off("change", attempt);
      };
      if (!attempt()) this.#state.on("change", attempt);
    });
  }
}
