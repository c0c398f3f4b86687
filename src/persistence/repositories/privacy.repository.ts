import type { ConsentEntry } from "../../core/domain/consent.ts";
import { platformSchema } from "../../core/domain/platform.ts";
import type {
  Membership,
  PersonLinkRow,
  PrivacyRepository,
  StoredLinkCode,
  TableInfo,
} from "../../core/privacy/privacy.repository.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { chunks } from "./privacy-member-sources.ts";
import { personFreeTables } from "./privacy-sources.ts";
import { isUniqueViolation } from "./processed-update.repository.ts";

const membershipSelect = {
  id: true,
  communityId: true,
  pseudonym: true,
  joinedAt: true,
  lastSeenAt: true,
  community: { select: { brandId: true, platform: true } },
} as const;

type MembershipRow = {
  id: string;
  communityId: string;
  pseudonym: string;
  joinedAt: Date;
  lastSeenAt: Date | null;
  community: { brandId: string; platform: string };
};

/** The privacy feature's own tables (PersonLink, LinkCode, MemberContact) and its reads across members. */
export class PrivacyRepositoryPrisma implements PrivacyRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async memberships(memberIds: readonly string[]): Promise<Membership[]> {
    const found: Membership[] = [];
    for (const ids of chunks([...new Set(memberIds)])) {
      const rows = await this.#prisma.member.findMany({ where: { id: { in: ids } }, select: membershipSelect });
      found.push(...rows.map(toMembership));
    }
    return found;
  }

  async membershipsByPseudonym(pseudonyms: readonly string[], brandId: string | null): Promise<Membership[]> {
    const found: Membership[] = [];
    for (const list of chunks([...new Set(pseudonyms)])) {
      const rows = await this.#prisma.member.findMany({
        where: { pseudonym: { in: list }, ...(brandId ? { community: { brandId } } : {}) },
        select: membershipSelect,
      });
      found.push(...rows.map(toMembership));
    }
    return found;
  }

  async links(memberIds: readonly string[]): Promise<PersonLinkRow[]> {
    const found: PersonLinkRow[] = [];
    for (const ids of chunks([...new Set(memberIds)])) {
      found.push(
        ...(await this.#prisma.personLink.findMany({
          where: { memberId: { in: ids } },
          select: { memberId: true, personId: true },
        })),
      );
    }
    return found;
  }

  async linksOfPersons(personIds: readonly string[]): Promise<PersonLinkRow[]> {
    const found: PersonLinkRow[] = [];
    for (const ids of chunks([...new Set(personIds)])) {
      found.push(
        ...(await this.#prisma.personLink.findMany({
          where: { personId: { in: ids } },
          select: { memberId: true, personId: true },
        })),
      );
    }
    return found;
  }

  async link(input: {
    memberIds: readonly string[];
    personId: string;
    absorb: readonly string[];
    brandId: string;
    at: Date;
  }): Promise<void> {
    await this.#prisma.$transaction(async (tx) => {
      if (input.absorb.length > 0) {
        await tx.personLink.updateMany({
          where: { personId: { in: [...input.absorb] } },
          data: { personId: input.personId },
        });
      }
      for (const memberId of input.memberIds) {
        await tx.personLink.upsert({
          where: { memberId },
          create: { memberId, personId: input.personId, brandId: input.brandId, linkedAt: input.at },
          update: { personId: input.personId },
        });
      }
    });
  }

  async unlink(memberIds: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const ids of chunks([...new Set(memberIds)])) {
      deleted += (await this.#prisma.personLink.deleteMany({ where: { memberId: { in: ids } } })).count;
    }
    return deleted;
  }

  async createLinkCode(code: StoredLinkCode & { readonly createdAt: Date }): Promise<boolean> {
    try {
      await this.#prisma.linkCode.create({ data: { ...code } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async deleteLinkCodesOf(memberId: string): Promise<void> {
    await this.#prisma.linkCode.deleteMany({ where: { memberId } });
  }

  async takeLinkCode(id: string): Promise<StoredLinkCode | null> {
    const row = await this.#prisma.linkCode.findUnique({ where: { id } });
    if (!row) return null;
    // Of two concurrent takes only one deletes the row; the other finds nothing to delete.
    const { count } = await this.#prisma.linkCode.deleteMany({ where: { id, memberId: row.memberId } });
    return count === 1 ? { id: row.id, memberId: row.memberId, brandId: row.brandId, expiresAt: row.expiresAt } : null;
  }

  async storeContact(memberId: string, sealed: string, at: Date): Promise<void> {
    await this.#prisma.memberContact.upsert({
      where: { memberId },
      create: { memberId, sealed, storedAt: at },
      update: { sealed, storedAt: at },
    });
  }

  async sealedContact(memberId: string): Promise<string | null> {
    return (await this.#prisma.memberContact.findUnique({ where: { memberId } }))?.sealed ?? null;
  }

  async deleteContact(memberId: string): Promise<boolean> {
    return (await this.#prisma.memberContact.deleteMany({ where: { memberId } })).count > 0;
  }

  async markAsked(memberId: string, at: Date): Promise<boolean> {
    const { count } = await this.#prisma.member.updateMany({
      where: { id: memberId, consentAskedAt: null },
      data: { consentAskedAt: at },
    });
    return count === 1;
  }

  async membersUnseenSince(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.#prisma.member.findMany({
      where: { OR: [{ lastSeenAt: { lt: cutoff } }, { lastSeenAt: null, joinedAt: { lt: cutoff } }] },
      select: { id: true },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  async consentHistories(memberIds: readonly string[]): Promise<ConsentEntry[]> {
    const entries: ConsentEntry[] = [];
    for (const ids of chunks([...new Set(memberIds)])) {
      const rows = await this.#prisma.consentGrant.findMany({
        where: { memberId: { in: ids }, purpose: { not: null }, action: { in: ["granted", "withdrawn"] } },
        orderBy: [{ at: "asc" }, { id: "asc" }],
      });
      for (const row of rows) {
        if (row.memberId === null || row.purpose === null || row.action === "erased") continue;
        entries.push({
          memberId: row.memberId,
          purpose: row.purpose,
          action: row.action,
          noticeVersion: row.noticeVersion,
          at: row.at,
        });
      }
    }
    return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  async afterErasure(): Promise<void> {
    if (providerOf(this.#prisma) !== "postgresql")
      await this.#prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  async reclaim(tables: readonly string[]): Promise<void> {
    if (providerOf(this.#prisma) !== "postgresql") return this.afterErasure();
    if (tables.length === 0) return;
    // Table names come from the personal-data sources (model names), never from input; quoted as identifiers.
    await this.#prisma.$executeRawUnsafe(`VACUUM ${tables.map((t) => `"${t.replace(/"/g, '""')}"`).join(", ")}`);
  }

  async tables(): Promise<TableInfo[]> {
    const rows =
      providerOf(this.#prisma) === "postgresql"
        ? await this.#prisma.$queryRaw<{ name: string }[]>`
            SELECT table_name AS name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
        : await this.#prisma.$queryRaw<{ name: string }[]>`
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`;
    return rows
      .map((r) => ({ name: r.name, personFree: personFreeTables.includes(r.name) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/**
 * The client's provider. Prisma keeps it in `_activeProvider`, outside its typings; the privacy contract suite
 * lists the tables on both providers, so a Prisma upgrade that moves it fails a test.
 */
function providerOf(prisma: DatabaseClient): string {
  return (prisma as unknown as { _activeProvider?: string })._activeProvider ?? "sqlite";
}

function toMembership(row: MembershipRow): Membership {
  return {
    id: row.id,
    communityId: row.communityId,
    brandId: row.community.brandId,
    platform: platformSchema.parse(row.community.platform),
    pseudonym: row.pseudonym,
    joinedAt: row.joinedAt,
    lastSeenAt: row.lastSeenAt,
  };
}
