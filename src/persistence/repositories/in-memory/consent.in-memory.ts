import type { ConsentEntry, ConsentPurpose } from "../../../core/domain/consent.ts";
import type { ConsentRepository } from "../../../core/ports/repositories.port.ts";
import type { InMemoryStore, StoredConsent } from "./in-memory-store.ts";

/** The append-only consent ledger in memory, ordered by time and then by insertion, like the database. */
export class ConsentRepositoryInMemory implements ConsentRepository {
  readonly #store: InMemoryStore;

  constructor(store: InMemoryStore) {
    this.#store = store;
  }

  async append(entry: ConsentEntry & { communityId: string }): Promise<void> {
    this.#store.requireCommunity(entry.communityId);
    this.#store.requireMember(entry.memberId);
    this.#store.consents.push({
      id: this.#store.nextConsentId(),
      communityId: entry.communityId,
      memberId: entry.memberId,
      purpose: entry.purpose,
      action: entry.action,
      noticeVersion: entry.noticeVersion,
      at: new Date(entry.at),
    });
  }

  async history(memberId: string): Promise<ConsentEntry[]> {
    return this.#ledger((row) => row.memberId === memberId);
  }

  async current(memberIds: readonly string[], purpose: ConsentPurpose): Promise<Map<string, ConsentEntry>> {
    const wanted = new Set(memberIds);
    const latest = new Map<string, ConsentEntry>();
    for (const entry of this.#ledger((row) => row.purpose === purpose && wanted.has(row.memberId ?? ""))) {
      latest.set(entry.memberId, entry);
    }
    return latest;
  }

  async appendErasureTombstone(communityId: string, noticeVersion: string, at: Date): Promise<void> {
    this.#store.requireCommunity(communityId);
    this.#store.consents.push({
      id: this.#store.nextConsentId(),
      communityId,
      memberId: null,
      purpose: null,
      action: "erased",
      noticeVersion,
      at: new Date(at),
    });
  }

  /** Members' entries (never tombstones) matching the filter, oldest first. */
  #ledger(filter: (row: StoredConsent) => boolean): ConsentEntry[] {
    const entries: { id: number; entry: ConsentEntry }[] = [];
    for (const row of this.#store.consents) {
      if (row.memberId === null || row.purpose === null || row.action === "erased" || !filter(row)) continue;
      const entry = {
        memberId: row.memberId,
        purpose: row.purpose,
        action: row.action,
        noticeVersion: row.noticeVersion,
        at: new Date(row.at),
      };
      entries.push({ id: row.id, entry });
    }
    entries.sort((a, b) => a.entry.at.getTime() - b.entry.at.getTime() || a.id - b.id);
    return entries.map(({ entry }) => entry);
  }
}
