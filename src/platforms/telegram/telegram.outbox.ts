import type { Logger } from "../../core/ports/logger.port.ts";
import { toPlatformError } from "./telegram.errors.ts";

/**
 * Where replies wait to be sent, one queue per chat. An update's handler queues its reply and returns: grammY's
 * runner handles a chat's updates one after another, so a reply awaited inside the handler (Telegram answering
 * 500, auto-retry waiting 3 s, 6 s, 12 s, …) would hold up every later update of that chat, such as another
 * member's /help behind one member's export. Queued here, a chat's replies still leave in order, a reply
 * being retried holds up only the replies after it in the same chat, and the chat's updates go on being handled
 * (votes counted, buttons answered). Shutdown waits for the queues like it waits for pending edits.
 */
export class ReplyOutbox {
  readonly #queues = new Map<number, Promise<void>>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Runs `send` after everything queued for `chatId` before it; a failure is logged with the update's id. */
  enqueue(chatId: number, updateId: number, send: () => Promise<unknown>): void {
    const queued = (this.#queues.get(chatId) ?? Promise.resolve()).then(send).then(
      () => undefined,
      (error: unknown) => this.#failed(updateId, error),
    );
    this.#queues.set(chatId, queued);
    void queued.then(() => {
      if (this.#queues.get(chatId) === queued) this.#queues.delete(chatId);
    });
  }

  /** Resolves once every reply queued so far (and any queued meanwhile) was sent or failed. */
  async flush(): Promise<void> {
    while (this.#queues.size > 0) await Promise.all([...this.#queues.values()]);
  }

  #failed(updateId: number, error: unknown): void {
    const platform = toPlatformError(error);
    if (platform) {
      this.#logger.warn(
        { updateId, method: platform.method, code: platform.code, reason: platform.message },
        "telegram reply not delivered",
      );
    } else this.#logger.error({ updateId, err: error }, "telegram reply failed");
  }
}
