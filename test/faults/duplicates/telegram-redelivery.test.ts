import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { databaseUrl } from "../../../src/app/config.ts";
import { startTelegramApp, type TelegramTestApp } from "../../e2e/telegram/telegram-harness.ts";
import { readLedger } from "../support/ledger.ts";
import { addGroups, postPolls, sendVotes } from "../support/poll-burst.ts";
import { waitUntil } from "../support/wait.ts";

const VOTES = 300;

describe("Telegram delivering every webhook update twice", () => {
  let running: TelegramTestApp;
  let emulator: TelegramEmulator;
  beforeAll(async () => {
    running = await startTelegramApp("webhook");
    emulator = running.emulator;
  });
  afterAll(() => running.stop());

  it("counts each vote once and answers each button press once", async () => {
    const { owner, groups } = addGroups(emulator, 6);
    const polls = await postPolls(emulator, owner, groups);
    const sent = sendVotes(emulator, polls, VOTES);
    // The second delivery races the first, as a redelivery after a lost 200 does.
    const statuses = await Promise.all(sent.map((vote) => emulator.redeliver(vote.updateId)));
    await waitUntil(() => emulator.pendingUpdates === 0, "every first delivery to be answered 200");
    const deliveries = emulator.deliveries.filter((d) => d.updateId >= sent[0]!.updateId);

    const ledger = await readLedger(databaseUrl(running.app.config));
    const once = sent.filter((v) => ledger.interactions.get(v.updateId) === 1 && ledger.votes.get(v.updateId) === 1);
    const answers = emulator.calls("answerCallbackQuery");
    const answeredTwice = sent.filter(
      (v) => answers.filter((c) => c.params.callback_query_id === v.queryId).length > 1,
    );
    const unanswered = sent.filter((v) => emulator.callbackAnswer(v.queryId) === null);
    console.log(
      `duplicates (Telegram webhook): ${sent.length} updates, ${deliveries.length} deliveries ` +
        `(${deliveries.filter((d) => d.status === 200).length} answered 200), ${once.length} counted once, ` +
        `${ledger.pollVotes} poll votes, ${ledger.rolledUpVotes} in the rollups, ${answeredTwice.length} answered twice`,
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(deliveries.length).toBeGreaterThanOrEqual(2 * VOTES);
    expect(once.length).toBe(VOTES);
    expect(ledger.pollVotes).toBe(VOTES);
    expect(ledger.rolledUpVotes).toBe(VOTES);
    expect(answeredTwice).toEqual([]);
    expect(unanswered).toEqual([]);
  }, 240_000);
});
