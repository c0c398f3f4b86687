import type { Platform } from "../../../core/domain/platform.ts";
import type { ProcessedUpdateRepository } from "../../../core/ports/repositories.port.ts";
import { type InMemoryStore, rowKey } from "./in-memory-store.ts";

/** Handled platform updates in memory, keyed by (platform, updateId). */
export class ProcessedUpdateRepositoryInMemory implements ProcessedUpdateRepository {
  readonly #store: InMemoryStore;

  constructor(store: InMemoryStore) {
    this.#store = store;
  }

  async markProcessed(platform: Platform, updateId: string, at: Date): Promise<boolean> {
    const key = rowKey(platform, updateId);
    if (this.#store.processedUpdates.has(key)) return false;
    this.#store.processedUpdates.set(key, { platform, updateId, at: new Date(at) });
    return true;
  }

  async prune(olderThan: Date): Promise<number> {
    let pruned = 0;
    for (const [key, row] of this.#store.processedUpdates) {
      if (row.at.getTime() < olderThan.getTime()) {
        this.#store.processedUpdates.delete(key);
        pruned += 1;
      }
    }
    return pruned;
  }
}
