// Ingest: engagement events recorded per second, by five paths over the same event stream, each on a fresh
// database seeded alike, interleaved run by run so that other work on the machine hits all of them:
//   raw ceiling  — the driver alone inserting the events into EngagementEvent in 500-row transactions;
//   hot path     — EngagementRecorder → the repository the app uses (events and rollups);
//   Prisma path  — the same through EngagementRepositoryPrisma (SQLite only: what the app used before);
//   whole path   — Telegram updates → UpdatePipeline (dedupe, community, member, consent, /help) → recorder;
//   naive        — one `prisma.engagementEvent.create` per event, awaited one after another.
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { deriveConsentState } from "../src/core/domain/consent.ts";
import type { EngagementInput, EngagementRow } from "../src/core/domain/engagement.ts";
import { EngagementRecorder } from "../src/core/engagement/engagement-recorder.ts";
import { silentLogger } from "../src/core/ports/logger.port.ts";
import type { EngagementRepository } from "../src/core/ports/repositories.port.ts";
import { openDatabase } from "../src/persistence/database.ts";
import type { DatabaseClient } from "../src/persistence/database-client.ts";
import { EngagementRepositoryPrisma } from "../src/persistence/repositories/engagement.repository.ts";
import { telegramCapabilities } from "../src/platforms/telegram/telegram.chat.ts";
import { startTestApp, testSecret } from "../test/support/test-app.ts";
import { type BenchDatabase, createBenchDatabase, type DatabaseTarget, sqliteInstant } from "./bench-database.ts";
import {
  type IngestEvent,
  type IngestShape,
  ingestEvents,
  ingestFixture,
  ingestShape,
  seedIngestFixture,
  toInbound,
  toRow,
} from "./ingest-fixture.ts";
import { figure, ratio, type Section } from "./report.ts";
import { since } from "./stats.ts";

export interface IngestOptions {
  readonly target: DatabaseTarget;
  /** Events per run for every path but the naive one. */
  readonly events: number;
  /** Events per run for the naive path (at ~1k/s it would dominate the bench's time). */
  readonly naiveEvents: number;
  readonly runs: number;
  /** The workload's communities and members (the bench's fixed shape unless a test makes it tiny). */
  readonly shape?: IngestShape;
  /** Updates the whole path handles at once (Telegram's default webhook max_connections is 40). */
  readonly inFlight?: number;
  readonly progress?: (line: string) => void;
}

type PathId = "ceiling" | "hot" | "prisma" | "whole" | "naive";

/** Rows per raw transaction: the recorder's batch size. */
const BATCH = 500;

/** Runs the comparison and returns its section of the results. */
export async function measureIngest(options: IngestOptions): Promise<Section> {
  const provider = options.target.provider;
  const shape = options.shape ?? ingestShape;
  const fixture = ingestFixture(testSecret, shape);
  const stream = ingestEvents(fixture, Math.max(options.events, options.naiveEvents));
  const paths: PathId[] =
    provider === "sqlite" ? ["ceiling", "hot", "prisma", "whole", "naive"] : ["ceiling", "hot", "whole", "naive"];
  const rates = new Map<PathId, number[]>(paths.map((p) => [p, []]));
  for (let run = 0; run < options.runs; run++) {
    // Rotate the order, so no path always runs first (cold caches) or last (a warmer, busier machine).
    const order = paths.map((_, i) => paths[(i + run) % paths.length]!);
    for (const path of order) {
      const events = stream.slice(0, path === "naive" ? options.naiveEvents : options.events);
      const database = await createBenchDatabase(options.target);
      try {
        await seed(database, fixture);
        const ms = await measurePath(path, database, events, options.inFlight ?? 40);
        await expectEvents(database, events.length);
        const rate = events.length / (ms / 1000);
        rates.get(path)!.push(rate);
        options.progress?.(
          `ingest ${provider} run ${run + 1}/${options.runs}: ${labels[path]} ${Math.round(rate)} events/s`,
        );
      } finally {
        await database.drop();
      }
    }
  }
  return ingestSection(provider, rates, { ...options, shape });
}

