import type { Brand } from "../../core/domain/community.ts";
import type { BrandRepository } from "../../core/ports/repositories.port.ts";
import type { DatabaseClient } from "../database-client.ts";

/** Brands in the database. Creating an id that exists fails with Prisma's unique violation (P2002). */
export class BrandRepositoryPrisma implements BrandRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async create(input: { id: string; name: string }): Promise<Brand> {
    return toBrand(await this.#prisma.brand.create({ data: { id: input.id, name: input.name } }));
  }

  async get(id: string): Promise<Brand | null> {
    const row = await this.#prisma.brand.findUnique({ where: { id } });
    return row ? toBrand(row) : null;
  }

  async list(): Promise<Brand[]> {
    const rows = await this.#prisma.brand.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return rows.map(toBrand);
  }
}

function toBrand(row: { id: string; name: string }): Brand {
  return { id: row.id, name: row.name };
}
