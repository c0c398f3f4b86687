import type { Member } from "../../../core/domain/member.ts";
import type { MemberRepository } from "../../../core/ports/repositories.port.ts";
import type { InMemoryStore } from "./in-memory-store.ts";

/** Members in memory, unique by (communityId, pseudonym); deleting one cascades as the schema does. */
export class MemberRepositoryInMemory implements MemberRepository {
  readonly #store: InMemoryStore;

  constructor(store: InMemoryStore) {
    this.#store = store;
  }

  async touch(input: {
    id: string;
    communityId: string;
    pseudonym: string;
    at: Date;
    roles: readonly string[];
    locale: string | null;
  }): Promise<Member> {
    const existing = this.#find(input.communityId, input.pseudonym);
    const refreshed = { lastSeenAt: new Date(input.at), roles: [...input.roles], locale: input.locale };
    if (existing) return this.#save({ ...existing, ...refreshed });
    this.#store.requireCommunity(input.communityId);
    if (this.#store.members.has(input.id)) throw new Error(`unique violation: member ${input.id} exists`);
    return this.#save({
      id: input.id,
      communityId: input.communityId,
      pseudonym: input.pseudonym,
      joinedAt: new Date(input.at),
      ...refreshed,
    });
  }

  async findByPseudonym(communityId: string, pseudonym: string): Promise<Member | null> {
    const member = this.#find(communityId, pseudonym);
    return member ? copy(member) : null;
  }

  async get(id: string): Promise<Member | null> {
    const member = this.#store.members.get(id);
    return member ? copy(member) : null;
  }

  async delete(id: string): Promise<void> {
    this.#store.deleteMember(id);
  }

  #find(communityId: string, pseudonym: string): Member | undefined {
    for (const member of this.#store.members.values()) {
      if (member.communityId === communityId && member.pseudonym === pseudonym) return member;
    }
    return undefined;
  }

  #save(member: Member): Member {
    this.#store.members.set(member.id, member);
    return copy(member);
  }
}

function copy(member: Member): Member {
  return {
    ...member,
    joinedAt: new Date(member.joinedAt),
    lastSeenAt: member.lastSeenAt && new Date(member.lastSeenAt),
    roles: [...member.roles],
  };
}
