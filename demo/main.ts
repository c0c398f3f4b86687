// discord.js must load before vega (the digest's chart renderer), which adds Set.prototype.toJSON and so breaks
// discord.js's own start-up (see test/e2e/privacy/privacy.e2e.test.ts).
import "discord.js";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Translator } from "../src/core/i18n/translator.ts";
import { type DemoSummary, defaultFirstMonday, runDemo } from "./demo-run.ts";
import { silentProgress, terminalProgress, traceProgress } from "./progress.ts";
import { storyLines } from "./story-report.ts";

/** The few lines printed at the end: what happened, what the digests said about the story, and where to look. */
function report(summary: DemoSummary, seconds: number): string {
  const { tally } = summary;
  const communities = summary.brands.reduce((n, b) => n + (b.weeks[0]?.communities.length ?? 0), 0);
  const lines = [
    "",
    `Circolo demo: ${summary.weeks.length} simulated week(s) (${summary.weeks[0]} to ${summary.weeks.at(-1)}) in ${seconds.toFixed(1)} s`,
    `  ${summary.members} members in ${communities} communities of ${summary.brands.length} brands, on Discord and Telegram (local emulators, real clients); ${summary.comparing} compare themselves with peers`,
    `  ${tally.interactions} interactions: ${tally.votes} votes on ${tally.pollsPosted} polls, ${tally.claims} offer codes claimed of ${tally.offers} offer(s), ${tally.redemptions} redeemed at the shop`,
    `  ${tally.questions} Q&A questions, ${tally.upvotes} upvotes, ${tally.answers} answers`,
    `  privacy: ${tally.consentsGranted} consents given, ${tally.consentsWithdrawn} withdrawn, ${tally.erasures} erasure(s)`,
    `  ${summary.digestsDelivered} weekly digests delivered by the bot (Discord channels, Telegram private chats)`,
    `  ${summary.platformCalls.discord} Discord API calls and ${summary.platformCalls.telegram} Telegram Bot API calls by the bot`,
    "",
    ...storyLines(summary, new Translator().for("en")),
    "",
    `  Each brand's digests, Markdown with PNG charts and JSON, one file set per week: ${summary.outDir}/<brand>/`,
    `    ${summary.brands.map((b) => basename(b.folder)).join(", ")}`,
    "",
    `Look at: ${summary.outDir}/ (summary.json, campaigns.yaml, circolo.log)`,
    `Try:     DATABASE_URL=file:${summary.databaseFile} npm run cli -- digest --brand gelateria-aurora --week ${summary.weeks.at(-1)}`,
    "",
  ];
  return lines.join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      weeks: { type: "string", default: "8" },
      scale: { type: "string", default: "1" },
      out: { type: "string", default: "demo-output" },
      seed: { type: "string", default: "2026" },
    },
  });
  const weeks = Number(values.weeks);
  const scale = Number(values.scale);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 12)
    throw new Error("--weeks must be a whole number from 1 to 12");
  if (!(scale > 0 && scale <= 4)) throw new Error("--scale must be a number above 0 and at most 4");
  const started = performance.now();
  const summary = await runDemo({
    outDir: resolve(values.out),
    weeks,
    scale,
    seed: Number(values.seed) || 2026,
    firstMonday: defaultFirstMonday,
    progress: process.env.DEMO_TRACE
      ? traceProgress()
      : process.stderr.isTTY
        ? terminalProgress(process.stderr)
        : silentProgress,
  });
  process.stdout.write(report(summary, (performance.now() - started) / 1000));
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // The bot's own log (circolo.log in the output folder) holds the details of what went wrong inside it.
    process.stderr.write(`\ncircolo demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
