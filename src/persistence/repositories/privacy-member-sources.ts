// The personal-data sources of the member row itself and of what privacy keeps beside it: the consent ledger,
// account links and link codes, and sealed contact addresses.

import type { JsonRecord, PersonalDataSource } from "../../core/privacy/personal-data.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { memberRolesSchema } from "./member.repository.ts";

const DAY_MS = 86_400_000;

/** Ids per `in` list: Prisma binds each one, and SQLite refuses more than 999 bound values per query. */
const IDS_PER_QUERY = 400;

/** Splits ids into chunks of at most IDS_PER_QUERY. */
export function chunks<T>(ids: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) out.push(ids.slice(start, start + IDS_PER_QUERY));
  return out;
}

/** Runs `query` per chunk of ids and concatenates the results. */
export async function perChunk<T>(ids: readonly string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (const chunk of chunks([...new Set(ids)])) out.push(...(await query(chunk)));
  return out;
}

/** Sums what `count` gives per chunk of ids (a COUNT query each), as perChunk would have found them. */
export async function sumPerChunk(ids: readonly string[], count: (chunk: string[]) => Promise<number>) {
  let total = 0;
  for (const chunk of chunks([...new Set(ids)])) total += await count(chunk);
  return total;
}

/** Sums a count per chunk of ids. */
export async function countPerChunk(ids: readonly string[], run: (chunk: string[]) => Promise<{ count: number }>) {
  let total = 0;
  for (const chunk of chunks([...new Set(ids)])) total += (await run(chunk)).count;
  return total;
}

/** The Member rows: one membership per community. Erased last (see the list in privacy-sources.ts). */
export function memberSource(prisma: DatabaseClient): PersonalDataSource {
  return {
    name: "memberships",
    tables: ["Member"],
    async export(subject) {
      const rows = await perChunk(subject.memberIds, (ids) =>
        prisma.member.findMany({
          where: { id: { in: ids } },
          include: { community: { select: { platform: true, title: true } } },
          orderBy: [{ joinedAt: "asc" }, { id: "asc" }],
        }),
      );
      return rows.map(
        (m): JsonRecord => ({
          memberId: m.id,
          platform: m.community.platform,
          community: m.community.title,
          pseudonym: m.pseudonym,
          joinedAt: m.joinedAt.toISOString(),
          lastSeenAt: m.lastSeenAt?.toISOString() ?? null,
          locale: m.locale,
          roles: memberRolesSchema.parse(m.roles),
          consentAskedAt: m.consentAskedAt?.toISOString() ?? null,
        }),
      );
    },
    count: (subject) => sumPerChunk(subject.memberIds, (ids) => prisma.member.count({ where: { id: { in: ids } } })),
    erase: (subject) =>
      countPerChunk(subject.memberIds, (ids) => prisma.member.deleteMany({ where: { id: { in: ids } } })),
    async audit(context) {
      const unseen = await prisma.member.count({
        where: {
          OR: [
            { lastSeenAt: { lt: context.retentionCutoff } },
            { lastSeenAt: null, joinedAt: { lt: context.retentionCutoff } },
          ],
        },
      });
      return [{ table: "Member", rule: "no member unseen for longer than the retention period", violations: unseen }];
    },
  };
}

