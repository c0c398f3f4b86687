import type {
  RunClaim,
  RunCompletion,
  SchedulePosition,
  ScheduleRecord,
  ScheduleRepository,
  ScheduleRunRecord,
} from "../../../core/ports/schedule-repository.port.ts";
import type { ScheduleFilter, ScheduleState } from "../../../core/ports/scheduler.port.ts";

/**
 * Schedules and their run ledger in memory, for unit tests and single-process tools. Each method runs to
 * completion without awaiting, so within one process it is as atomic as the database's conditional writes.
 */
export class InMemoryScheduleRepository implements ScheduleRepository {
  readonly #schedules = new Map<string, ScheduleRecord>();
  readonly #runs = new Map<string, ScheduleRunRecord>();

  async upsert(record: ScheduleRecord): Promise<void> {
    this.#schedules.set(record.id, { ...record });
  }

  async upsertMany(records: readonly ScheduleRecord[]): Promise<void> {
    for (const record of records) this.#schedules.set(record.id, { ...record });
  }

  async get(id: string): Promise<ScheduleRecord | null> {
    const found = this.#schedules.get(id);
    return found ? { ...found } : null;
  }

  async getMany(ids: readonly string[]): Promise<ScheduleRecord[]> {
    return ids.flatMap((id) => {
      const found = this.#schedules.get(id);
      return found ? [{ ...found }] : [];
    });
  }

  async activeOverview(): Promise<{ active: number; nextFireAt: Date | null }> {
    const active = await this.list({ states: ["active"] });
    return { active: active.length, nextFireAt: active[0]?.nextFireAt ?? null };
  }

  async list(filter: ScheduleFilter = {}): Promise<ScheduleRecord[]> {
    return [...this.#schedules.values()]
      .filter(
        (s) =>
          (filter.communityId === undefined || s.communityId === filter.communityId) &&
          (filter.campaignId === undefined || s.campaignId === filter.campaignId) &&
          (filter.states === undefined || filter.states.includes(s.state)),
      )
      .sort((a, b) => fireOrder(a.nextFireAt) - fireOrder(b.nextFireAt) || a.id.localeCompare(b.id))
      .map((s) => ({ ...s }));
  }

  async listDue(now: Date, limit: number): Promise<ScheduleRecord[]> {
    const active = await this.list({ states: ["active"] });
    return active.filter((s) => s.nextFireAt && s.nextFireAt.getTime() <= now.getTime()).slice(0, limit);
  }

  async setState(id: string, state: ScheduleState, position: SchedulePosition): Promise<boolean> {
    const found = this.#schedules.get(id);
    if (!found) return false;
    this.#schedules.set(id, { ...found, state, nextFireAt: position.nextFireAt, remaining: position.remaining });
    return true;
  }

  async advance(id: string, from: Date, to: SchedulePosition): Promise<boolean> {
    const found = this.#schedules.get(id);
    if (!found || !isAt(found, from)) return false;
    this.#schedules.set(id, {
      ...found,
      nextFireAt: to.nextFireAt,
      remaining: to.remaining,
      state: stateAfter(found.state, to),
    });
    return true;
  }

  async claimRun(claim: RunClaim): Promise<boolean> {
    const key = runKey(claim.scheduleId, claim.fireAt);
    const existing = this.#runs.get(key);
    const expired = existing && !existing.completedAt && existing.leaseUntil.getTime() < claim.now.getTime();
    if (existing && !expired) return false;
    const { scheduleId, fireAt, owner, leaseUntil } = claim;
    this.#runs.set(key, { scheduleId, fireAt, owner, leaseUntil, completedAt: null, outcome: null });
    return true;
  }

  async renewRun(scheduleId: string, fireAt: Date, owner: string, leaseUntil: Date): Promise<boolean> {
    const key = runKey(scheduleId, fireAt);
    const run = this.#runs.get(key);
    if (!run || run.owner !== owner || run.completedAt) return false;
    this.#runs.set(key, { ...run, leaseUntil });
    return true;
  }

  async completeRun(completion: RunCompletion): Promise<boolean> {
    const key = runKey(completion.scheduleId, completion.fireAt);
    const run = this.#runs.get(key);
    if (!run || run.owner !== completion.owner || run.completedAt) return false;
    this.#runs.set(key, { ...run, completedAt: completion.completedAt, outcome: completion.outcome });
    const schedule = this.#schedules.get(completion.scheduleId);
    if (!schedule) return true;
    const { next } = completion;
    const moved = isAt(schedule, completion.fireAt)
      ? { nextFireAt: next.nextFireAt, remaining: next.remaining, state: stateAfter(schedule.state, next) }
      : {};
    const lastFireAt =
      schedule.lastFireAt && schedule.lastFireAt.getTime() > completion.fireAt.getTime()
        ? schedule.lastFireAt
        : completion.fireAt;
    this.#schedules.set(schedule.id, { ...schedule, ...moved, lastFireAt });
    return true;
  }

  async runs(scheduleId: string): Promise<ScheduleRunRecord[]> {
    return [...this.#runs.values()]
      .filter((run) => run.scheduleId === scheduleId)
      .sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime())
      .map((run) => ({ ...run }));
  }
}

function runKey(scheduleId: string, fireAt: Date): string {
  return `${scheduleId}@${fireAt.toISOString()}`;
}

function fireOrder(at: Date | null): number {
  return at ? at.getTime() : Number.MAX_SAFE_INTEGER;
}

/** Whether an active or paused schedule is still at the fire a caller read. */
function isAt(schedule: ScheduleRecord, fireAt: Date): boolean {
  const live = schedule.state === "active" || schedule.state === "paused";
  return live && schedule.nextFireAt?.getTime() === fireAt.getTime();
}

/** A schedule with no fire left is finished. */
function stateAfter(state: ScheduleState, position: SchedulePosition): ScheduleState {
  return position.nextFireAt ? state : "finished";
}
