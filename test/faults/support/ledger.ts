import { Pseudonymizer } from "../../../src/core/identity/pseudonym.ts";
import { openDatabase } from "../../../src/persistence/database.ts";
import { testSecret } from "../../support/test-app.ts";

/** What the database holds about a set of Telegram updates, read from outside the app. */
export interface Ledger {
  /** Per update id: how many events of any kind it recorded (one interaction is one event). */
  readonly interactions: ReadonlyMap<number, number>;
  /** Per update id: how many of those are "vote" events. */
  readonly votes: ReadonlyMap<number, number>;
  /** Poll votes stored (one row per voter and option). */
  readonly pollVotes: number;
  /** The sum of DailyRollup counts of kind "vote": what reports would show. */
  readonly rolledUpVotes: number;
  /** Updates the app marked as handled. */
  readonly processed: ReadonlySet<number>;
}

/**
 * Reads the ledger of a database (SQLite file or PostgreSQL) with a connection of its own. An event names its
 * update by `telegram:<update id>`, or, on an anonymous poll, by a keyed hash of it: both are computed here for
 * every handled update (the app runs with the tests' secret), so every event is traced back to its update.
 */
export async function readLedger(url: string): Promise<Ledger> {
  const database = await openDatabase(url);
  try {
    const processed = await database.prisma.processedUpdate.findMany({
      where: { platform: "telegram" },
      select: { updateId: true },
    });
    const pseudonyms = new Pseudonymizer(testSecret);
    const updateOf = new Map<string, number>();
    for (const { updateId } of processed) {
      updateOf.set(`telegram:${updateId}`, Number(updateId));
      updateOf.set(pseudonyms.unlinkableEventKey("telegram", updateId), Number(updateId));
    }
    const events = await database.prisma.engagementEvent.findMany({ select: { dedupeKey: true, kind: true } });
    const interactions = new Map<number, number>();
    const votes = new Map<number, number>();
    for (const event of events) {
      const id = updateOf.get(event.dedupeKey ?? "");
      if (id === undefined) continue;
      interactions.set(id, (interactions.get(id) ?? 0) + 1);
      if (event.kind === "vote") votes.set(id, (votes.get(id) ?? 0) + 1);
    }
    const rollups = await database.prisma.dailyRollup.findMany({ where: { kind: "vote" }, select: { count: true } });
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
