import type { EmulatedPerson } from "../../../emulators/telegram/emulator-user.ts";
import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { en } from "../../../src/core/i18n/catalogue.en.ts";
import { it as italian } from "../../../src/core/i18n/catalogue.it.ts";
import { type AppProcess, startAppProcess } from "./app-process.ts";
import { readLedger } from "./ledger.ts";
import { addGroups, type PollGroups, postPolls } from "./poll-burst.ts";
import { waitUntil } from "./wait.ts";

/** The database fault a scenario injects, and when it ends. */
export interface Trouble {
  /** Starts the fault (the app's database becomes unreachable or locked). */
  begin(): Promise<void>;
  /** Ends it. */
  end(): Promise<void>;
  /** How long the fault lasts. */
  readonly durationMs: number;
}

/** One vote and how it was answered. */
interface Vote {
  readonly updateId: number;
  readonly queryId: string;
  readonly voter: EmulatedPerson;
  readonly italian: boolean;
  readonly duringTrouble: boolean;
}

/** What a database trouble run measured. */
export interface TroubleFigures {
  readonly sent: number;
  readonly sentDuringTrouble: number;
  /** Answered as done; each must be recorded once. */
  readonly succeeded: number;
  /** Answered with the localized "briefly unavailable, try again" (in the member's language). */
  readonly askedToRetry: number;
  /** Italian members among those, answered in Italian. */
  readonly askedToRetryInItalian: number;
  /** Answered with anything else (the generic failure, a wrong language): must be none. */
  readonly otherAnswers: number;
  readonly unanswered: number;
  /** Members asked to try again who did, after the fault: how many succeeded. */
  readonly retried: number;
  readonly retriedSucceeded: number;
  /** Successful votes recorded once, more than once, not at all. */
  readonly recordedOnce: number;
  readonly recordedTwice: number;
  readonly lost: number;
  readonly rolledUpVotes: number;
  /** Whether the app process was still running at the end. */
  readonly stillRunning: boolean;
}

const retryText = { en: en.generic.tryAgain, it: italian.generic.tryAgain };
const doneText = {
  en: en.polls.counted.replace("{{option}}", "Vanilla"),
  it: italian.polls.counted.replace("{{option}}", "Vanilla"),
};

/**
 * Runs the app in a child process against the Telegram emulator, sends a steady stream of votes, injects
 * a database fault in the middle, and reads how every vote was answered and what was recorded.
 */
export async function runDatabaseTrouble(input: {
  /** The url the app connects with (through a proxy, for PostgreSQL). */
  appDatabaseUrl: string;
  /** The url the test reads the ledger with. */
  ledgerUrl: string;
  dataDir: string;
  trouble: Trouble;
}): Promise<TroubleFigures> {
  const emulator = await TelegramEmulator.start();
  let app: AppProcess | undefined;
  try {
    app = startAppProcess(input.dataDir, {
      TELEGRAM_BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      DATABASE_URL: input.appDatabaseUrl,
    });
    await app.ready();
    const { owner, groups } = addGroups(emulator, 4);
    const polls = await postPolls(emulator, owner, groups);

    const votes: Vote[] = [];
    let troubled = false;
    const vote = (voter: EmulatedPerson, italian: boolean, polls: PollGroups): Vote => {
      const target = polls.groups[votes.length % polls.groups.length]!;
      const queryId = voter.press(target.poll, "Vanilla");
      return { updateId: emulator.lastUpdateId, queryId, voter, italian, duringTrouble: troubled };
    };
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        const italian = votes.length % 3 === 0;
        votes.push(vote(emulator.person(italian ? { languageCode: "it" } : {}), italian, polls));
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    })();
    const answered = (v: Vote) => emulator.callbackAnswer(v.queryId) !== null;
    await waitUntil(() => votes.filter(answered).length >= 30, "30 votes answered before the fault");
    troubled = true;
    await input.trouble.begin();
    await new Promise((resolve) => setTimeout(resolve, input.trouble.durationMs));
    await input.trouble.end();
    troubled = false;
    const afterwards = votes.length;
    await waitUntil(() => votes.length >= afterwards + 30, "30 more votes sent after the fault");
    streaming = false;
    await stream;
    await waitUntil(() => votes.every(answered), "every vote to be answered", 180_000, 100);

    const textOf = (v: Vote) => emulator.callbackAnswer(v.queryId)?.text;
    const isRetry = (v: Vote) => textOf(v) === (v.italian ? retryText.it : retryText.en);
    const isDone = (v: Vote) => textOf(v) === (v.italian ? doneText.it : doneText.en);
    const succeeded = votes.filter(isDone);
    const askedToRetry = votes.filter(isRetry);

    // Those asked to try again do, once the database is back: the app must have reconnected by itself.
    const retries = askedToRetry.map((v) => vote(v.voter, v.italian, polls));
    await waitUntil(() => retries.every(answered), "every retry to be answered", 120_000, 100);
    await waitUntil(() => emulator.pendingUpdates === 0, "every update to be confirmed", 120_000, 100);
    const retriedSucceeded = retries.filter(isDone);

    const stillRunning = app.child.exitCode === null && app.child.signalCode === null;
    await app.dispose();
    const ledger = await readLedger(input.ledgerUrl);
    const done = [...succeeded, ...retriedSucceeded];
    const recorded = (v: Vote) => (ledger.interactions.get(v.updateId) ?? 0) + 10 * (ledger.votes.get(v.updateId) ?? 0);
    return {
      sent: votes.length,
      sentDuringTrouble: votes.filter((v) => v.duringTrouble).length,
      succeeded: succeeded.length,
      askedToRetry: askedToRetry.length,
      askedToRetryInItalian: askedToRetry.filter((v) => v.italian).length,
      otherAnswers: votes.length - succeeded.length - askedToRetry.length,
      unanswered: votes.filter((v) => !answered(v)).length,
      retried: retries.length,
      retriedSucceeded: retriedSucceeded.length,
      recordedOnce: done.filter((v) => recorded(v) === 11).length,
      recordedTwice: done.filter((v) => recorded(v) > 11).length,
      lost: done.filter((v) => recorded(v) < 11).length,
      rolledUpVotes: ledger.rolledUpVotes,
      stillRunning,
    };
  } finally {
    await app?.dispose();
    await emulator.stop();
  }
}

/** The figure line a database trouble test prints. */
export function describeTrouble(label: string, f: TroubleFigures): string {
  return (
    `${label}: ${f.sent} votes (${f.sentDuringTrouble} during the fault), ${f.succeeded} done, ` +
    `${f.askedToRetry} asked politely to try again (${f.askedToRetryInItalian} in Italian), ${f.otherAnswers} other answers, ` +
    `${f.unanswered} unanswered; ${f.retriedSucceeded}/${f.retried} retries done after recovery; ` +
    `${f.recordedOnce} done votes recorded once, ${f.recordedTwice} twice, ${f.lost} lost; app still running: ${f.stillRunning}`
  );
}