/** The consent ledger: the member's grants and withdrawals. Erasure leaves one identity-free tombstone. */
export function consentSource(prisma: DatabaseClient): PersonalDataSource {
  return {
    name: "consents",
    tables: ["ConsentGrant"],
    async export(subject) {
      const rows = await perChunk(subject.memberIds, (ids) =>
        prisma.consentGrant.findMany({ where: { memberId: { in: ids } }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
      );
      return rows.map(
        (c): JsonRecord => ({
          memberId: c.memberId,
          purpose: c.purpose,
          action: c.action,
          noticeVersion: c.noticeVersion,
          at: c.at.toISOString(),
        }),
      );
    },
    count: (subject) =>
      sumPerChunk(subject.memberIds, (ids) => prisma.consentGrant.count({ where: { memberId: { in: ids } } })),
    erase: (subject) =>
      countPerChunk(subject.memberIds, (ids) => prisma.consentGrant.deleteMany({ where: { memberId: { in: ids } } })),
    async audit() {
      const orphans = await prisma.consentGrant.count({
        where: {
          OR: [
            { memberId: null, action: { not: "erased" } },
            { action: "erased", memberId: { not: null } },
          ],
        },
      });
      return [
        {
          table: "ConsentGrant",
          rule: "every ledger row names its member, except erasure tombstones, which name no one",
          violations: orphans,
        },
      ];
    },
  };
}

/** Account links (/link) and the one-time codes that make them. */
export function linkSource(prisma: DatabaseClient): PersonalDataSource {
  return {
    name: "linkedAccounts",
    tables: ["PersonLink", "LinkCode"],
    async export(subject) {
      const links = await perChunk(subject.memberIds, (ids) =>
        prisma.personLink.findMany({ where: { memberId: { in: ids } }, orderBy: { linkedAt: "asc" } }),
      );
      const codes = await perChunk(subject.memberIds, (ids) =>
        prisma.linkCode.findMany({ where: { memberId: { in: ids } }, orderBy: { createdAt: "asc" } }),
      );
      return [
        ...links.map((l): JsonRecord => ({ record: "link", memberId: l.memberId, linkedAt: l.linkedAt.toISOString() })),
        ...codes.map(
          (c): JsonRecord => ({
            record: "pendingCode",
            memberId: c.memberId,
            createdAt: c.createdAt.toISOString(),
            expiresAt: c.expiresAt.toISOString(),
          }),
        ),
      ];
    },
    async count(subject) {
      return (
        (await sumPerChunk(subject.memberIds, (ids) => prisma.personLink.count({ where: { memberId: { in: ids } } }))) +
        (await sumPerChunk(subject.memberIds, (ids) => prisma.linkCode.count({ where: { memberId: { in: ids } } })))
      );
    },
    async erase(subject) {
      return (
        (await countPerChunk(subject.memberIds, (ids) =>
          prisma.personLink.deleteMany({ where: { memberId: { in: ids } } }),
        )) +
        (await countPerChunk(subject.memberIds, (ids) =>
          prisma.linkCode.deleteMany({ where: { memberId: { in: ids } } }),
        ))
      );
    },
    async expire(_cutoff, at) {
      return (await prisma.linkCode.deleteMany({ where: { expiresAt: { lte: at } } })).count;
    },
    async audit(context) {
      const stale = await prisma.linkCode.count({
        where: { expiresAt: { lt: new Date(context.at.getTime() - DAY_MS) } },
      });
      return [{ table: "LinkCode", rule: "no link code kept a day after it expired", violations: stale }];
    },
  };
}

/** Sealed private chat addresses, kept only with a direct_messages consent. */
export function contactSource(prisma: DatabaseClient): PersonalDataSource {
  const remove = (memberIds: readonly string[]) =>
    countPerChunk(memberIds, (ids) => prisma.memberContact.deleteMany({ where: { memberId: { in: ids } } }));
  return {
    name: "contactAddresses",
    tables: ["MemberContact"],
    async export(subject) {
      const rows = await perChunk(subject.memberIds, (ids) =>
        prisma.memberContact.findMany({ where: { memberId: { in: ids } }, orderBy: { storedAt: "asc" } }),
      );
      return rows.map(
        (c): JsonRecord => ({
          memberId: c.memberId,
          what: "your private chat address, encrypted (AES-256-GCM)",
          storedAt: c.storedAt.toISOString(),
        }),
      );
    },
    count: (subject) =>
      sumPerChunk(subject.memberIds, (ids) => prisma.memberContact.count({ where: { memberId: { in: ids } } })),
    erase: (subject) => remove(subject.memberIds),
    withdrawn: async (subject, purpose) => (purpose === "direct_messages" ? remove(subject.memberIds) : 0),
    async audit(context) {
      const holders = (await prisma.memberContact.findMany({ select: { memberId: true } })).map((c) => c.memberId);
      const lacking = await context.lackingConsentNow("direct_messages", holders);
      return [
        {
          table: "MemberContact",
          rule: "contact addresses are kept only for members who allow direct messages",
          violations: lacking.length,
        },
      ];
    },
  };
}
