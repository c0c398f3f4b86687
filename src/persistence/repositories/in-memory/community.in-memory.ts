import { type Community, type CommunitySettings, communitySettingsSchema } from "../../../core/domain/community.ts";
import type { Platform } from "../../../core/domain/platform.ts";
import type {
  CommunityProfileChanges,
  CommunityRepository,
  NewCommunity,
} from "../../../core/ports/repositories.port.ts";
import { supersededPlatformId } from "../community-keys.ts";
import type { InMemoryStore } from "./in-memory-store.ts";
import { offerTablesOf } from "./offer.in-memory.ts";
import { pollTablesOf } from "./poll.in-memory.ts";
import { qaTablesOf } from "./qa.in-memory.ts";

/** Communities in memory, unique by (platform, platformId), with the same re-keying rules as the database. */
export class CommunityRepositoryInMemory implements CommunityRepository {
  readonly #store: InMemoryStore;

  constructor(store: InMemoryStore) {
    this.#store = store;
  }

  async upsertByPlatformId(input: NewCommunity): Promise<Community> {
    const existing = this.#find(input.platform, input.platformId);
    if (existing) return this.#save({ ...existing, title: input.title, active: true });
    if (!this.#store.brands.has(input.brandId)) {
      throw new Error(`foreign key violation: brand ${input.brandId} does not exist`);
    }
    if (this.#store.communities.has(input.id)) throw new Error(`unique violation: community ${input.id} exists`);
    return this.#save({
      id: input.id,
      brandId: input.brandId,
      platform: input.platform,
      platformId: input.platformId,
      title: input.title,
      timeZone: input.timeZone,
      locale: input.locale,
      settings: input.settings,
      active: true,
    });
  }

  async get(id: string): Promise<Community | null> {
    const community = this.#store.communities.get(id);
    return community ? copy(community) : null;
  }

  async findByPlatformId(platform: Platform, platformId: string): Promise<Community | null> {
    const community = this.#find(platform, platformId);
    return community ? copy(community) : null;
  }

  async listByBrand(brandId: string): Promise<Community[]> {
    return [...this.#store.communities.values()].filter((c) => c.brandId === brandId).map(copy);
  }

  async listActive(): Promise<Community[]> {
    return [...this.#store.communities.values()].filter((c) => c.active).map(copy);
  }

  async listActivePage(after: string | null, limit: number): Promise<Community[]> {
    return [...this.#store.communities.values()]
      .filter((c) => c.active && (after === null || c.id > after))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit)
      .map(copy);
  }

  async setActive(id: string, active: boolean): Promise<void> {
    const community = this.#store.communities.get(id);
    if (community) this.#save({ ...community, active });
  }

  async updateSettings(id: string, settings: CommunitySettings): Promise<Community> {
    const community = this.#store.communities.get(id);
    if (!community) throw new Error(`community ${id} does not exist`);
    return this.#save({ ...community, settings });
  }

  async updateProfile(id: string, changes: CommunityProfileChanges): Promise<Community | null> {
    const community = this.#store.communities.get(id);
    if (!community) return null;
    if (changes.brandId !== undefined && !this.#store.brands.has(changes.brandId)) {
      throw new Error(`foreign key violation: brand ${changes.brandId} does not exist`);
    }
    return this.#save({ ...community, ...changes });
  }

  async changePlatformId(platform: Platform, fromPlatformId: string, toPlatformId: string): Promise<Community | null> {
    const target = this.#find(platform, toPlatformId);
    if (fromPlatformId === toPlatformId) return target ? copy(target) : null;
    const source = this.#find(platform, fromPlatformId);
    if (!source) return target ? copy(target) : null;
    if (target) {
      this.#save({ ...target, platformId: supersededPlatformId(toPlatformId, target.id), active: false });
    }
    // What was posted in the old chat itself is posted in the new one from now on.
    const moves = (channelId: string) => channelId === fromPlatformId;
    for (const [id, poll] of pollTablesOf(this.#store).polls) {
      if (poll.communityId === source.id && moves(poll.channelId)) {
        pollTablesOf(this.#store).polls.set(id, { ...poll, channelId: toPlatformId });
      }
    }
    for (const [id, offer] of offerTablesOf(this.#store).offers) {
      if (offer.communityId === source.id && moves(offer.channelId)) {
        offerTablesOf(this.#store).offers.set(id, { ...offer, channelId: toPlatformId });
      }
    }
    for (const session of qaTablesOf(this.#store).sessions.values()) {
      if (session.communityId === source.id && moves(session.channelId)) session.channelId = toPlatformId;
    }
    const { staffChannelId } = source.settings;
    return this.#save({
      ...source,
      platformId: toPlatformId,
      formerPlatformId: fromPlatformId,
      settings: { ...source.settings, staffChannelId: moves(staffChannelId ?? "") ? toPlatformId : staffChannelId },
    });
  }

  #find(platform: Platform, platformId: string): Community | undefined {
    const all = [...this.#store.communities.values()].filter((c) => c.platform === platform);
    return all.find((c) => c.platformId === platformId) ?? all.find((c) => c.formerPlatformId === platformId);
  }

  /** Stores a community with its settings validated, as the JSON column would be, and returns a copy. */
  #save(community: Community): Community {
    const stored = { ...community, settings: communitySettingsSchema.parse(community.settings) };
    this.#store.communities.set(stored.id, stored);
    return copy(stored);
  }
}

/** A copy the caller may not use to reach into the store; settings re-parsed as on every database read. */
function copy(community: Community): Community {
  return { ...community, settings: communitySettingsSchema.parse(community.settings) };
}
