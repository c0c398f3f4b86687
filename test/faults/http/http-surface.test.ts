import { connect, type Socket } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretValues } from "../../../src/app/config.ts";
import { AppMetrics } from "../../../src/app/http/metrics.ts";
import { createHttpServer } from "../../../src/app/http/server.ts";
import { silentLogger } from "../../../src/core/ports/logger.port.ts";
import { eventually } from "../../e2e/discord/support/harness.ts";
import { startTelegramApp, type TelegramTestApp, webhookSecret } from "../../e2e/telegram/telegram-harness.ts";
import { testSecret, useTestLogger } from "../../support/test-app.ts";

/**
 * The HTTP surface as the outside world sees it: the Telegram webhook of the real app (secret, body size,
 * malformed JSON), /healthz and /metrics (no secret in them), and the server's timeouts for slow clients.
 */
const figures = { refused: 0, leaks: 0 };

describe("the Telegram webhook and the public endpoints", () => {
  let running: TelegramTestApp;
  let base: string;
  let path: string;
  /** What the app logged at warn level and above, one parsed JSON line each. */
  const logged: { level: number; msg: string }[] = [];

  beforeAll(async () => {
    useTestLogger(pino({ level: "warn" }, { write: (line: string) => logged.push(JSON.parse(line)) }));
    running = await startTelegramApp("webhook");
    useTestLogger(null);
    const url = new URL(running.webhookUrl!);
    base = url.origin;
    path = url.pathname;
    // Some traffic first, so that /metrics has labels to show.
    const owner = running.emulator.person({ firstName: "Owner" });
    const group = running.emulator.group("Gelateria", owner);
    group.addBot(owner);
    await eventually(async () => (await running.app.database.prisma.community.count()) === 1);
  }, 60_000);

  afterAll(async () => {
    await running?.stop();
  });

  const update = (id: number) =>
    JSON.stringify({
      update_id: id,
      message: {
        message_id: 1,
        date: 1,
        chat: { id: 42, type: "private", first_name: "Ada" },
        from: { id: 42, is_bot: false, first_name: "Ada" },
        text: "/help",
      },
    });

  async function post(body: string | Buffer, headers: Record<string, string>) {
    const response = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    return { status: response.status, body: await response.text() };
  }

  const processed = () => running.app.database.prisma.processedUpdate.count();

  it("refuses a delivery without the secret, or with a wrong one, with 401 and handles nothing", async () => {
    const before = await processed();
    const attempts: Record<string, string>[] = [
      {},
      { "x-telegram-bot-api-secret-token": "wrong-secret-0123456789" },
      { "x-telegram-bot-api-secret-token": `${webhookSecret}x` },
      { "x-telegram-bot-api-secret-token": webhookSecret.slice(0, -1) },
      { "x-telegram-bot-api-secret-token": "" },
    ];
    for (const headers of attempts) {
      const response = await post(update(900_001), headers);
      expect(response.status).toBe(401);
      expect(response.body).not.toContain(webhookSecret);
      figures.refused += 1;
    }
    expect(await processed()).toBe(before);
  });

  it("refuses a body over the limit with 413 and malformed JSON with 400, without a stack trace", async () => {
    const headers = { "x-telegram-bot-api-secret-token": webhookSecret };
    const huge = Buffer.from(`{"update_id":900002,"message":{"text":"${"a".repeat(300 * 1024)}"}}`);
    const before = await processed();
    const tooBig = await post(huge, headers);
    expect(tooBig.status).toBe(413);
    for (const body of ["{", '{"update_id": 1,}', "not json at all", '{"update_id":\u0000}']) {
      const malformed = await post(body, headers);
      expect(malformed.status).toBe(400);
      expect(malformed.body).not.toMatch(/at .*:\d+:\d+/);
      figures.refused += 1;
    }
    figures.refused += 1;
    expect(await processed()).toBe(before);
  });

  it("refuses a body that is not an update, with the right secret, with 400 and logs no error", async () => {
    const headers = { "x-telegram-bot-api-secret-token": webhookSecret };
    const before = await processed();
    const errorsBefore = logged.filter((line) => line.level >= 50).length;
    for (const body of ["null", "[]", "42", '"update"', "{}", '{"update_id":"1"}', '{"update_id":-1}']) {
      const response = await post(body, headers);
      expect(response.status).toBe(400);
      expect(response.body).not.toMatch(/at .*:\d+:\d+/);
      figures.refused += 1;
    }
    // Still 401 first: without the secret, nothing about the body is told.
    expect((await post("null", {})).status).toBe(401);
    expect(await processed()).toBe(before);
    expect(logged.filter((line) => line.level >= 50).length).toBe(errorsBefore);
  });

  it("accepts a well-formed delivery with the right secret (the refusals above are not a broken route)", async () => {
    const before = await processed();
    const response = await post(update(900_003), { "x-telegram-bot-api-secret-token": webhookSecret });
    expect(response.status).toBe(200);
    expect(await processed()).toBe(before + 1);
  });

  it("reveals no secret on /healthz or /metrics", async () => {
    const secrets = [...secretValues(running.app.config, testSecret), webhookSecret, running.emulator.token];
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    for (const endpoint of ["/healthz", "/metrics"]) {
      const response = await fetch(`${base}${endpoint}`);
      expect(response.status).toBe(200);
      const body = await response.text();
      for (const secret of secrets) {
        // The token's parts too: its bot id is public, its secret half is not.
        for (const part of [secret, ...secret.split(":").filter((p) => p.length >= 16)]) {
          if (body.includes(part)) figures.leaks += 1;
          expect(body).not.toContain(part);
        }
      }
      expect(body).not.toMatch(/circolo\.db|DATABASE_URL|CIRCOLO_SECRET/);
    }
  });
});

