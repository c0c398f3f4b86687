import type { SystemSettingRepository } from "../../../core/ports/repositories.port.ts";
import type { InMemoryStore } from "./in-memory-store.ts";

/** Operational key/value settings in memory. */
export class SystemSettingRepositoryInMemory implements SystemSettingRepository {
  readonly #store: InMemoryStore;

  constructor(store: InMemoryStore) {
    this.#store = store;
  }

  async get(key: string): Promise<string | null> {
    return this.#store.settings.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.#store.settings.set(key, value);
  }
}
