import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { OfferFeature } from "../../core/offers/offer-feature.ts";
import type { RedemptionResult } from "../../core/offers/offer-redemption.ts";
import type { Clock } from "../../core/ports/clock.port.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import { FailedAuthThrottle } from "./failed-auth-throttle.ts";

/** The brand communities belong to until assigned (the composition root's default). */
const defaultBrandId = "default";

const publicKeyQuery = z.object({ brand: z.string().trim().min(1).max(64).default(defaultBrandId) });
const redeemBody = z.object({ code: z.string().trim().min(1).max(400) });

/**
 * The shop endpoints. GET /offers/public-key?brand=<id> gives anyone the brand's Ed25519 public key, enough to
 * check codes offline. POST /offers/redeem marks a code redeemed exactly once; it takes the brand's API key
 * (`Authorization: Bearer circolo_…`, from `circolo brand api-key`), and a code of another brand is invalid
 * there. A wrong key gets 401, or 429 with Retry-After once its address or the brand it named failed too often
 * (FailedAuthThrottle); a valid key is never throttled. Codes and keys are never logged.
 */
export function registerOfferRoutes(
  http: FastifyInstance,
  deps: { feature: OfferFeature; clock: Clock; logger: Logger; throttle?: FailedAuthThrottle },
): void {
  const { feature, clock } = deps;
  const throttle = deps.throttle ?? new FailedAuthThrottle();
  const logger = deps.logger.child({ component: "offers-http" });

  http.get("/offers/public-key", async (request, reply) => {
    const query = publicKeyQuery.safeParse(request.query ?? {});
    if (!query.success) return reply.status(400).send({ ok: false, error: "bad request", problem: "brand" });
    const key = await feature.redemption.publicKey(query.data.brand);
    if (!key) return reply.status(404).send({ ok: false, error: "unknown brand" });
    return reply
      .header("cache-control", "public, max-age=300")
      .send({ ok: true, ...key, codeFormat: "circolo-offer-code/v1" });
  });

  http.post("/offers/redeem", async (request, reply) => {
    const verified = await verify(feature, request.headers.authorization);
    if (!verified.valid) {
      const wait = await throttle.failed(request.ip, verified.brandId);
      if (wait !== null) {
        return reply.status(429).header("retry-after", String(wait)).send({ ok: false, error: "too many requests" });
      }
      return reply
        .status(401)
        .header("www-authenticate", 'Bearer realm="circolo"')
        .send({ ok: false, error: "unauthorized" });
    }
    const { brandId } = verified;
    const body = redeemBody.safeParse(request.body ?? {});
    if (!body.success) return reply.status(400).send({ ok: false, error: "bad request", problem: "code" });
    const result = await feature.redemption.redeem({ brandId, code: body.data.code, at: clock.now() });
    logger.info({ brandId, status: result.status }, "offer code redemption");
    return answer(reply, result);
  });
}

function verify(feature: OfferFeature, header: string | undefined) {
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? "");
  return match ? feature.apiKeys.verify(match[1]!) : Promise.resolve({ valid: false as const, brandId: null });
}

function answer(reply: FastifyReply, result: RedemptionResult) {
  switch (result.status) {
    case "redeemed":
      return reply.status(200).send({ ok: true, ...result, redeemedAt: result.redeemedAt.toISOString() });
    case "already_redeemed":
      return reply.status(409).send({ ok: false, ...result, redeemedAt: result.redeemedAt.toISOString() });
    case "expired":
      return reply.status(422).send({ ok: false, status: "expired", expiredAt: result.expiredAt.toISOString() });
    case "invalid":
      return reply.status(422).send({ ok: false, status: "invalid" });
  }
}
