import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordedCall } from "../../../emulators/telegram/emulator-state.ts";
import type { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { startTelegramApp, type TelegramTestApp } from "../../e2e/telegram/telegram-harness.ts";
import { addGroups, postPolls } from "../support/poll-burst.ts";
import { waitUntil } from "../support/wait.ts";

const HELPS = 8;
const VOTES = 20;

const injected = (call: RecordedCall) => call.errorCode !== null && [0, 429, 500, 502].includes(call.errorCode);
const okCalls = (calls: RecordedCall[], method: string) =>
  calls.filter((c) => c.method === method && c.done && c.errorCode === null);

describe("Telegram answering with a storm of 429s, 5xx errors and timeouts", () => {
  let running: TelegramTestApp;
  let emulator: TelegramEmulator;
  beforeAll(async () => {
    running = await startTelegramApp("polling");
    emulator = running.emulator;
  });
  afterAll(() => running.stop());

  it("delivers every message once in the end and keeps answering buttons meanwhile", async () => {
    const { owner, groups } = addGroups(emulator, 1);
    const { groups: polls } = await postPolls(emulator, owner, groups);
    const poll = polls[0]!.poll;
    const callsBefore = emulator.calls().length;
    const since = () => emulator.calls().slice(callsBefore);

    // Every send is refused a few times: rate limited, failing, or timing out with no answer at all.
    const sendStorm = [
      { code: 429, retryAfter: 2 },
      { code: 500 },
      { code: "timeout", afterMs: 300 },
      { code: 429, retryAfter: 1 },
    ] as const;
    for (const fault of sendStorm) emulator.failNext("sendMessage", HELPS, fault);
    const askers = Array.from({ length: HELPS }, () => emulator.person());
    for (const person of askers) person.say("/help");
    const delivered = () => askers.filter((p) => emulator.botMessages(p.id).length > 0).length;
    await waitUntil(() => since().some((c) => c.method === "sendMessage" && injected(c)), "the storm to begin");

    // The bot stays responsive: a button pressed now is answered while those replies are still retried.
    const probe = emulator.person().press(poll, "Vanilla");
    await waitUntil(() => emulator.callbackAnswer(probe), "the probe's answer", 120_000);
    const deliveredWhenProbed = delivered();

    // Then the button answers and the updates themselves go through a storm.
    for (const fault of [{ code: 429, retryAfter: 1 }, { code: 502 }, { code: "timeout", afterMs: 300 }] as const) {
      emulator.failNext("answerCallbackQuery", 2, fault);
      emulator.failNext("getUpdates", 1, fault);
    }
    const queries = Array.from({ length: VOTES }, () => emulator.person().press(poll, "Pistachio"));
    await waitUntil(() => delivered() === HELPS, "every /help reply", 240_000, 100);
    await waitUntil(() => queries.every((q) => emulator.callbackAnswer(q)), "every vote answered", 240_000, 100);

    const calls = since();
    const failed = calls.filter(injected);
    const repliesPerAsker = askers.map((p) => emulator.botMessages(p.id).length);
    const answers = okCalls(calls, "answerCallbackQuery");
    const answersPerQuery = [probe, ...queries].map(
      (q) => answers.filter((c) => c.params.callback_query_id === q).length,
    );
    console.log(
      `platform (Telegram): ${failed.length} calls failed (${failed.filter((c) => c.errorCode === 429).length} × 429, ` +
        `${failed.filter((c) => Number(c.errorCode) >= 500).length} × 5xx, ${failed.filter((c) => c.errorCode === 0).length} timeouts); ` +
        `${repliesPerAsker.filter((n) => n === 1).length}/${HELPS} replies delivered exactly once, ` +
        `${answersPerQuery.filter((n) => n === 1).length}/${VOTES + 1} button presses answered exactly once; ` +
        `a press during the storm answered while ${HELPS - deliveredWhenProbed}/${HELPS} replies were still being retried`,
    );
    expect(failed.length).toBe(sendStorm.length * HELPS + 6 + 3);
    expect(repliesPerAsker).toEqual(askers.map(() => 1));
    expect(answersPerQuery).toEqual([probe, ...queries].map(() => 1));
    expect(deliveredWhenProbed).toBeLessThan(HELPS);
  }, 400_000);
});
