import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";
import { runCrashScenario } from "../support/crash-scenario.ts";

const VOTES = 10_000;

describe.skipIf(!process.env.TEST_DATABASE_URL)("a crash in the middle of a burst (PostgreSQL)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "circolo-crash-pg-"));
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("records every interaction Telegram saw confirmed exactly once, after SIGKILL and a restart", async () => {
    const figures = await runCrashScenario({
      databaseUrl: database.url,
      dataDir,
      votes: VOTES,
      groups: 20,
      killAfter: 3_000,
    });
    console.log(
      `crash (PostgreSQL): ${figures.sent} interactions, ${figures.acknowledged} acknowledged before SIGKILL, ` +
        `${figures.acknowledgedRecordedOnce} recorded once, ${figures.acknowledgedRecordedTwice} twice; ` +
        `after restart ${figures.recordedOnce} recorded once, ${figures.recordedTwice} twice, ` +
        `${figures.notRecorded.length} not recorded (${figures.lostUnacknowledged} of them in flight and unacknowledged at the kill)`,
    );
    expect(figures.signal).toBe("SIGKILL");
    expect(figures.acknowledged).toBeGreaterThanOrEqual(3_000);
    expect(figures.acknowledged).toBeLessThan(VOTES);
    expect(figures.acknowledgedRecordedOnce).toBe(figures.acknowledged);
    expect(figures.acknowledgedRecordedTwice).toBe(0);
    expect(figures.recordedTwice).toBe(0);
    expect(figures.notRecorded.length).toBe(figures.lostUnacknowledged);
    expect(figures.recordedOnce + figures.notRecorded.length).toBe(VOTES);
    expect(figures.pollVotes).toBeGreaterThanOrEqual(figures.recordedOnce);
    expect(figures.pollVotes).toBeLessThanOrEqual(figures.recordedOnce + figures.lostUnacknowledged);
    // What reports show moves exactly with the vote events stored: nothing is counted twice.
    expect(figures.rolledUpVotes).toBe(figures.voteEvents);
    expect(figures.voteEvents).toBeGreaterThanOrEqual(figures.recordedOnce);
    expect(figures.voteEvents).toBeLessThanOrEqual(figures.recordedOnce + figures.lostUnacknowledged);
  }, 900_000);
});
