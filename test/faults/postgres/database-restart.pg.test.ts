import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";
import { describeTrouble, runDatabaseTrouble } from "../support/database-trouble.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";

describe.skipIf(!process.env.TEST_DATABASE_URL)("PostgreSQL restarting under load", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "circolo-pg-restart-"));
  let database: TestDatabase;
  let proxy: TcpProxy;
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    const server = new URL(database.url);
    proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
  });
  afterAll(async () => {
    await proxy?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("asks members to try again, reconnects by itself, and loses no vote it answered as done", async () => {
    // The app reaches the server only through the proxy, which drops every connection and refuses new ones
    // for a few seconds: what the app sees when PostgreSQL restarts. The real server is left alone.
    const appUrl = new URL(database.url);
    appUrl.hostname = "127.0.0.1";
    appUrl.port = String(proxy.port);
    const figures = await runDatabaseTrouble({
      appDatabaseUrl: appUrl.toString(),
      ledgerUrl: database.url,
      dataDir,
      trouble: { durationMs: 5_000, begin: () => proxy.outage(), end: () => proxy.recover() },
    });
    console.log(
      `${describeTrouble("database (PostgreSQL restarted: connections dropped, refused 5 s)", figures)}; ` +
        `${proxy.dropped} connections dropped`,
    );
    expect(figures.stillRunning).toBe(true);
    expect(proxy.dropped).toBeGreaterThan(0);
    expect(figures.unanswered).toBe(0);
    expect(figures.askedToRetry).toBeGreaterThan(0);
    expect(figures.otherAnswers).toBe(0);
    expect(figures.retriedSucceeded).toBe(figures.retried);
    expect(figures.recordedOnce).toBe(figures.succeeded + figures.retriedSucceeded);
    expect(figures.recordedTwice).toBe(0);
    expect(figures.lost).toBe(0);
    expect(figures.rolledUpVotes).toBe(figures.recordedOnce);
  }, 300_000);
});
