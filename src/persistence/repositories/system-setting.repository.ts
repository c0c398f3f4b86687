import type { SystemSettingRepository } from "../../core/ports/repositories.port.ts";
import type { DatabaseClient } from "../database-client.ts";

/** Small operational key/value settings in the SystemSetting table. */
export class SystemSettingRepositoryPrisma implements SystemSettingRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async get(key: string): Promise<string | null> {
    const row = await this.#prisma.systemSetting.findUnique({ where: { key }, select: { value: true } });
    return row?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    // A single-field upsert runs as INSERT … ON CONFLICT on both providers, so concurrent sets do not collide.
    await this.#prisma.systemSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
  }
}
