import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Bot, BotError, webhookCallback } from "grammy";
import type { Update } from "grammy/types";

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

/** A webhook body that is valid JSON but no update (null, an array, an object without a numeric update_id). */
class NotAnUpdate extends Error {}

/** Whether a parsed JSON body has the one field every update has. */
function isUpdate(body: unknown): body is Update {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const id = (body as { update_id?: unknown }).update_id;
  return typeof id === "number" && Number.isSafeInteger(id) && id >= 0;
}

/**
 * grammY's fastify adapter, with the body checked when grammY reads it: after the secret, so a request without
 * the right secret still learns nothing but 401, and before handleUpdate, which would fail on a body that is
 * no update (a bug-level error and a 500 for what is only bad input).
 */
function checkedFastifyAdapter(request: FastifyRequest, reply: FastifyReply) {
  return {
    get update(): Promise<Update> {
      const body = request.body;
      return isUpdate(body) ? Promise.resolve(body) : Promise.reject(new NotAnUpdate());
    },
    header: request.headers["x-telegram-bot-api-secret-token"] as string | undefined,
    end: () => reply.send(""),
    respond: (json: string) => reply.headers({ "content-type": "application/json" }).send(json),
    unauthorized: () => reply.code(401).send("secret token is wrong"),
  };
}

/**
 * Serves Telegram's webhook on the app's HTTP server with grammY's webhookCallback. The
 * X-Telegram-Bot-Api-Secret-Token header must match (else 401, and the body is never read); a body that is
 * not an update gets 400 and is not handled. An update is answered 200 once handled; when handling fails,
 * the adapter's error edge (bot.catch) deals with it and Telegram still gets 200, since a redelivery would
 * only be refused as a duplicate.
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
  const callback = webhookCallback(bot, checkedFastifyAdapter, {
    secretToken: input.secretToken,
    timeoutMilliseconds: Infinity,
  });
  input.http.post(input.path, async (request, reply) => {
    if (gate.closed) return reply.code(503).send({ ok: false, error: "stopping" });
    await gate.track(
      (async () => {
        try {
          await callback(request, reply);
        } catch (error) {
          if (error instanceof NotAnUpdate) {
            await reply.code(400).send({ ok: false, error: "bad request", problem: "not an update" });
            return;
          }
          if (!(error instanceof BotError)) throw error;
          await bot.errorHandler(error);
          if (!reply.sent) await reply.code(200).send("");
        }
      })(),
    );
    return reply;
  });
}
