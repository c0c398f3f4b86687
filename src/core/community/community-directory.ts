import { randomUUID } from "node:crypto";
import { type Community, defaultCommunitySettings } from "../domain/community.ts";
import type { Locale, Platform } from "../domain/platform.ts";
import type { Repositories } from "../ports/repositories.port.ts";

/** Defaults for communities the bot meets for the first time. */
export interface CommunityDefaults {
  readonly brandId: string;
  readonly brandName: string;
  readonly timeZone: string;
  readonly locale: Locale;
}

/** Creates, finds and retires communities as the platforms report them. */
export class CommunityDirectory {
  readonly #repositories: Repositories;
  readonly #defaults: CommunityDefaults;
  #brandReady: Promise<void> | null = null;

  constructor(repositories: Repositories, defaults: CommunityDefaults) {
    this.#repositories = repositories;
    this.#defaults = defaults;
  }

  /** The community for a guild or group, created (in the default brand) the first time it is seen. */
  async ensure(platform: Platform, platformId: string, title: string): Promise<Community> {
    const existing = await this.#repositories.communities.findByPlatformId(platform, platformId);
    if (existing?.active && existing.title === title) return existing;
    await this.#ensureDefaultBrand();
    return this.#repositories.communities.upsertByPlatformId({
      id: existing?.id ?? randomUUID(),
      brandId: existing?.brandId ?? this.#defaults.brandId,
      platform,
      // Found under the id it had before a move: it keeps its current one.
      platformId: existing?.platformId ?? platformId,
      title,
      timeZone: existing?.timeZone ?? this.#defaults.timeZone,
      locale: existing?.locale ?? this.#defaults.locale,
      settings: existing?.settings ?? defaultCommunitySettings(),
    });
  }

  /** Marks a community inactive (the bot was removed); its data stays for the brand's reports. */
  async retire(platform: Platform, platformId: string): Promise<void> {
    const existing = await this.#repositories.communities.findByPlatformId(platform, platformId);
    if (existing) await this.#repositories.communities.setActive(existing.id, false);
  }

  /** Follows a platform id change (Telegram group → supergroup) without losing anything. */
  async move(platform: Platform, fromPlatformId: string, toPlatformId: string): Promise<Community | null> {
    return this.#repositories.communities.changePlatformId(platform, fromPlatformId, toPlatformId);
  }

  #ensureDefaultBrand(): Promise<void> {
    this.#brandReady ??= (async () => {
      const brand = await this.#repositories.brands.get(this.#defaults.brandId);
      if (brand) return;
      // Another instance may create it at the same moment: losing that race is fine.
      await this.#repositories.brands
        .create({ id: this.#defaults.brandId, name: this.#defaults.brandName })
        .catch(async (error: unknown) => {
          if (!(await this.#repositories.brands.get(this.#defaults.brandId))) throw error;
        });
    })().catch((error: unknown) => {
      this.#brandReady = null;
      throw error;
    });
    return this.#brandReady;
  }
}
