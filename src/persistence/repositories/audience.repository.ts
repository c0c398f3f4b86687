import type { Member } from "../../core/domain/member.ts";
import type { AudienceRepository } from "../../core/ports/audience.repository.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { memberRolesSchema } from "./member.repository.ts";

/** Pages through a community's members for segment evaluation. */
export class AudienceRepositoryPrisma implements AudienceRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async membersPage(communityId: string, afterId: string | null, limit: number): Promise<Member[]> {
    const rows = await this.#prisma.member.findMany({
      where: { communityId, ...(afterId === null ? {} : { id: { gt: afterId } }) },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map((row) => ({
      id: row.id,
      communityId: row.communityId,
      pseudonym: row.pseudonym,
      joinedAt: row.joinedAt,
      lastSeenAt: row.lastSeenAt,
      roles: memberRolesSchema.parse(row.roles),
      locale: row.locale,
    }));
  }
}
