import type { EngagementRow } from "../../../core/domain/engagement.ts";
import type { EngagementRepository } from "../../../core/ports/repositories.port.ts";
import { type InMemoryStore, rowKey } from "./in-memory-store.ts";

/**
 * Engagement events and their rollups in memory, written event by event: the plain reading of the rules
 * the database implementation follows in bulk. A batch is all-or-nothing: a row naming an unknown
 * community or member rejects the whole batch before anything is written, as the transaction would.
 */
export class EngagementRepositoryInMemory implements EngagementRepository {
  readonly #store: InMemoryStore;

  constructor(store: InMemoryStore) {
    this.#store = store;
  }

  async writeBatch(rows: readonly EngagementRow[]): Promise<number> {
    for (const row of rows) {
      this.#store.requireCommunity(row.communityId);
      if (row.memberId !== null) this.#store.requireMember(row.memberId);
    }
    let inserted = 0;
    for (const row of rows) {
      if (row.dedupeKey !== null) {
        if (this.#store.dedupeKeys.has(row.dedupeKey)) continue;
        this.#store.dedupeKeys.add(row.dedupeKey);
      }
      this.#store.events.push({
        id: this.#store.nextEventId(),
        communityId: row.communityId,
        campaignId: row.campaignId,
        kind: row.kind,
        at: new Date(row.at),
        memberId: row.memberId,
        dedupeKey: row.dedupeKey,
      });
      this.#count(row);
      inserted += 1;
    }
    return inserted;
  }

  #count(row: EngagementRow): void {
    const { dailyRollups, hourlyRollups, memberActivity } = this.#store;
    const dayKey = rowKey(row.communityId, row.day, row.kind);
    let daily = dailyRollups.get(dayKey);
    if (!daily) {
      daily = {
        communityId: row.communityId,
        day: row.day,
        kind: row.kind,
        count: 0,
        anonymousCount: 0,
        distinctMembers: 0,
      };
      dailyRollups.set(dayKey, daily);
    }
    daily.count += 1;

    const hourKey = rowKey(row.communityId, row.hour.getTime(), row.kind);
    const hourly = hourlyRollups.get(hourKey);
    if (hourly) hourly.count += 1;
    else
      hourlyRollups.set(hourKey, { communityId: row.communityId, hour: new Date(row.hour), kind: row.kind, count: 1 });

    if (row.memberId === null) {
      daily.anonymousCount += 1;
      return;
    }
    const activityKey = rowKey(row.communityId, row.memberId, row.day, row.kind);
    const activity = memberActivity.get(activityKey);
    if (activity) {
      activity.count += 1;
      return;
    }
    memberActivity.set(activityKey, {
      communityId: row.communityId,
      memberId: row.memberId,
      day: row.day,
      kind: row.kind,
      count: 1,
    });
    daily.distinctMembers += 1;
  }
}
