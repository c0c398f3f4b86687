import type {
  RunClaim,
  RunCompletion,
  SchedulePosition,
  ScheduleRecord,
  ScheduleRepository,
  ScheduleRunRecord,
} from "../../core/ports/schedule-repository.port.ts";
import type { ScheduleFilter, ScheduleState } from "../../core/ports/scheduler.port.ts";
import { Prisma, type PrismaClient } from "../generated/sqlite/client.ts";
import type { ScheduleModel } from "../generated/sqlite/models/Schedule.ts";
import { isUniqueViolation } from "./processed-update.repository.ts";

/** The states in which a schedule still moves from fire to fire. */
const LIVE_STATES: ScheduleState[] = ["active", "paused"];

/**
 * Schedules and the ScheduleRun lease ledger on SQLite or PostgreSQL. Races between instances are settled
 * by the database, never by a read followed by a write: a claim is an insert that the (scheduleId, fireAt)
 * primary key lets only one instance win (P2002 for the others), a take-over of an expired lease and every
 * schedule move are updates conditioned on the state the caller read. PostgreSQL re-checks an UPDATE's
 * WHERE after waiting for a concurrent writer's row lock, and SQLite serializes writers, so of two
 * instances racing for the same expired lease only one sees its update count 1.
 */
export class ScheduleRepositoryPrisma implements ScheduleRepository {
  readonly #prisma: PrismaClient;

  constructor(prisma: PrismaClient) {
    this.#prisma = prisma;
  }

  async upsert(record: ScheduleRecord): Promise<void> {
    await this.#prisma.schedule.upsert(upsertArgs(record));
  }

  async upsertMany(records: readonly ScheduleRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.#prisma.$transaction(async (tx) => {
      for (const record of records) await tx.schedule.upsert(upsertArgs(record));
    });
  }

  async get(id: string): Promise<ScheduleRecord | null> {
    const row = await this.#prisma.schedule.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async getMany(ids: readonly string[]): Promise<ScheduleRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.#prisma.schedule.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toRecord);
  }

  async activeOverview(): Promise<{ active: number; nextFireAt: Date | null }> {
    const found = await this.#prisma.schedule.aggregate({
      where: { state: "active" },
      _count: { _all: true },
      _min: { nextFireAt: true },
    });
    return { active: found._count._all, nextFireAt: found._min.nextFireAt };
  }

  async list(filter: ScheduleFilter = {}): Promise<ScheduleRecord[]> {
    const rows = await this.#prisma.schedule.findMany({
      where: {
        communityId: filter.communityId,
        campaignId: filter.campaignId,
        state: filter.states ? { in: [...filter.states] } : undefined,
      },
      orderBy: { id: "asc" },
    });
    // Sorted here because NULLS LAST is spelled differently on the two providers.
    const order = (at: Date | null) => at?.getTime() ?? Number.MAX_SAFE_INTEGER;
    return rows.map(toRecord).sort((a, b) => order(a.nextFireAt) - order(b.nextFireAt));
  }

  async listDue(now: Date, limit: number): Promise<ScheduleRecord[]> {
    const rows = await this.#prisma.schedule.findMany({
      where: { state: "active", nextFireAt: { lte: now } },
      orderBy: [{ nextFireAt: "asc" }, { id: "asc" }],
      take: limit,
    });
    return rows.map(toRecord);
  }

  async setState(id: string, state: ScheduleState, position: SchedulePosition): Promise<boolean> {
    const { count } = await this.#prisma.schedule.updateMany({
      where: { id },
      data: { state, nextFireAt: position.nextFireAt, remaining: position.remaining },
    });
    return count === 1;
  }

  async advance(id: string, from: Date, to: SchedulePosition): Promise<boolean> {
    const { count } = await this.#prisma.schedule.updateMany({
      where: { id, nextFireAt: from, state: { in: LIVE_STATES } },
      data: moveTo(to),
    });
    return count === 1;
  }

  async claimRun(claim: RunClaim): Promise<boolean> {
    const { scheduleId, fireAt, owner, now, leaseUntil } = claim;
    try {
      await this.#prisma.scheduleRun.create({ data: { scheduleId, fireAt, owner, leaseUntil } });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    // Someone holds or held this fire: take it over only if its lease ran out before it completed.
    const { count } = await this.#prisma.scheduleRun.updateMany({
      where: { scheduleId, fireAt, completedAt: null, leaseUntil: { lt: now } },
      data: { owner, leaseUntil },
    });
    return count === 1;
  }

  async renewRun(scheduleId: string, fireAt: Date, owner: string, leaseUntil: Date): Promise<boolean> {
    const { count } = await this.#prisma.scheduleRun.updateMany({
      where: { scheduleId, fireAt, owner, completedAt: null },
      data: { leaseUntil },
    });
    return count === 1;
  }

  async completeRun(completion: RunCompletion): Promise<boolean> {
    const { scheduleId, fireAt, owner, completedAt, outcome, next } = completion;
    return this.#prisma.$transaction(async (tx) => {
      const finished = await tx.scheduleRun.updateMany({
        where: { scheduleId, fireAt, owner, completedAt: null },
        data: { completedAt, outcome },
      });
      if (finished.count === 0) return false;
      await tx.schedule.updateMany({
        where: { id: scheduleId, nextFireAt: fireAt, state: { in: LIVE_STATES } },
        data: moveTo(next),
      });
      await tx.schedule.updateMany({
        where: { id: scheduleId, OR: [{ lastFireAt: null }, { lastFireAt: { lt: fireAt } }] },
        data: { lastFireAt: fireAt },
      });
      return true;
    });
  }

  async runs(scheduleId: string): Promise<ScheduleRunRecord[]> {
    return this.#prisma.scheduleRun.findMany({
      where: { scheduleId },
      orderBy: { fireAt: "asc" },
      select: { scheduleId: true, fireAt: true, owner: true, leaseUntil: true, completedAt: true, outcome: true },
    });
  }
}

function upsertArgs(record: ScheduleRecord) {
  const { id, payload, ...fields } = record;
  const data = { ...fields, payload: payload == null ? Prisma.JsonNull : (payload as Prisma.InputJsonValue) };
  return { where: { id }, create: { id, ...data }, update: data };
}

/** The update that moves a live schedule to a position; with no fire left it is finished. */
function moveTo(position: SchedulePosition) {
  const { nextFireAt, remaining } = position;
  return nextFireAt ? { nextFireAt, remaining } : { nextFireAt, remaining, state: "finished" as const };
}

function toRecord(row: ScheduleModel): ScheduleRecord {
  return {
    id: row.id,
    job: row.job,
    payload: row.payload,
    timeZone: row.timeZone,
    cron: row.cron,
    runAt: row.runAt,
    endsAt: row.endsAt,
    remaining: row.remaining,
    state: row.state,
    nextFireAt: row.nextFireAt,
    lastFireAt: row.lastFireAt,
    communityId: row.communityId,
    campaignId: row.campaignId,
  };
}
