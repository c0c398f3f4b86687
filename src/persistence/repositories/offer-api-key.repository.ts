import type { BrandApiKeyRepository, StoredApiKey } from "../../core/offers/offer.repository.port.ts";
import type { DatabaseClient } from "../database-client.ts";

/** The brands' API keys in BrandApiKey: the id and a SHA-256 of the secret, never the secret itself. */
export class BrandApiKeyRepositoryPrisma implements BrandApiKeyRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async create(key: StoredApiKey): Promise<void> {
    await this.#prisma.brandApiKey.create({ data: { ...key } });
  }

  async get(id: string): Promise<StoredApiKey | null> {
    const row = await this.#prisma.brandApiKey.findUnique({ where: { id } });
    return row ? { id: row.id, brandId: row.brandId, secretSha256: row.secretSha256, createdAt: row.createdAt } : null;
  }
}
