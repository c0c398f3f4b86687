import type { FastifyInstance } from "fastify";
import { type Bot, BotError, webhookCallback } from "grammy";

/** The webhook route's switch and its requests in flight, for a graceful stop. */
export class WebhookGate {
  #closed = false;
  readonly #inFlight = new Set<Promise<void>>();

  /** Refuses new deliveries (503: Telegram delivers them again later, to this or another instance). */
  close(): void {
    this.#closed = true;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs one delivery, remembering it until it is done. */
  track(work: Promise<void>): Promise<void> {
    this.#inFlight.add(work);
    return work.finally(() => this.#inFlight.delete(work));
  }

  /** Resolves when every delivery in flight is done, or after `timeoutMs`; returns how many were left. */
  async drain(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.#inFlight]), timeout]);
    clearTimeout(timer);
    return this.#inFlight.size;
  }
}

/**
 * Serves Telegram's webhook on the app's HTTP server with grammY's webhookCallback. The
 * X-Telegram-Bot-Api-Secret-Token header must match (else 401, and the body is never read). An update
 * is answered 200 once handled; when handling fails, the adapter's error edge (bot.catch) deals with it
 * and Telegram still gets 200, since a redelivery would only be refused as a duplicate.
 */
export function registerWebhookRoute(input: {
  http: FastifyInstance;
  bot: Bot;
  path: string;
  secretToken: string;
  gate: WebhookGate;
}): void {
  const { bot, gate } = input;
  // No time limit: a reply waiting for the rate limiter still goes out, and Telegram's redelivery of a
  // slow update is refused as a duplicate.
  const callback = webhookCallback(bot, "fastify", { secretToken: input.secretToken, timeoutMilliseconds: Infinity });
  input.http.post(input.path, async (request, reply) => {
    if (gate.closed) return reply.code(503).send({ ok: false, error: "stopping" });
    await gate.track(
      (async () => {
        try {
          await callback(request, reply);
        } catch (error) {
          if (!(error instanceof BotError)) throw error;
          await bot.errorHandler(error);
          if (!reply.sent) await reply.code(200).send("");
        }
      })(),
    );
    return reply;
  });
}
