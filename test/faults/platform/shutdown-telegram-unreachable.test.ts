// Stopping while Telegram cannot be reached and a poll's live count still has to be edited: grammY's auto-retry
// would wait for Telegram forever, so the drain must give up on the edit (not on the votes) and end in time.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { type AppProcess, startAppProcess } from "../support/app-process.ts";
import { type StagedImage, stageImage } from "../support/compiled-app.ts";
import { readLedger } from "../support/ledger.ts";
import { addGroups, postPolls, sendVotes } from "../support/poll-burst.ts";
import { TcpProxy } from "../support/tcp-proxy.ts";
import { waitUntil } from "../support/wait.ts";

/** `docker stop` sends SIGKILL this long after SIGTERM. */
const DOCKER_STOP_GRACE_MS = 10_000;

describe("SIGTERM while Telegram is unreachable and an edit is pending", () => {
  let image: StagedImage;
  let emulator: TelegramEmulator | undefined;
  let proxy: TcpProxy | undefined;
  let app: AppProcess | undefined;
  beforeAll(() => {
    image = stageImage();
  });
  afterEach(async () => {
    await app?.dispose();
    await proxy?.close();
    await emulator?.stop();
  });
  afterAll(() => image.remove());

  it("exits 0 within 10 s with every answered vote recorded, leaving only the edit unsent", async () => {
    emulator = await TelegramEmulator.start();
    const upstream = new URL(emulator.apiRoot);
    proxy = await TcpProxy.start({ host: upstream.hostname, port: Number(upstream.port) });
    const databaseUrl = `file:${image.app}/data/circolo.db`;
    app = startAppProcess(
      image.app,
      {
        ...image.env(),
        CIRCOLO_DATA_DIR: `${image.app}/data`,
        PORT: "0",
        TELEGRAM_BOT_TOKEN: emulator.token,
        TELEGRAM_API_ROOT: `http://127.0.0.1:${proxy.port}`,
      },
      { argv: image.runtime.cmd },
    );
    await app.ready();
    const { owner, groups } = addGroups(emulator, 1);
    const polls = await postPolls(emulator, owner, groups);
    const telegram = emulator;
    const edits = () => telegram.calls("editMessageText").length;

    // The first vote's count is edited at once and opens the poll message's edit window (3 s in groups)...
    const [first] = sendVotes(emulator, polls, 1);
    await waitUntil(() => edits() >= 1, "the first live-count edit");
    // ...so the second vote's count waits in the app for the window to close.
    const [second] = sendVotes(emulator, polls, 1);
    await waitUntil(() => telegram.callbackAnswer(second!.queryId), "the second vote to be answered");
    const editsBefore = edits();
    await proxy.outage();

    const signalled = Date.now();
    app.child.kill("SIGTERM");
    const exit = await app.exited;
    const tookMs = Date.now() - signalled;

    const ledger = await readLedger(databaseUrl);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(DOCKER_STOP_GRACE_MS);
    for (const vote of [first!, second!]) {
      expect(telegram.callbackAnswer(vote.queryId)).not.toBeNull();
      expect(ledger.votes.get(vote.updateId)).toBe(1);
    }
    expect(ledger.rolledUpVotes).toBe(2);
    // The edit was still pending when Telegram went away, and never reached it.
    expect(edits()).toBe(editsBefore);
    // Waiting for it was the stage that ran out of time; the drain went on without it.
    const late = app.logLines().filter((line) => line.msg === "shutdown stage did not finish in time");
    expect(late.map((line) => line.stage)).toEqual(["background"]);
  }, 120_000);
});
