import { type Community, type CommunitySettings, communitySettingsSchema } from "../../core/domain/community.ts";
import { localeSchema, type Platform, platformSchema } from "../../core/domain/platform.ts";
import type { CommunityProfileChanges, CommunityRepository, NewCommunity } from "../../core/ports/repositories.port.ts";
import type { DatabaseClient } from "../database-client.ts";
import { supersededPlatformId } from "./community-keys.ts";
import { isUniqueViolation } from "./processed-update.repository.ts";
import { openKey } from "./qa-rows.ts";

/** Communities in the database, unique by (platform, platformId). */
export class CommunityRepositoryPrisma implements CommunityRepository {
  readonly #prisma: DatabaseClient;

  constructor(prisma: DatabaseClient) {
    this.#prisma = prisma;
  }

  async upsertByPlatformId(input: NewCommunity): Promise<Community> {
    const upsert = () =>
      this.#prisma.community.upsert({
        where: { platform_platformId: { platform: input.platform, platformId: input.platformId } },
        create: {
          id: input.id,
          brandId: input.brandId,
          platform: input.platform,
          platformId: input.platformId,
          title: input.title,
          timeZone: input.timeZone,
          locale: input.locale,
          settings: communitySettingsSchema.parse(input.settings),
          active: true,
        },
        update: { title: input.title, active: true },
      });
    try {
      return toCommunity(await upsert());
    } catch (error) {
      // Prisma may run the upsert as read-then-write; whoever lost the race to create now finds the row.
      if (!isUniqueViolation(error)) throw error;
      return toCommunity(await upsert());
    }
  }

  async get(id: string): Promise<Community | null> {
    const row = await this.#prisma.community.findUnique({ where: { id } });
    return row ? toCommunity(row) : null;
  }

  async findByPlatformId(platform: Platform, platformId: string): Promise<Community | null> {
    const row = await this.#prisma.community.findUnique({ where: { platform_platformId: { platform, platformId } } });
    return row ? toCommunity(row) : this.findByFormerPlatformId(platform, platformId);
  }

  /** The community that had this platform id before it moved, or null. */
  protected async findByFormerPlatformId(platform: Platform, platformId: string): Promise<Community | null> {
    const row = await this.#prisma.community.findFirst({
      where: { platform, formerPlatformId: platformId },
      orderBy: { updatedAt: "desc" },
    });
    return row ? toCommunity(row) : null;
  }

  async listByBrand(brandId: string): Promise<Community[]> {
    const rows = await this.#prisma.community.findMany({
      where: { brandId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toCommunity);
  }

  async listActive(): Promise<Community[]> {
    const rows = await this.#prisma.community.findMany({
      where: { active: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toCommunity);
  }

  async listActivePage(after: string | null, limit: number): Promise<Community[]> {
    const rows = await this.#prisma.community.findMany({
      where: { active: true, ...(after === null ? {} : { id: { gt: after } }) },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map(toCommunity);
  }

  async setActive(id: string, active: boolean): Promise<void> {
    await this.#prisma.community.updateMany({ where: { id }, data: { active } });
  }

  async updateSettings(id: string, settings: CommunitySettings): Promise<Community> {
    const row = await this.#prisma.community.update({
      where: { id },
      data: { settings: communitySettingsSchema.parse(settings) },
    });
    return toCommunity(row);
  }

  async updateProfile(id: string, changes: CommunityProfileChanges): Promise<Community | null> {
    const { count } = await this.#prisma.community.updateMany({ where: { id }, data: { ...changes } });
    return count === 0 ? null : this.get(id);
  }

  /**
   * Re-keys the same row, so members, events, rollups and consents stay attached. When the new id already
   * names a community (the supergroup spoke before the migration notice arrived), that newcomer is
   * deactivated and parked under `<toPlatformId>#superseded:<its id>`, keeping its few rows rather than
   * deleting them. Returns the moved community; when nothing is at the old id, the one already at the new
   * id (a redelivered migration notice), or null.
   */
  async changePlatformId(platform: Platform, fromPlatformId: string, toPlatformId: string): Promise<Community | null> {
    if (fromPlatformId === toPlatformId) return this.findByPlatformId(platform, toPlatformId);
    const row = await this.#prisma.$transaction(async (tx) => {
      const source = await tx.community.findUnique({
        where: { platform_platformId: { platform, platformId: fromPlatformId } },
      });
      const target = await tx.community.findUnique({
        where: { platform_platformId: { platform, platformId: toPlatformId } },
      });
      if (!source) return target;
      if (target) {
        await tx.community.update({
          where: { id: target.id },
          data: { platformId: supersededPlatformId(toPlatformId, target.id), active: false },
        });
      }
      // What was posted in the old chat itself is posted in the new one from now on.
      const moved = { communityId: source.id, channelId: fromPlatformId };
      await tx.campaign.updateMany({ where: moved, data: { channelId: toPlatformId } });
      await tx.qaSession.updateMany({
        where: { ...moved, openChannelKey: { not: null } },
        data: { channelId: toPlatformId, openChannelKey: openKey(source.id, toPlatformId) },
      });
      await tx.qaSession.updateMany({ where: moved, data: { channelId: toPlatformId } });
      const settings = communitySettingsSchema.parse(source.settings);
      return tx.community.update({
        where: { id: source.id },
        data: {
          platformId: toPlatformId,
          formerPlatformId: fromPlatformId,
          ...(settings.staffChannelId === fromPlatformId
            ? { settings: { ...settings, staffChannelId: toPlatformId } }
            : {}),
        },
      });
    });
    return row ? toCommunity(row) : null;
  }
}

/** A Community row's fields as read (the SQLite hot path parses its raw row's JSON and flag into this first). */
interface StoredCommunity {
  readonly id: string;
  readonly brandId: string;
  readonly platform: string;
  readonly platformId: string;
  readonly formerPlatformId: string | null;
  readonly title: string;
  readonly timeZone: string;
  readonly locale: string;
  readonly settings: unknown;
  readonly active: boolean;
}

export function toCommunity(row: StoredCommunity): Community {
  return {
    id: row.id,
    brandId: row.brandId,
    platform: platformSchema.parse(row.platform),
    platformId: row.platformId,
    ...(row.formerPlatformId !== null ? { formerPlatformId: row.formerPlatformId } : {}),
    title: row.title,
    timeZone: row.timeZone,
    locale: localeSchema.parse(row.locale),
    settings: communitySettingsSchema.parse(row.settings),
    active: row.active,
  };
}