const labels: Record<PathId, string> = {
  ceiling: "raw ceiling",
  hot: "hot path",
  prisma: "Prisma path",
  whole: "whole path",
  naive: "naive path",
};

function ingestSection(
  provider: string,
  rates: Map<PathId, number[]>,
  options: IngestOptions & { shape: IngestShape },
): Section {
  const r = (path: PathId) => rates.get(path)!;
  const name = provider === "sqlite" ? "SQLite" : "PostgreSQL";
  const driver = provider === "sqlite" ? "better-sqlite3 prepared INSERTs" : "pg, 500-row multi-value INSERTs";
  const vsCeiling = (path: PathId) => ratio("raw ceiling", r(path), r("ceiling"), "percent");
  const vsNaive = (path: PathId) => ratio("naive", r(path), r("naive"), "times");
  const targets = (path: PathId, note: string) => [
    { text: `≥ 50 % of the raw ceiling${note}`, met: vsCeiling(path).median >= 0.5 },
    { text: `≥ 20× the naive path${note}`, met: vsNaive(path).median >= 20 },
  ];
  const figures = [
    figure(`ingest.${provider}.ceiling`, `raw ceiling: ${driver}, ${BATCH} per transaction`, "events/s", r("ceiling")),
    figure(`ingest.${provider}.whole`, "whole path: update → pipeline → recorder → database", "events/s", r("whole"), {
      ratios: [vsCeiling("whole"), vsNaive("whole")],
      targets: targets("whole", ""),
    }),
    figure(
      `ingest.${provider}.hot`,
      `hot path: EngagementRecorder → ${provider === "sqlite" ? "EngagementRepositorySqlite" : "EngagementRepositoryPrisma"}`,
      "events/s",
      r("hot"),
      {
        ratios: [
          vsCeiling("hot"),
          vsNaive("hot"),
          ...(provider === "sqlite" ? [ratio("Prisma path", r("hot"), r("prisma"), "times")] : []),
        ],
        targets: targets("hot", " (recorder and repository alone)"),
      },
    ),
    ...(provider === "sqlite"
      ? [
          figure(
            "ingest.sqlite.prisma",
            "Prisma path: EngagementRecorder → EngagementRepositoryPrisma (before)",
            "events/s",
            r("prisma"),
            { ratios: [vsCeiling("prisma"), vsNaive("prisma")] },
          ),
        ]
      : []),
    figure(
      `ingest.${provider}.naive`,
      "naive path: one prisma.engagementEvent.create per event",
      "events/s",
      r("naive"),
    ),
  ];
  return {
    id: `ingest-${provider}`,
    title: `Ingest on ${name}`,
    method: [
      `${options.shape.communities} Telegram groups × ${options.shape.membersPerCommunity} members, ${options.shape.consentShare * 100} % with analytics consent; /help commands spread over one hour.`,
      `${options.events.toLocaleString("en-US")} events per path and run (naive path: ${options.naiveEvents.toLocaleString("en-US")}), ${options.runs} runs, each path on a fresh seeded database, path order rotated every run.`,
      "Hot, Prisma and whole paths also move DailyRollup, HourlyRollup and MemberActivityDay; the ceiling and the naive path insert events only.",
      `The whole path drives the real app's UpdatePipeline (startApp on the database) with ${options.inFlight ?? 40} updates in flight, and stops the clock when the recorder has flushed.`,
    ],
    figures,
    unmeasured: [],
  };
}

async function seed(database: BenchDatabase, fixture: ReturnType<typeof ingestFixture>): Promise<void> {
  const db = await openDatabase(database.url);
  try {
    await seedIngestFixture(db.prisma, fixture);
  } finally {
    await db.close();
  }
}

/** Milliseconds the path took to record the events. */
async function measurePath(path: PathId, database: BenchDatabase, events: IngestEvent[], inFlight: number) {
  switch (path) {
    case "ceiling":
      return database.provider === "sqlite"
        ? sqliteCeiling(database.file!, events.map(toRow))
        : postgresCeiling(database.url, events.map(toRow));
    case "hot":
      return withDatabase(database, (db) => throughRecorder(db.repositories.engagement, events));
    case "prisma":
      return withDatabase(database, (db) => throughRecorder(new EngagementRepositoryPrisma(db.prisma), events));
    case "whole":
      return wholePath(database, events, inFlight);
    case "naive":
      return withDatabase(database, (db) => naive(db.prisma, events.map(toRow)));
  }
}

