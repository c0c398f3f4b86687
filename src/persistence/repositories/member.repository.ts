import { z } from "zod";
import type { Member } from "../../core/domain/member.ts";
import type { MemberRepository } from "../../core/ports/repositories.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import type { Member as MemberRow } from "../generated/sqlite/client.ts";
import { isUniqueViolation } from "./processed-update.repository.ts";

/** The JSON shape of Member.roles. */
export const memberRolesSchema = z.array(z.string());

/** Members in the database, unique by (communityId, pseudonym). */
export class MemberRepositoryPrisma implements MemberRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async touch(input: {
    id: string;
    communityId: string;
    pseudonym: string;
    at: Date;
    roles: readonly string[];
    locale: string | null;
  }): Promise<Member> {
    const roles = [...input.roles];
    const upsert = () =>
      this.#prisma.member.upsert({
        where: { communityId_pseudonym: { communityId: input.communityId, pseudonym: input.pseudonym } },
        create: {
          id: input.id,
          communityId: input.communityId,
          pseudonym: input.pseudonym,
          joinedAt: input.at,
          lastSeenAt: input.at,
          roles,
          locale: input.locale,
        },
        update: { lastSeenAt: input.at, roles, locale: input.locale },
      });
    try {
      return toMember(await upsert());
    } catch (error) {
      // Prisma runs this upsert as INSERT … ON CONFLICT today; should it fall back to read-then-write, the
      // loser of a first-sight race retries and takes the update path.
      if (!isUniqueViolation(error)) throw error;
      return toMember(await upsert());
    }
  }

  async findByPseudonym(communityId: string, pseudonym: string): Promise<Member | null> {
    const row = await this.#prisma.member.findUnique({ where: { communityId_pseudonym: { communityId, pseudonym } } });
    return row ? toMember(row) : null;
  }

  async get(id: string): Promise<Member | null> {
    const row = await this.#prisma.member.findUnique({ where: { id } });
    return row ? toMember(row) : null;
  }

  async delete(id: string): Promise<void> {
    await this.#prisma.member.deleteMany({ where: { id } });
  }
}

function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    communityId: row.communityId,
    pseudonym: row.pseudonym,
    joinedAt: row.joinedAt,
    lastSeenAt: row.lastSeenAt,
    roles: memberRolesSchema.parse(row.roles),
    locale: row.locale,
  };
}
