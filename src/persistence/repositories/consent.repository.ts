import type { ConsentEntry, ConsentPurpose } from "../../core/domain/consent.ts";
import type { ConsentRepository } from "../../core/ports/repositories.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import type { ConsentGrant as ConsentRow } from "../generated/sqlite/client.ts";

/** Member ids per query in current(): Prisma refuses more than 999 bound values per query on SQLite. */
const IDS_PER_QUERY = 500;

/** Ledger order: by time, and by insertion for entries with the same time, so the last one wins. */
const LEDGER_ORDER = [{ at: "asc" }, { id: "asc" }] as const;

/** The append-only consent ledger in the ConsentGrant table. */
export class ConsentRepositoryPrisma implements ConsentRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async append(entry: ConsentEntry & { communityId: string }): Promise<void> {
    await this.#prisma.consentGrant.create({
      data: {
        communityId: entry.communityId,
        memberId: entry.memberId,
        purpose: entry.purpose,
        action: entry.action,
        noticeVersion: entry.noticeVersion,
        at: entry.at,
      },
    });
  }

  async history(memberId: string): Promise<ConsentEntry[]> {
    const rows = await this.#prisma.consentGrant.findMany({
      where: { memberId, purpose: { not: null }, action: { in: ["granted", "withdrawn"] } },
      orderBy: [...LEDGER_ORDER],
    });
    return rows.map(toEntry);
  }

  async current(memberIds: readonly string[], purpose: ConsentPurpose): Promise<Map<string, ConsentEntry>> {
    const latest = new Map<string, ConsentEntry>();
    const ids = [...new Set(memberIds)];
    for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
      const rows = await this.#prisma.consentGrant.findMany({
        where: {
          memberId: { in: ids.slice(start, start + IDS_PER_QUERY) },
          purpose,
          action: { in: ["granted", "withdrawn"] },
        },
        orderBy: [...LEDGER_ORDER],
      });
      // Ascending order: each later row replaces the one before it.
      for (const row of rows) {
        const entry = toEntry(row);
        latest.set(entry.memberId, entry);
      }
    }
    return latest;
  }

  async appendErasureTombstone(communityId: string, noticeVersion: string, at: Date): Promise<void> {
    await this.#prisma.consentGrant.create({
      data: { communityId, memberId: null, purpose: null, action: "erased", noticeVersion, at },
    });
  }
}

function toEntry(row: ConsentRow): ConsentEntry {
  if (row.memberId === null || row.purpose === null || row.action === "erased") {
    throw new Error(`consent row ${row.id} is a tombstone, not a member's entry`);
  }
  return {
    memberId: row.memberId,
    purpose: row.purpose,
    action: row.action,
    noticeVersion: row.noticeVersion,
    at: row.at,
  };
}