async function withDatabase<T>(
  database: BenchDatabase,
  use: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
) {
  const db = await openDatabase(database.url);
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

function sqliteCeiling(file: string, rows: EngagementRow[]): number {
  const db = new BetterSqlite3(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    const insert = db.prepare(
      `INSERT INTO "EngagementEvent" ("communityId", "campaignId", "kind", "at", "memberId", "dedupeKey") VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const write = db.transaction((batch: EngagementRow[]) => {
      for (const r of batch)
        insert.run(r.communityId, r.campaignId, r.kind, sqliteInstant(r.at), r.memberId, r.dedupeKey);
    });
    const started = performance.now();
    for (let i = 0; i < rows.length; i += BATCH) write(rows.slice(i, i + BATCH));
    return since(started);
  } finally {
    db.close();
  }
}

async function postgresCeiling(url: string, rows: EngagementRow[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const values = batch.map(
        (_, j) => `($${j * 6 + 1}, $${j * 6 + 2}, $${j * 6 + 3}, $${j * 6 + 4}, $${j * 6 + 5}, $${j * 6 + 6})`,
      );
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO "EngagementEvent" ("communityId", "campaignId", "kind", "at", "memberId", "dedupeKey") VALUES ${values.join(", ")}`,
        batch.flatMap((r) => [r.communityId, r.campaignId, r.kind, r.at, r.memberId, r.dedupeKey]),
      );
      await client.query("COMMIT");
    }
    return since(started);
  } finally {
    await client.end();
  }
}

/** What the pipeline hands the recorder: the analytics grant (derived from the ledger as the app derives it), or anonymous. */
function recorderInputs(events: IngestEvent[]): EngagementInput[] {
  return events.map((event) => {
    const row = toRow(event);
    const grant = row.memberId
      ? deriveConsentState(row.memberId, [
          { memberId: row.memberId, purpose: "analytics", action: "granted", noticeVersion: "bench", at: new Date(0) },
        ]).analytics
      : null;
    return {
      communityId: row.communityId,
      timeZone: event.community.timeZone,
      kind: row.kind,
      at: row.at,
      subject: grant ? { kind: "member", grant } : { kind: "anonymous" },
      dedupeKey: row.dedupeKey,
    };
  });
}

async function throughRecorder(repository: EngagementRepository, events: IngestEvent[]): Promise<number> {
  const inputs = recorderInputs(events);
  const recorder = new EngagementRecorder(repository, { logger: silentLogger });
  const started = performance.now();
  for (const input of inputs) void recorder.record(input);
  await recorder.close();
  return since(started);
}

async function wholePath(database: BenchDatabase, events: IngestEvent[], inFlight: number): Promise<number> {
  const app = await startTestApp({ DATABASE_URL: database.url });
  try {
    const inbounds = events.map(toInbound);
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < inbounds.length) {
        const outcome = await app.pipeline.handle(inbounds[next++]!, telegramCapabilities);
        if (outcome.outcome !== "ok") failed += 1;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: inFlight }, worker));
    await app.services.engagement.flush();
    const ms = since(started);
    if (failed > 0) throw new Error(`${failed} of ${inbounds.length} updates did not come out "ok"`);
    return ms;
  } finally {
    await app.dispose();
  }
}

async function naive(prisma: DatabaseClient, rows: EngagementRow[]): Promise<number> {
  const started = performance.now();
  for (const r of rows) {
    await prisma.engagementEvent.create({
      data: {
        communityId: r.communityId,
        campaignId: r.campaignId,
        kind: r.kind,
        at: r.at,
        memberId: r.memberId,
        dedupeKey: r.dedupeKey,
      },
    });
  }
  return since(started);
}

/** Every path must have stored every event, or its rate means nothing. */
async function expectEvents(database: BenchDatabase, expected: number): Promise<void> {
  const stored = await withDatabase(database, (db) => db.prisma.engagementEvent.count());
  if (stored !== expected) throw new Error(`expected ${expected} stored events, found ${stored}`);
}
