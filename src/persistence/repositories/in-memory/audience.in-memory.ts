import type { Member } from "../../../core/domain/member.ts";
import type { AudienceRepository } from "../../../core/ports/audience.repository.port.ts";
import type { InMemoryStore } from "./in-memory-store.ts";

/** Pages through the members of the shared store. */
export class AudienceRepositoryInMemory implements AudienceRepository {
  readonly #store: InMemoryStore;

  constructor(store: InMemoryStore) {
    this.#store = store;
  }

  async membersPage(communityId: string, afterId: string | null, limit: number): Promise<Member[]> {
    return [...this.#store.members.values()]
      .filter((m) => m.communityId === communityId && (afterId === null || m.id > afterId))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit)
      .map((m) => ({
        ...m,
        joinedAt: new Date(m.joinedAt),
        lastSeenAt: m.lastSeenAt && new Date(m.lastSeenAt),
        roles: [...m.roles],
      }));
  }
}
