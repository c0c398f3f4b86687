import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { type AppProcess, startAppProcess } from "./app-process.ts";
import { readLedger } from "./ledger.ts";
import { addGroups, confirmedOffset, postPolls, sendVotes } from "./poll-burst.ts";
import { waitUntil } from "./wait.ts";

/** What a crash run measured. */
export interface CrashFigures {
  readonly sent: number;
  /** Votes Telegram had confirmed (getUpdates offset past them) when the process was killed. */
  readonly acknowledged: number;
  /** Of those, how many were recorded once, and how many more than once, read right after the kill. */
  readonly acknowledgedRecordedOnce: number;
  readonly acknowledgedRecordedTwice: number;
  /** Votes the killed process had marked handled without their confirmation reaching Telegram. */
  readonly inFlightAtKill: number;
  /** After the restart and the rest of the burst: votes recorded once, more than once, not at all. */
  readonly recordedOnce: number;
  readonly recordedTwice: number;
  readonly notRecorded: readonly number[];
  /** Vote update ids not recorded that were in flight when the process died (never confirmed to Telegram). */
  readonly lostUnacknowledged: number;
  readonly pollVotes: number;
  /** Vote events stored: one per vote the app recorded, whether or not Telegram saw it confirmed. */
  readonly voteEvents: number;
  readonly rolledUpVotes: number;
  readonly signal: string | null;
}

/**
 * Runs the app in a child process against the Telegram emulator (long polling), posts polls in a few
 * groups, sends a burst of votes, kills the process with SIGKILL once part of the burst is confirmed to
 * Telegram, restarts it on the same database, and reads what was recorded.
 */
export async function runCrashScenario(input: {
  databaseUrl: string;
  dataDir: string;
  votes: number;
  groups: number;
  /** Kill once this many votes are confirmed. */
  killAfter: number;
}): Promise<CrashFigures> {
  const emulator = await TelegramEmulator.start();
  const env = {
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DATABASE_URL: input.databaseUrl,
  };
  const processes: AppProcess[] = [];
  try {
    const first = startAppProcess(input.dataDir, env);
    processes.push(first);
    await first.ready();
    const { owner, groups } = addGroups(emulator, input.groups);
    const polls = await postPolls(emulator, owner, groups);
    await waitUntil(() => emulator.pendingUpdates === 0, "the polls' updates to be confirmed");

    const sent = sendVotes(emulator, polls, input.votes);
    const firstId = sent[0]!.updateId;
    await waitUntil(
      () => confirmedOffset(emulator) - firstId >= input.killAfter,
      `${input.killAfter} votes to be confirmed`,
      300_000,
      5,
    );
    first.child.kill("SIGKILL");
    const { signal } = await first.exited;
    const offsetAtKill = confirmedOffset(emulator);

    const afterKill = await readLedger(input.databaseUrl);
    const acknowledged = sent.filter((vote) => vote.updateId < offsetAtKill);
    const recordedAtKill = acknowledged.map(
      (vote) =>
        Math.max(afterKill.interactions.get(vote.updateId) ?? 0, 0) + 10 * (afterKill.votes.get(vote.updateId) ?? 0),
    );
    const inFlight = new Set(
      sent
        .filter((vote) => vote.updateId >= offsetAtKill && afterKill.processed.has(vote.updateId))
        .map((v) => v.updateId),
    );

    const second = startAppProcess(input.dataDir, env);
    processes.push(second);
    await second.ready();
    await waitUntil(() => emulator.pendingUpdates === 0, "the rest of the burst to be confirmed", 480_000, 100);
    await second.dispose();

    const final = await readLedger(input.databaseUrl);
    const counts = sent.map((vote) => ({
      id: vote.updateId,
      interaction: final.interactions.get(vote.updateId) ?? 0,
      vote: final.votes.get(vote.updateId) ?? 0,
    }));
    const notRecorded = counts.filter((c) => c.interaction === 0 || c.vote === 0).map((c) => c.id);
    return {
      sent: sent.length,
      acknowledged: acknowledged.length,
      // 11 = one event for the update, and it is a vote (weighted 10, so a missing or wrong one shows).
      acknowledgedRecordedOnce: recordedAtKill.filter((n) => n === 11).length,
      acknowledgedRecordedTwice: recordedAtKill.filter((n) => n > 11).length,
      inFlightAtKill: inFlight.size,
      recordedOnce: counts.filter((c) => c.interaction === 1 && c.vote === 1).length,
      recordedTwice: counts.filter((c) => c.interaction > 1 || c.vote > 1).length,
      notRecorded,
      lostUnacknowledged: notRecorded.filter((id) => inFlight.has(id)).length,
      pollVotes: final.pollVotes,
      voteEvents: counts.filter((c) => c.vote > 0).length,
      rolledUpVotes: final.rolledUpVotes,
      signal,
    };
  } finally {
    for (const running of processes) await running.dispose();
    await emulator.stop();
  }
}
