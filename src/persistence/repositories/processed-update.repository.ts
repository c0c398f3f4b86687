import type { Platform } from "../../core/domain/platform.ts";
import type { ProcessedUpdateRepository } from "../../core/ports/repositories.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { Prisma } from "../generated/sqlite/client.ts";

/**
 * Platform updates already handled, keyed by (platform, updateId). The primary key makes the check and the
 * mark one atomic insert, so two instances receiving the same redelivery cannot both handle it.
 */
export class ProcessedUpdateRepositoryPrisma implements ProcessedUpdateRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async markProcessed(platform: Platform, updateId: string, at: Date): Promise<boolean> {
    try {
      await this.#prisma.processedUpdate.create({ data: { platform, updateId, at } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async prune(olderThan: Date): Promise<number> {
    const { count } = await this.#prisma.processedUpdate.deleteMany({ where: { at: { lt: olderThan } } });
    return count;
  }
}

/** Prisma's P2002: a unique constraint refused the write. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
