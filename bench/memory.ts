// Resident memory of the app with 10 thousand communities and 1 million members in its database, while it
// handles bursts of interactions. The app runs in its own process (bench/app-process.ts) on a SQLite file loaded
// beforehand (bench/bulk-writer.ts); a local Discord emulator in the bench's process sends the bursts: /help from
// members of 50 of those communities, members the database already knows (their pseudonyms are derived from the
// emulator's user ids with the app's secret), so the burst reads and updates existing rows.
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { DiscordEmulator } from "../emulators/discord/discord-emulator.ts";
import type { EmulatedMember } from "../emulators/discord/emulator-user.ts";
import { defaultCommunitySettings } from "../src/core/domain/community.ts";
import { currentNoticeVersion } from "../src/core/domain/consent.ts";
import { Pseudonymizer } from "../src/core/identity/pseudonym.ts";
import { testSecret } from "../test/support/test-app.ts";
import { createBenchDatabase } from "./bench-database.ts";
import { openBulkWriter, type Value } from "./bulk-writer.ts";
import { ensureBuilt, startCompiledApp } from "./compiled-app.ts";
import { figure, ratio, type Section } from "./report.ts";
import { since } from "./stats.ts";

export interface MemoryOptions {
  readonly communities: number;
  readonly members: number;
  /** Interactions per burst, sent at `burstRate` per second. */
  readonly burst: number;
  readonly burstRate: number;
  readonly bursts: number;
  readonly progress?: (line: string) => void;
}

export const memoryTargetMb = 200;
/** The compiled app on an empty database, idle after start. */
export const emptyMemoryTargetMb = 120;
const MB = 1024 * 1024;
/** Guilds on the emulator, each a community of the database, and members of each who take part in bursts. */
const BURST_GUILDS = 50;
const BURST_MEMBERS_PER_GUILD = 20;

export async function measureMemory(options: MemoryOptions): Promise<Section> {
  ensureBuilt();
  const emulator = await DiscordEmulator.start();
  const database = await createBenchDatabase({ provider: "sqlite" });
  try {
    const guilds = Array.from({ length: BURST_GUILDS }, (_, g) => emulator.addGuild(`Bench guild ${g + 1}`));
    const burstMembers = guilds.map((guild) =>
      Array.from({ length: BURST_MEMBERS_PER_GUILD }, () => guild.member({ locale: "en-US" })),
    );
    const loaded = performance.now();
    const rows = await loadDatabase(database, options, guilds, burstMembers);
    options.progress?.(`memory data: ${rows.toLocaleString("en-US")} rows in ${Math.round(since(loaded) / 1000)} s`);

    const empty = await createBenchDatabase({ provider: "sqlite" });
    let reference: AppReadings;
    try {
      reference = await readings("empty database", empty.url, emulator, burstMembers.flat(), options);
    } finally {
      await empty.drop();
    }
    const loadedApp = await readings("loaded database", database.url, emulator, burstMembers.flat(), options);
    const created = countCommunities(database.file!) - options.communities;
    return {
      id: "memory",
      title: `Memory with ${options.communities.toLocaleString("en-US")} communities and ${options.members.toLocaleString("en-US")} members`,
      method: [
        `The app runs in its own process on a SQLite file holding ${options.communities.toLocaleString("en-US")} communities, ${options.members.toLocaleString("en-US")} members and their consent ledger (60 % analytics grants), connected to a local Discord emulator with ${BURST_GUILDS} of those communities as guilds.`,
        "The app is the compiled one production runs, with the image's command line (`node --max-semi-space-size=2 dist/main.js`, built by `npm run build`); its memory is read from /proc/<pid>/status.",
        `${options.bursts} bursts of ${options.burst.toLocaleString("en-US")} /help interactions at ${options.burstRate}/s from ${BURST_GUILDS * BURST_MEMBERS_PER_GUILD} members the database already holds; resident set size (RSS) read in the app's process after start-up and after each burst, and its high-water mark (VmHWM).`,
        "Side by side: the same app, emulator and bursts on an empty database, run just before.",
        created === 0
          ? "The bursts created no community: every interaction came from a community already stored."
          : `Note: the bursts created ${created} communities the database did not hold.`,
      ],
      figures: [
        figure(
          "memory.start",
          "app start-up (migrations, digest schedules, Discord login)",
          "s",
          [loadedApp.startSeconds],
          {
            ratios: [ratio("empty database", [loadedApp.startSeconds], [reference.startSeconds], "times")],
          },
        ),
        figure("memory.idle", "resident memory after start-up, idle", "MB", loadedApp.idle, {
          ratios: [ratio("empty database", loadedApp.idle, reference.idle, "times")],
        }),
        figure("memory.after-burst", "resident memory after each burst", "MB", loadedApp.afterBurst, {
          ratios: [ratio("empty database", loadedApp.afterBurst, reference.afterBurst, "times")],
        }),
        figure("memory.peak", "peak resident memory (high-water mark) by the end of each burst", "MB", loadedApp.peak, {
          ratios: [ratio("empty database", loadedApp.peak, reference.peak, "times")],
          targets: [{ text: `≤ ${memoryTargetMb} MB`, met: Math.max(...loadedApp.peak) <= memoryTargetMb }],
        }),
        figure(
          "memory.unanswered",
          "burst interactions not answered within Discord's 3 s",
          "interactions",
          loadedApp.unanswered,
        ),
        figure("memory.empty-idle", "empty database: resident memory after start-up, idle", "MB", reference.idle, {
          targets: [{ text: `≤ ${emptyMemoryTargetMb} MB`, met: Math.max(...reference.idle) <= emptyMemoryTargetMb }],
        }),
        figure(
          "memory.empty-peak",
          "empty database: peak resident memory by the end of each burst",
          "MB",
          reference.peak,
        ),
      ],
      unmeasured: [],
    };
  } finally {
    await emulator.close();
    await database.drop();
  }
}

