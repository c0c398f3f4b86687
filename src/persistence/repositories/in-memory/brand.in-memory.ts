import type { Brand } from "../../../core/domain/community.ts";
import type { BrandRepository } from "../../../core/ports/repositories.port.ts";
import type { InMemoryStore } from "./in-memory-store.ts";

/** Brands in memory; creating an existing id fails as the primary key would. */
export class BrandRepositoryInMemory implements BrandRepository {
  readonly #store: InMemoryStore;

  constructor(store: InMemoryStore) {
    this.#store = store;
  }

  async create(input: { id: string; name: string }): Promise<Brand> {
    if (this.#store.brands.has(input.id)) throw new Error(`unique violation: brand ${input.id} exists`);
    const brand = { id: input.id, name: input.name };
    this.#store.brands.set(brand.id, brand);
    return { ...brand };
  }

  async get(id: string): Promise<Brand | null> {
    const brand = this.#store.brands.get(id);
    return brand ? { ...brand } : null;
  }

  async list(): Promise<Brand[]> {
    return [...this.#store.brands.values()].map((brand) => ({ ...brand }));
  }
}
