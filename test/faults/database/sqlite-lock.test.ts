import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { describeTrouble, runDatabaseTrouble } from "../support/database-trouble.ts";

describe("the SQLite file locked by another process for a while", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "circolo-sqlite-lock-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("asks members to try again, recovers by itself, and loses no vote it answered as done", async () => {
    const file = join(dataDir, "circolo.db");
    // Another connection (here, in the test process; the app runs in its own) holds the write lock for
    // longer than the app's busy timeout (5 s), so some of its writes give up.
    let holder: BetterSqlite3.Database | null = null;
    const figures = await runDatabaseTrouble({
      appDatabaseUrl: `file:${file}`,
      ledgerUrl: `file:${file}`,
      dataDir,
      trouble: {
        durationMs: 12_000,
        async begin() {
          holder = new BetterSqlite3(file, { timeout: 30_000 });
          holder.exec("BEGIN EXCLUSIVE");
        },
        async end() {
          holder?.exec("COMMIT");
          holder?.close();
        },
      },
    });
    console.log(describeTrouble("database (SQLite locked 12 s)", figures));
    expect(figures.stillRunning).toBe(true);
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
