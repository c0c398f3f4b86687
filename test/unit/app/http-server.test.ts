import { afterEach, describe, expect, it } from "vitest";
import { AppMetrics } from "../../../src/app/http/metrics.ts";
import { createHttpServer } from "../../../src/app/http/server.ts";
import { silentLogger } from "../../../src/core/ports/logger.port.ts";

describe("the HTTP server", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  async function serve(databaseUp: boolean) {
    const metrics = new AppMetrics({ processMetrics: false });
    const app = createHttpServer({ health: { ping: async () => databaseUp }, metrics, logger: silentLogger });
    close = () => app.close();
    return { app, metrics };
  }

  it("answers /healthz with 200 only while the database answers", async () => {
    const up = await serve(true);
    expect((await up.app.inject({ url: "/healthz" })).statusCode).toBe(200);
    await close?.();
    const down = await serve(false);
    const response = await down.app.inject({ url: "/healthz" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ ok: false, database: "down" });
  });

  it("exposes updates handled, events recorded, errors and handling time on /metrics", async () => {
    const { app, metrics } = await serve(true);
    metrics.updateHandled("telegram", "/help", "ok", 0.004);
    metrics.updateFailed("discord");
    metrics.eventsRecorded(3);
    const body = (await app.inject({ url: "/metrics" })).body;
    expect(body).toContain('circolo_updates_handled_total{platform="telegram",outcome="ok"} 1');
    expect(body).toContain('circolo_errors_total{platform="discord"} 1');
    expect(body).toContain("circolo_engagement_events_recorded_total 3");
    expect(body).toContain('circolo_update_duration_seconds_bucket{le="0.005",platform="telegram"} 1');
  });

  it("answers an unknown route with 404 and no stack trace", async () => {
    const { app } = await serve(true);
    const response = await app.inject({ url: "/nope" });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
  });
});