/** What one app process showed. */
interface AppReadings {
  readonly startSeconds: number;
  readonly idle: number[];
  readonly afterBurst: number[];
  readonly peak: number[];
  readonly unanswered: number[];
}

/** Starts the app on a database, lets it settle, sends the bursts and reads its memory. */
async function readings(
  name: string,
  url: string,
  emulator: DiscordEmulator,
  members: readonly EmulatedMember[],
  options: MemoryOptions,
): Promise<AppReadings> {
  const app = await startCompiledApp(dirname(url.replace(/^file:/, "")), {
    DATABASE_URL: url,
    DISCORD_TOKEN: emulator.token,
    DISCORD_API_ROOT: emulator.apiRoot,
  });
  const startSeconds = app.startSeconds;
  options.progress?.(`memory, ${name}: the app started in ${startSeconds.toFixed(1)} s`);
  const result: AppReadings = { startSeconds, idle: [], afterBurst: [], peak: [], unanswered: [] };
  try {
    // Let start-up work settle before the idle reading.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    result.idle.push(app.memory().rss / MB);
    let next = 0;
    for (let b = 0; b < options.bursts; b++) {
      const answers: Promise<boolean>[] = [];
      const started = performance.now();
      while (answers.length < options.burst) {
        const due = Math.min(options.burst, Math.floor((since(started) / 1000) * options.burstRate) + 1);
        while (answers.length < due) {
          const member = members[next++ % members.length]!;
          answers.push(
            member
              .command("help")
              .answer(0, 30_000)
              .then(
                () => true,
                () => false,
              ),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      result.unanswered.push((await Promise.all(answers)).filter((ok) => !ok).length);
      const memory = app.memory();
      result.afterBurst.push(memory.rss / MB);
      result.peak.push((memory.peakRss ?? memory.rss) / MB);
      options.progress?.(
        `memory, ${name}, burst ${b + 1}/${options.bursts}: rss ${Math.round(memory.rss / MB)} MB, peak ${Math.round((memory.peakRss ?? memory.rss) / MB)} MB, ${result.unanswered.at(-1)} unanswered`,
      );
    }
  } finally {
    await app.stop();
  }
  return result;
}

async function loadDatabase(
  database: Awaited<ReturnType<typeof createBenchDatabase>>,
  options: MemoryOptions,
  guilds: readonly { id: string; state: { name: string } }[],
  burstMembers: readonly (readonly EmulatedMember[])[],
): Promise<number> {
  const pseudonyms = new Pseudonymizer(testSecret);
  const joinedAt = new Date("2026-06-01T00:00:00Z");
  const settings = JSON.stringify(defaultCommunitySettings());
  const communityIds = Array.from({ length: options.communities }, (_, c) => `community-${c + 1}`);
  const writer = await openBulkWriter(database);
  try {
    let rows = await writer.insert("Brand", ["id", "name", "createdAt"], [["default", "Bench brand", joinedAt]]);
    rows += await writer.insert(
      "Community",
      [
        "id",
        "brandId",
        "platform",
        "platformId",
        "title",
        "timeZone",
        "locale",
        "settings",
        "active",
        "createdAt",
        "updatedAt",
      ],
      communityIds.map((id, c): Value[] => {
        const guild = guilds[c];
        // The others are Telegram groups: a Discord community whose guild the emulator lacks would be retired at
        // start-up (the bot was removed while offline), which is not what this measures.
        return [
          id,
          "default",
          guild ? "discord" : "telegram",
          guild ? guild.id : String(-1_003_000_000_000 - c),
          guild ? guild.state.name : `Community ${c + 1}`,
          "Europe/Rome",
          "en",
          settings,
          true,
          joinedAt,
          joinedAt,
        ];
      }),
    );
    const perCommunity = Math.floor(options.members / options.communities);
    function* members(): Generator<Value[]> {
      for (let c = 0; c < options.communities; c++) {
        const known = burstMembers[c] ?? [];
        for (let m = 0; m < perCommunity; m++) {
          const person = known[m];
          const pseudonym = person
            ? pseudonyms.pseudonym("discord", person.userId)
            : (c * perCommunity + m).toString(16).padStart(64, "0");
          yield [`${communityIds[c]}-m${m}`, communityIds[c]!, pseudonym, joinedAt, joinedAt, "[]", "en"];
        }
      }
    }
    rows += await writer.insert(
      "Member",
      ["id", "communityId", "pseudonym", "joinedAt", "lastSeenAt", "roles", "locale"],
      members(),
    );
    function* grants(): Generator<Value[]> {
      for (let c = 0; c < options.communities; c++) {
        for (let m = 0; m < perCommunity; m++) {
          if (m % 5 < 3)
            yield [
              communityIds[c]!,
              `${communityIds[c]}-m${m}`,
              "analytics",
              "granted",
              currentNoticeVersion,
              joinedAt,
            ];
        }
      }
    }
    rows += await writer.insert(
      "ConsentGrant",
      ["communityId", "memberId", "purpose", "action", "noticeVersion", "at"],
      grants(),
    );
    return rows;
  } finally {
    await writer.close();
  }
}

function countCommunities(file: string): number {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return Number(db.prepare(`SELECT COUNT(*) FROM "Community"`).pluck().get());
  } finally {
    db.close();
  }
}