describe("slow clients", () => {
  let close: () => Promise<void>;
  let port: number;

  beforeAll(async () => {
    const http = createHttpServer({
      health: { ping: async () => true },
      metrics: new AppMetrics({ processMetrics: false }),
      logger: silentLogger,
      requestTimeoutMs: 1_500,
    });
    http.post("/echo", async (request) => ({ ok: true, body: request.body }));
    await http.listen({ port: 0, host: "127.0.0.1" });
    const address = http.server.address();
    port = typeof address === "object" && address ? address.port : 0;
    close = () => http.close();
  });

  afterAll(async () => close?.());

  /** Opens a connection and reports what the server sent and whether it closed it. */
  function open(): { socket: Socket; received: () => string; closed: Promise<void> } {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk.toString();
    });
    socket.on("error", () => undefined);
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    return { socket, received: () => data, closed };
  }

  it("cuts off a client that trickles its request, before the request is complete", async () => {
    const { socket, received, closed } = open();
    const body = JSON.stringify({ update_id: 1, padding: "x".repeat(80) });
    socket.write(
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    let sent = 0;
    let done = false;
    void closed.then(() => {
      done = true;
    });
    // One byte every 150 ms: the whole body would take about 15 s.
    while (!done && sent < body.length) {
      socket.write(body[sent]!);
      sent += 1;
      await new Promise((r) => setTimeout(r, 150));
    }
    await closed;
    figures.refused += 1;
    expect(sent).toBeLessThan(body.length);
    expect(received()).toMatch(/^HTTP\/1\.1 408/);
  }, 60_000);

  it("closes a connection that sends nothing at all", async () => {
    const { received, closed } = open();
    await closed;
    figures.refused += 1;
    expect(received()).not.toContain("200 OK");
  }, 60_000);
});

describe("the figures", () => {
  it("reports them", () => {
    expect(figures.leaks).toBe(0);
    console.log(
      `http surface: ${figures.refused} hostile requests refused (401 wrong/missing secret, 413 oversized, ` +
        `400 malformed JSON or not an update, slow and idle clients cut off), ${figures.leaks} secrets on /healthz and /metrics`,
    );
  });
});
