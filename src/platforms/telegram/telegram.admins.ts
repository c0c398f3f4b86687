import type { Api } from "grammy";
import type { Clock } from "../../core/ports/clock.port.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import { callTelegram, toPlatformError } from "./telegram.errors.ts";

interface Entry {
  readonly expiresAt: number;
  readonly admins: Promise<ReadonlySet<number>>;
}

/** Chat member statuses of people who are in the chat. */
const presentStatuses = new Set(["creator", "administrator", "member", "restricted"]);

/**
 * Who administers a group, from getChatAdministrators, cached per chat for a short time: one call per
 * group every `ttlMs` rather than one per command. A promotion or demotion shows after at most the TTL.
 */
export class ChatAdministrators {
  readonly #api: Api;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #ttlMs: number;
  readonly #cache = new Map<number, Entry>();

  constructor(api: Api, options: { clock: Clock; logger: Logger; ttlMs: number }) {
    this.#api = api;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#ttlMs = options.ttlMs;
  }

  /** Whether the person administers the group; false when Telegram cannot tell (the bot was removed). */
  async isAdmin(chatId: number, userId: number): Promise<boolean> {
    const now = this.#clock.now().getTime();
    let entry = this.#cache.get(chatId);
    if (!entry || entry.expiresAt <= now) {
      entry = { expiresAt: now + this.#ttlMs, admins: this.#fetch(chatId) };
      this.#cache.set(chatId, entry);
      this.#prune(now);
    }
    return (await entry.admins).has(userId);
  }

  /** Whether the person is in the group now (a deep link opened by someone who left is refused). */
  async isMember(chatId: number, userId: number): Promise<boolean> {
    try {
      const member = await callTelegram(() => this.#api.getChatMember(chatId, userId));
      return presentStatuses.has(member.status) && (member.status !== "restricted" || member.is_member);
    } catch (error) {
      this.#warn("getChatMember", error);
      return false;
    }
  }

  async #fetch(chatId: number): Promise<ReadonlySet<number>> {
    try {
      const admins = await callTelegram(() => this.#api.getChatAdministrators(chatId));
      return new Set(admins.map((a) => a.user.id));
    } catch (error) {
      // Not cached: the next command asks again rather than treating everyone as a member for a whole TTL.
      this.#cache.delete(chatId);
      this.#warn("getChatAdministrators", error);
      return new Set();
    }
  }

  #prune(now: number): void {
    for (const [chatId, entry] of this.#cache) if (entry.expiresAt <= now) this.#cache.delete(chatId);
  }

  #warn(method: string, error: unknown): void {
    const platform = toPlatformError(error);
    if (!platform) throw error;
    this.#logger.warn({ platform: "telegram", method, code: platform.code }, "telegram membership lookup failed");
  }
}
