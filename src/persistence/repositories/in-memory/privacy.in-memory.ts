import type { ConsentEntry } from "../../../core/domain/consent.ts";
import type {
  Membership,
  PersonLinkRow,
  PrivacyRepository,
  StoredLinkCode,
  TableInfo,
} from "../../../core/privacy/privacy.repository.port.ts";
import type { InMemoryStore } from "./in-memory-store.ts";

/** The privacy feature's tables in memory. Rows of a member erased from the store read as cascaded away. */
export interface PrivacyTables {
  readonly links: Map<string, { personId: string; brandId: string; linkedAt: Date }>;
  readonly codes: Map<string, StoredLinkCode & { createdAt: Date }>;
  readonly contacts: Map<string, { sealed: string; storedAt: Date }>;
  readonly asked: Map<string, Date>;
}

// Kept beside the shared store rather than in it, so that every repository set built on one store sees them.
const tablesOf = new WeakMap<InMemoryStore, PrivacyTables>();

/** The privacy tables of a store (created on first use), with rows of erased members dropped. */
export function privacyTablesOf(store: InMemoryStore): PrivacyTables {
  let tables = tablesOf.get(store);
  if (!tables) {
    tables = { links: new Map(), codes: new Map(), contacts: new Map(), asked: new Map() };
    tablesOf.set(store, tables);
  }
  for (const id of tables.links.keys()) if (!store.members.has(id)) tables.links.delete(id);
  for (const [id, code] of tables.codes) if (!store.members.has(code.memberId)) tables.codes.delete(id);
  for (const id of tables.contacts.keys()) if (!store.members.has(id)) tables.contacts.delete(id);
  for (const id of tables.asked.keys()) if (!store.members.has(id)) tables.asked.delete(id);
  return tables;
}

/** PrivacyRepository in memory, with the database's semantics (one-time codes, cascades). */
export class PrivacyRepositoryInMemory implements PrivacyRepository {
  readonly #store: InMemoryStore;

  constructor(store: InMemoryStore) {
    this.#store = store;
  }

  get #tables(): PrivacyTables {
    return privacyTablesOf(this.#store);
  }

  async memberships(memberIds: readonly string[]): Promise<Membership[]> {
    return [...new Set(memberIds)].flatMap((id) => this.#membership(id) ?? []);
  }

  async membershipsByPseudonym(pseudonyms: readonly string[], brandId: string | null): Promise<Membership[]> {
    const wanted = new Set(pseudonyms);
    return [...this.#store.members.values()]
      .filter((m) => wanted.has(m.pseudonym))
      .flatMap((m) => this.#membership(m.id) ?? [])
      .filter((m) => brandId === null || m.brandId === brandId);
  }

  async links(memberIds: readonly string[]): Promise<PersonLinkRow[]> {
    const links = this.#tables.links;
    return [...new Set(memberIds)].flatMap((memberId) => {
      const link = links.get(memberId);
      return link ? [{ memberId, personId: link.personId }] : [];
    });
  }

  async linksOfPersons(personIds: readonly string[]): Promise<PersonLinkRow[]> {
    const wanted = new Set(personIds);
    return [...this.#tables.links]
      .filter(([, link]) => wanted.has(link.personId))
      .map(([memberId, link]) => ({ memberId, personId: link.personId }));
  }

  async link(input: {
    memberIds: readonly string[];
    personId: string;
    absorb: readonly string[];
    brandId: string;
    at: Date;
  }): Promise<void> {
    for (const id of input.memberIds) this.#store.requireMember(id);
    const links = this.#tables.links;
    const absorbed = new Set(input.absorb);
    for (const link of links.values()) if (absorbed.has(link.personId)) link.personId = input.personId;
    for (const memberId of input.memberIds) {
      const existing = links.get(memberId);
      if (existing) existing.personId = input.personId;
      else links.set(memberId, { personId: input.personId, brandId: input.brandId, linkedAt: new Date(input.at) });
    }
  }

  async unlink(memberIds: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const id of new Set(memberIds)) if (this.#tables.links.delete(id)) deleted += 1;
    return deleted;
  }

  async createLinkCode(code: StoredLinkCode & { readonly createdAt: Date }): Promise<boolean> {
    this.#store.requireMember(code.memberId);
    if (this.#tables.codes.has(code.id)) return false;
    this.#tables.codes.set(code.id, { ...code });
    return true;
  }

  async deleteLinkCodesOf(memberId: string): Promise<void> {
    for (const [id, code] of this.#tables.codes) if (code.memberId === memberId) this.#tables.codes.delete(id);
  }

  async takeLinkCode(id: string): Promise<StoredLinkCode | null> {
    const code = this.#tables.codes.get(id);
    if (!code) return null;
    this.#tables.codes.delete(id);
    return { id: code.id, memberId: code.memberId, brandId: code.brandId, expiresAt: code.expiresAt };
  }

  async storeContact(memberId: string, sealed: string, at: Date): Promise<void> {
    this.#store.requireMember(memberId);
    this.#tables.contacts.set(memberId, { sealed, storedAt: new Date(at) });
  }

  async sealedContact(memberId: string): Promise<string | null> {
    return this.#tables.contacts.get(memberId)?.sealed ?? null;
  }

  async deleteContact(memberId: string): Promise<boolean> {
    return this.#tables.contacts.delete(memberId);
  }

  async markAsked(memberId: string, at: Date): Promise<boolean> {
    if (!this.#store.members.has(memberId) || this.#tables.asked.has(memberId)) return false;
    this.#tables.asked.set(memberId, new Date(at));
    return true;
  }

  async membersUnseenSince(cutoff: Date, limit: number): Promise<string[]> {
    return [...this.#store.members.values()]
      .filter((m) => (m.lastSeenAt ?? m.joinedAt).getTime() < cutoff.getTime())
      .map((m) => m.id)
      .sort()
      .slice(0, limit);
  }

  async consentHistories(memberIds: readonly string[]): Promise<ConsentEntry[]> {
    const wanted = new Set(memberIds);
    return this.#store.consents
      .filter((row) => row.memberId !== null && wanted.has(row.memberId))
      .flatMap((row): ConsentEntry[] =>
        row.memberId === null || row.purpose === null || row.action === "erased"
          ? []
          : [
              {
                memberId: row.memberId,
                purpose: row.purpose,
                action: row.action,
                noticeVersion: row.noticeVersion,
                at: new Date(row.at),
              },
            ],
      )
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  async tables(): Promise<TableInfo[]> {
    return [];
  }

  #membership(memberId: string): Membership | null {
    const member = this.#store.members.get(memberId);
    const community = member ? this.#store.communities.get(member.communityId) : undefined;
    if (!member || !community) return null;
    return {
      id: member.id,
      communityId: member.communityId,
      brandId: community.brandId,
      platform: community.platform,
      pseudonym: member.pseudonym,
      joinedAt: new Date(member.joinedAt),
      lastSeenAt: member.lastSeenAt && new Date(member.lastSeenAt),
    };
  }

  /** Memory keeps no copies of what was erased. */
  async afterErasure(): Promise<void> {}

  async reclaim(): Promise<void> {}
}
