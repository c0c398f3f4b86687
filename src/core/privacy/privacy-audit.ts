import { type ConsentEntry, type ConsentPurpose, deriveConsentState } from "../domain/consent.ts";
import type { AttributedRow, AuditCheck, AuditContext, PersonalDataSource } from "./personal-data.port.ts";
import type { PrivacyRepository } from "./privacy.repository.port.ts";

/** Ledgers read per query while checking consent. */
const MEMBERS_PER_READ = 400;

/** What `circolo privacy audit` found. */
export interface PrivacyAuditReport {
  readonly at: Date;
  readonly retentionDays: number;
  /** Every table of the database, by what answers for it. */
  readonly tables: {
    readonly total: number;
    readonly personFree: readonly string[];
    readonly personLinked: readonly string[];
    /** Tables neither declared person-free nor claimed by a personal-data source: each is a violation. */
    readonly unclassified: readonly string[];
  };
  readonly checks: readonly AuditCheck[];
  /** Unclassified tables plus every check's violations: 0 means the audit passed. */
  readonly violations: number;
}

/**
 * Checks the whole database against the privacy rules: every table is either person-free or covered by a
 * personal-data source, and every source's own checks hold (no person-linked row without the consent its
 * purpose needs, no contact data without direct_messages, nothing older than retention).
 */
export async function runPrivacyAudit(input: {
  sources: readonly PersonalDataSource[];
  privacy: PrivacyRepository;
  at: Date;
  retentionDays: number;
}): Promise<PrivacyAuditReport> {
  const { sources, privacy, at } = input;
  const tables = await privacy.tables();
  const claimed = new Set(sources.flatMap((s) => s.tables));
  const personFree = tables.filter((t) => t.personFree && !claimed.has(t.name)).map((t) => t.name);
  const personLinked = tables.filter((t) => claimed.has(t.name)).map((t) => t.name);
  const unclassified = tables.filter((t) => !t.personFree && !claimed.has(t.name)).map((t) => t.name);
  const cutoff = new Date(at.getTime() - input.retentionDays * 86_400_000);
  const context = auditContext(privacy, at, cutoff);
  const checks: AuditCheck[] = [];
  for (const source of sources) if (source.audit) checks.push(...(await source.audit(context)));
  return {
    at,
    retentionDays: input.retentionDays,
    tables: { total: tables.length, personFree, personLinked, unclassified },
    checks,
    violations: unclassified.length + checks.reduce((sum, check) => sum + check.violations, 0),
  };
}

/** The consent oracle and cutoffs the sources' checks run with. */
export function auditContext(privacy: PrivacyRepository, at: Date, retentionCutoff: Date): AuditContext {
  const histories = async (memberIds: readonly string[]) => {
    const byMember = new Map<string, ConsentEntry[]>();
    const ids = [...new Set(memberIds)];
    for (let start = 0; start < ids.length; start += MEMBERS_PER_READ) {
      for (const entry of await privacy.consentHistories(ids.slice(start, start + MEMBERS_PER_READ))) {
        const list = byMember.get(entry.memberId) ?? [];
        list.push(entry);
        byMember.set(entry.memberId, list);
      }
    }
    return byMember;
  };
  const heldAt = (ledger: readonly ConsentEntry[], memberId: string, purpose: ConsentPurpose, when: Date) =>
    deriveConsentState(
      memberId,
      ledger.filter((e) => e.at.getTime() <= when.getTime()),
    )[purpose] !== null;
  return {
    at,
    retentionCutoff,
    retentionCutoffDay: retentionCutoff.toISOString().slice(0, 10),
    async lackingConsentAt(purpose, rows): Promise<AttributedRow[]> {
      const ledgers = await histories(rows.map((r) => r.memberId));
      return rows.filter((row) => !heldAt(ledgers.get(row.memberId) ?? [], row.memberId, purpose, row.at));
    },
    async lackingGrantBy(purpose, rows): Promise<AttributedRow[]> {
      const ledgers = await histories(rows.map((r) => r.memberId));
      const grantedBy = (row: AttributedRow) =>
        (ledgers.get(row.memberId) ?? []).some(
          (e) => e.purpose === purpose && e.action === "granted" && e.at.getTime() <= row.at.getTime(),
        );
      return rows.filter((row) => !grantedBy(row));
    },
    async lackingConsentNow(purpose, memberIds): Promise<string[]> {
      const ledgers = await histories(memberIds);
      return [...new Set(memberIds)].filter((id) => !heldAt(ledgers.get(id) ?? [], id, purpose, at));
    },
  };
}
