import type { Update } from "grammy/types";
import { failures } from "./emulator-errors.ts";
import type { EmulatorState } from "./emulator-state.ts";

/** The webhook the bot asked for. */
export interface Webhook {
  readonly url: string;
  readonly secretToken: string | undefined;
  readonly maxConnections: number;
}

/** One attempt to deliver an update to the webhook, for assertions. */
export interface Delivery {
  readonly updateId: number;
  readonly status: number;
}

interface Poller {
  resolve(updates: Update[]): void;
  reject(error: Error): void;
}

/**
 * Telegram's side of update delivery: a queue confirmed by getUpdates offsets (long polling holds the
 * request open until an update arrives or its timeout passes), or pushed to a webhook with the secret
 * header and delivered again, after a pause, until the bot answers 2xx.
 */
export class UpdateQueue {
  readonly #state: EmulatorState;
  readonly #retryDelayMs: number;
  /** Updates not yet confirmed (polling) or not yet delivered (webhook), in id order. */
  #pending: Update[] = [];
  #allowed: readonly string[] | null = null;
  #poller: Poller | null = null;
  #webhook: Webhook | null = null;
  readonly #inFlight = new Set<number>();
  readonly deliveries: Delivery[] = [];
  #closed = false;

  constructor(state: EmulatorState, options: { retryDelayMs: number }) {
    this.#state = state;
    this.#retryDelayMs = options.retryDelayMs;
  }

  get webhook(): Webhook | null {
    return this.#webhook;
  }

  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Queues a new update (from the user side). */
  push(update: Update): void {
    this.#state.updates.set(update.update_id, update);
    this.#pending.push(update);
    this.#wake();
  }

  /** Puts already confirmed updates from `fromId` on back in the queue, as after a lost confirmation. */
  requeueFrom(fromId: number): void {
    const pendingIds = new Set(this.#pending.map((u) => u.update_id));
    const again = [...this.#state.updates.values()].filter(
      (u) => u.update_id >= fromId && !pendingIds.has(u.update_id),
    );
    this.#pending = [...this.#pending, ...again].sort((a, b) => a.update_id - b.update_id);
    this.#wake();
  }

  /** Answers getUpdates: confirms everything below `offset`, then returns what is left or waits for it. */
  getUpdates(
    params: { offset?: number; limit?: number; timeout?: number; allowed_updates?: string[] },
    onAbort: (cancel: () => void) => void,
  ): Promise<Update[]> {
    if (this.#webhook) throw failures.webhookActive();
    if (params.allowed_updates !== undefined)
      this.#allowed = params.allowed_updates.length > 0 ? params.allowed_updates : null;
    if (params.offset !== undefined && params.offset > 0) {
      const offset = params.offset;
      this.#pending = this.#pending.filter((u) => u.update_id >= offset);
    }
    this.#dropNotAllowed();
    const limit = Math.min(Math.max(params.limit ?? 100, 1), 100);
    if (this.#pending.length > 0 || !params.timeout) return Promise.resolve(this.#pending.slice(0, limit));
    this.#poller?.reject(failures.otherGetUpdates());
    return new Promise<Update[]>((resolve, reject) => {
      const timer = setTimeout(() => finish(() => resolve([])), params.timeout! * 1000);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        if (this.#poller === poller) this.#poller = null;
        settle();
      };
      const poller: Poller = {
        resolve: () => finish(() => resolve(this.#pending.slice(0, limit))),
        reject: (error) => finish(() => reject(error)),
      };
      this.#poller = poller;
      onAbort(() => finish(() => resolve([])));
    });
  }

  setWebhook(webhook: Webhook, dropPending: boolean, allowed: string[] | undefined): void {
    this.#webhook = webhook;
    if (allowed !== undefined) this.#allowed = allowed.length > 0 ? allowed : null;
    if (dropPending) this.#pending = [];
    this.#poller?.reject(failures.webhookActive());
    this.#wake();
  }

  deleteWebhook(dropPending: boolean): void {
    this.#webhook = null;
    if (dropPending) this.#pending = [];
  }

  /** Posts an update to the webhook once more, as Telegram does when it did not see the answer. */
  async redeliver(updateId: number): Promise<number> {
    const update = this.#state.updates.get(updateId);
    if (!update || !this.#webhook) throw new Error(`cannot redeliver update ${updateId}`);
    return this.#post(this.#webhook, update);
  }

  close(): void {
    this.#closed = true;
    this.#poller?.resolve([]);
  }

  #dropNotAllowed(): void {
    const allowed = this.#allowed ?? [
      "message",
      "callback_query",
      "my_chat_member",
      "edited_message",
      "channel_post",
      "poll",
      "poll_answer",
    ];
    this.#pending = this.#pending.filter((u) => Object.keys(u).some((k) => k !== "update_id" && allowed.includes(k)));
  }

  #wake(): void {
    if (this.#closed) return;
    if (this.#webhook) {
      this.#deliver();
      return;
    }
    this.#dropNotAllowed();
    if (this.#pending.length > 0) this.#poller?.resolve([]);
  }

  /** Starts deliveries up to the webhook's max_connections, oldest first. */
  #deliver(): void {
    const webhook = this.#webhook;
    if (!webhook || this.#closed) return;
    this.#dropNotAllowed();
    for (const update of this.#pending) {
      if (this.#inFlight.size >= webhook.maxConnections) return;
      if (this.#inFlight.has(update.update_id)) continue;
      this.#inFlight.add(update.update_id);
      void this.#post(webhook, update).then(async (status) => {
        if (status >= 200 && status < 300) this.#pending = this.#pending.filter((u) => u !== update);
        else await new Promise((r) => setTimeout(r, this.#retryDelayMs));
        this.#inFlight.delete(update.update_id);
        this.#deliver();
      });
    }
  }

  async #post(webhook: Webhook, update: Update): Promise<number> {
    let status: number;
    try {
      const response = await fetch(webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(webhook.secretToken ? { "x-telegram-bot-api-secret-token": webhook.secretToken } : {}),
        },
        body: JSON.stringify(update),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 0;
    }
    this.deliveries.push({ updateId: update.update_id, status });
    this.#state.changed();
    return status;
  }
}
