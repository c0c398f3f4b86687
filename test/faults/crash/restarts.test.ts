// Start → traffic → SIGTERM, fifty times: the drain must end every time (it once hung in about one run in twelve),
// and what each run answered must be recorded exactly once. The runs go in five lanes of ten, each lane on its own
// database and Telegram, one run after another, so that the fifty take about a minute rather than three.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { startAppProcess } from "../support/app-process.ts";
import { type StagedImage, stageImage } from "../support/compiled-app.ts";
import { readLedger } from "../support/ledger.ts";
import { addGroups, confirmedOffset, type PollGroups, postPolls, sendVotes } from "../support/poll-burst.ts";
import { waitUntil } from "../support/wait.ts";

const LANES = 5;
const RUNS_PER_LANE = 10;
const VOTES_PER_RUN = 20;
/** `docker stop` sends SIGKILL this long after SIGTERM. */
const DOCKER_STOP_GRACE_MS = 10_000;

interface Run {
  readonly lane: number;
  readonly run: number;
  readonly code: number | null;
  readonly signal: string | null;
  readonly tookMs: number;
}

/** What one lane saw: every run's exit, and per sent vote whether it was handled, answered and recorded once. */
interface Lane {
  readonly runs: Run[];
  readonly sent: number;
  readonly handled: number;
  readonly unanswered: number[];
  readonly notRecordedOnce: number[];
  readonly rolledUpVotes: number;
}

async function runLane(image: StagedImage, lane: number): Promise<Lane> {
  const emulator = await TelegramEmulator.start();
  try {
    const dataDir = join(image.app, `data-${lane}`);
    mkdirSync(dataDir);
    const env = {
      ...image.env(),
      CIRCOLO_DATA_DIR: dataDir,
      PORT: "0",
      TELEGRAM_BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: emulator.apiRoot,
    };
    const sent = [];
    const runs: Run[] = [];
    let polls: PollGroups | undefined;
    for (let run = 0; run < RUNS_PER_LANE; run++) {
      const app = startAppProcess(image.app, env, { argv: image.runtime.cmd });
      try {
        await app.ready();
        if (!polls) {
          const { owner, groups } = addGroups(emulator, 2);
          polls = await postPolls(emulator, owner, groups);
        }
        const votes = sendVotes(emulator, polls, VOTES_PER_RUN);
        sent.push(...votes);
        // SIGTERM lands at a different point of each run's burst: after 1 to 10 of its votes were confirmed.
        const confirmed = 1 + ((run * 3 + lane) % 10);
        await waitUntil(
          () => confirmedOffset(emulator) - votes[0]!.updateId >= confirmed,
          `lane ${lane}, run ${run + 1}: ${confirmed} votes to be confirmed`,
          60_000,
          2,
        );
        const signalled = Date.now();
        app.child.kill("SIGTERM");
        const exit = await app.exited;
        runs.push({ lane, run, ...exit, tookMs: Date.now() - signalled });
      } finally {
        await app.dispose();
      }
    }
    const ledger = await readLedger(`file:${join(dataDir, "circolo.db")}`);
    const handled = sent.filter((vote) => ledger.processed.has(vote.updateId));
    return {
      runs,
      sent: sent.length,
      handled: handled.length,
      unanswered: handled.filter((vote) => emulator.callbackAnswer(vote.queryId) === null).map((v) => v.updateId),
      notRecordedOnce: handled.filter((vote) => ledger.votes.get(vote.updateId) !== 1).map((v) => v.updateId),
      rolledUpVotes: ledger.rolledUpVotes - handled.length,
    };
  } finally {
    await emulator.stop();
  }
}

describe("fifty restarts under traffic", () => {
  let image: StagedImage;
  beforeAll(() => {
    image = stageImage();
  });
  afterAll(() => image.remove());

  it("ends every run with exit code 0 within 10 s, and records every answered vote exactly once", async () => {
    // Settled, not Promise.all: a failing lane must not leave the others' apps running past the test.
    const settled = await Promise.allSettled(Array.from({ length: LANES }, (_, lane) => runLane(image, lane)));
    const lanes = settled.map((lane) => {
      if (lane.status === "rejected") throw lane.reason;
      return lane.value;
    });
    const runs = lanes.flatMap((lane) => lane.runs);
    console.log(
      `restarts: ${runs.length} runs, ${lanes.reduce((n, l) => n + l.sent, 0)} votes sent, ` +
        `${lanes.reduce((n, l) => n + l.handled, 0)} handled; slowest stop ${Math.max(...runs.map((r) => r.tookMs))} ms`,
    );
    expect(runs).toHaveLength(LANES * RUNS_PER_LANE);
    expect(runs.filter((run) => run.code !== 0 || run.signal !== null)).toEqual([]);
    expect(runs.filter((run) => run.tookMs >= DOCKER_STOP_GRACE_MS)).toEqual([]);
    for (const lane of lanes) {
      expect(lane.handled).toBeGreaterThan(0);
      expect(lane.unanswered).toEqual([]);
      expect(lane.notRecordedOnce).toEqual([]);
      // Votes rolled up beyond those handled (0 when each counts once).
      expect(lane.rolledUpVotes).toBe(0);
    }
  }, 600_000);
});
