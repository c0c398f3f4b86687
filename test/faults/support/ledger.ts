import { openDatabase } from "../../../src/persistence/database.ts";

/** What the database holds about a set of Telegram updates, read from outside the app. */
export interface Ledger {
  /** Per update id: how many "command" events (one per interaction the pipeline handled) name it. */
  readonly interactions: ReadonlyMap<number, number>;
  /** Per update id: how many "vote" events name it. */
  readonly votes: ReadonlyMap<number, number>;
  /** Poll votes stored (one row per voter and option). */
  readonly pollVotes: number;
  /** The sum of DailyRollup counts of kind "vote": what reports would show. */
  readonly rolledUpVotes: number;
  /** Updates the app marked as handled. */
  readonly processed: ReadonlySet<number>;
}

/** Reads the ledger of a database (SQLite file or PostgreSQL) with a connection of its own. */
export async function readLedger(url: string): Promise<Ledger> {
  const database = await openDatabase(url);
  try {
    const events = await database.prisma.engagementEvent.findMany({
      where: { dedupeKey: { startsWith: "telegram:" } },
      select: { dedupeKey: true, kind: true },
    });
    const interactions = new Map<number, number>();
    const votes = new Map<number, number>();
    for (const event of events) {
      const [, id, suffix] = (event.dedupeKey ?? "").split(":");
      const target = suffix === "vote" ? votes : suffix === undefined && event.kind === "command" ? interactions : null;
      if (target) target.set(Number(id), (target.get(Number(id)) ?? 0) + 1);
    }
    const rollups = await database.prisma.dailyRollup.findMany({ where: { kind: "vote" }, select: { count: true } });
    const processed = await database.prisma.processedUpdate.findMany({
      where: { platform: "telegram" },
      select: { updateId: true },
    });
    return {
      interactions,
      votes,
      pollVotes: await database.prisma.pollVote.count(),
      rolledUpVotes: rollups.reduce((sum, row) => sum + Number(row.count), 0),
      processed: new Set(processed.map((row) => Number(row.updateId))),
    };
  } finally {
    await database.close();
  }
}
