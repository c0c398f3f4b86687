import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { type AppProcess, startAppProcess } from "../support/app-process.ts";
import { readLedger } from "../support/ledger.ts";
import { addGroups, confirmedOffset, postPolls, sendVotes } from "../support/poll-burst.ts";
import { waitUntil } from "../support/wait.ts";

const VOTES = 1_500;

describe("SIGTERM in the middle of a burst", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "circolo-drain-"));
  let emulator: TelegramEmulator | undefined;
  let app: AppProcess | undefined;
  afterEach(async () => {
    await app?.dispose();
    await emulator?.stop();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("answers and records every interaction it started, confirms exactly those, and exits 0", async () => {
    emulator = await TelegramEmulator.start();
    const databaseUrl = `file:${join(dataDir, "circolo.db")}`;
    app = startAppProcess(dataDir, {
      TELEGRAM_BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      DATABASE_URL: databaseUrl,
    });
    await app.ready();
    const { owner, groups } = addGroups(emulator, 10);
    const polls = await postPolls(emulator, owner, groups);
    await waitUntil(() => emulator!.pendingUpdates === 0, "the polls' updates to be confirmed");

    const sent = sendVotes(emulator, polls, VOTES);
    const firstId = sent[0]!.updateId;
    const telegram = emulator;
    await waitUntil(() => confirmedOffset(telegram) - firstId >= 300, "300 votes to be confirmed", 120_000, 5);
    app.child.kill("SIGTERM");
    const exit = await app.exited;
    const offset = confirmedOffset(emulator);

    const ledger = await readLedger(databaseUrl);
    const handled = sent.filter((vote) => ledger.processed.has(vote.updateId));
    const answered = handled.filter((vote) => emulator!.callbackAnswer(vote.queryId) !== null);
    const recorded = handled.filter(
      (vote) => ledger.interactions.get(vote.updateId) === 1 && ledger.votes.get(vote.updateId) === 1,
    );
    const confirmed = sent.filter((vote) => vote.updateId < offset);
    const left = sent.length - confirmed.length;
    console.log(
      `drain: SIGTERM during a burst of ${VOTES}; exit code ${exit.code}; ${handled.length} interactions started, ` +
        `${answered.length} answered, ${recorded.length} recorded once, ${confirmed.length} confirmed to Telegram, ` +
        `${left} left for the next start`,
    );
    expect(exit.code).toBe(0);
    expect(handled.length).toBeGreaterThan(0);
    expect(answered.length).toBe(handled.length);
    expect(recorded.length).toBe(handled.length);
    // Exactly what was handled is confirmed: nothing handled is fetched again, nothing unhandled is dropped.
    expect(confirmed.map((vote) => vote.updateId)).toEqual(handled.map((vote) => vote.updateId));
    expect(ledger.rolledUpVotes).toBe(handled.length);
  }, 300_000);
});
