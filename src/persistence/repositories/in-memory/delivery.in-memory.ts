import type {
  DeliveryRepository,
  NewPromptDelivery,
  PromptCounts,
  PromptDeliveryRecord,
  PromptReason,
  PromptStatus,
} from "../../../core/ports/delivery.repository.port.ts";
import type { InMemoryStore } from "./in-memory-store.ts";

type Next = { status: PromptStatus; reason: PromptReason | null; deliverAt: Date };

// Kept beside the shared store rather than in it, so that every repository set built on one store sees them.
const tablesOf = new WeakMap<InMemoryStore, { rows: Map<number, PromptDeliveryRecord>; lastId: number }>();

/** Direct prompts in memory, one per (campaign, member); an erased member's rows lose the member as in the database. */
export class DeliveryRepositoryInMemory implements DeliveryRepository {
  readonly #store: InMemoryStore;
  readonly #table: { rows: Map<number, PromptDeliveryRecord>; lastId: number };

  constructor(store: InMemoryStore) {
    this.#store = store;
    let table = tablesOf.get(store);
    if (!table) {
      table = { rows: new Map(), lastId: 0 };
      tablesOf.set(store, table);
    }
    this.#table = table;
  }

  get #rows(): Map<number, PromptDeliveryRecord> {
    return this.#table.rows;
  }

  async create(input: NewPromptDelivery): Promise<{ record: PromptDeliveryRecord; created: boolean }> {
    this.#store.requireCommunity(input.communityId);
    this.#store.requireMember(input.memberId);
    for (const row of this.#rows.values()) {
      if (row.campaignId === input.campaignId && this.#memberOf(row) === input.memberId) {
        return { record: this.#read(row), created: false };
      }
    }
    this.#table.lastId += 1;
    const record: PromptDeliveryRecord = { ...input, id: this.#table.lastId };
    this.#rows.set(record.id, record);
    return { record: this.#read(record), created: true };
  }

  async get(id: number): Promise<PromptDeliveryRecord | null> {
    const row = this.#rows.get(id);
    return row ? this.#read(row) : null;
  }

  async settleDeferred(id: number, next: Next): Promise<boolean> {
    const row = this.#rows.get(id);
    if (row?.status !== "deferred") return false;
    this.#rows.set(id, { ...row, ...next });
    return true;
  }

  async update(id: number, next: Next): Promise<void> {
    const row = this.#rows.get(id);
    if (row) this.#rows.set(id, { ...row, ...next });
  }

  async countPlanned(memberId: string, from: Date, to: Date, exceptId?: number): Promise<number> {
    let count = 0;
    for (const row of this.#rows.values()) {
      if (row.id === exceptId || this.#memberOf(row) !== memberId) continue;
      if (row.status === "skipped") continue;
      if (row.deliverAt.getTime() >= from.getTime() && row.deliverAt.getTime() < to.getTime()) count += 1;
    }
    return count;
  }

  async counts(campaignId: string): Promise<PromptCounts> {
    const counts = { sent: 0, deferred: 0, skipped: 0 };
    for (const row of this.#rows.values()) if (row.campaignId === campaignId) counts[row.status] += 1;
    return counts;
  }

  #memberOf(row: PromptDeliveryRecord): string | null {
    return row.memberId && this.#store.members.has(row.memberId) ? row.memberId : null;
  }

  #read(row: PromptDeliveryRecord): PromptDeliveryRecord {
    return {
      ...row,
      memberId: this.#memberOf(row),
      deliverAt: new Date(row.deliverAt),
      createdAt: new Date(row.createdAt),
    };
  }
}
