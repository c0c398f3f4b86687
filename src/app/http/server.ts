import { createServer } from "node:http";
import Fastify, { type FastifyInstance } from "fastify";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { HealthCheck } from "../../core/ports/repositories.port.ts";
import type { AppMetrics } from "./metrics.ts";

/** Options of the app's HTTP server. */
export interface HttpServerOptions {
  readonly health: HealthCheck;
  readonly metrics: AppMetrics;
  readonly logger: Logger;
  /** Largest request body accepted (413 beyond). */
  readonly bodyLimitBytes?: number;
  /** A client that has not sent its whole request by then is cut off. */
  readonly requestTimeoutMs?: number;
}

/**
 * The HTTP surface: /healthz and /metrics now; later issues register the Telegram webhook and the
 * offer endpoints on the same instance. Fastify answers oversized bodies with 413, malformed JSON
 * with 400 and cuts slow clients off.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes ?? 256 * 1024,
    // Node enforces requestTimeout only when the server is created with it (set afterwards, as Fastify's own
    // option does, a client trickling its request byte by byte keeps the connection for good), and checks it
    // every connectionsCheckingInterval (30 s unless told).
    serverFactory: (handler) => {
      const server = createServer(
        {
          requestTimeout,
          headersTimeout: requestTimeout,
          connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(requestTimeout / 4))),
        },
        handler,
      );
      server.setTimeout(requestTimeout);
      return server;
    },
    return503OnClosing: true,
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) options.logger.error({ err: error }, "http request failed");
    void reply
      .status(status)
      .send({ ok: false, error: status >= 500 ? "internal error" : (error.code ?? "bad request") });
  });

  app.get("/healthz", async (_request, reply) => {
    const up = await options.health.ping();
    return reply.status(up ? 200 : 503).send({ ok: up, database: up ? "up" : "down" });
  });

  app.get("/metrics", async (_request, reply) => {
    return reply.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });

  return app;
}
