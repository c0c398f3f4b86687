import type { ScheduleFilter, ScheduleState, ScheduleStatus } from "./scheduler.port.ts";

/** A stored schedule: its status plus the payload handed to its job. */
export interface ScheduleRecord extends ScheduleStatus {
  readonly payload: unknown;
}

/** Where a schedule's series stands: the next fire and the fires left in a counted series. */
export interface SchedulePosition {
  readonly nextFireAt: Date | null;
  readonly remaining: number | null;
}

/** An attempt by one instance to take the lease on one fire. */
export interface RunClaim {
  readonly scheduleId: string;
  readonly fireAt: Date;
  /** The claiming instance's id. */
  readonly owner: string;
  /** The claiming instance's current time: a lease whose leaseUntil is before it has expired. */
  readonly now: Date;
  /** Until when the lease holds unless renewed; after that another instance may take the fire over. */
  readonly leaseUntil: Date;
}

/** How a leased fire ended, and where its schedule goes next. */
export interface RunCompletion {
  readonly scheduleId: string;
  readonly fireAt: Date;
  readonly owner: string;
  readonly completedAt: Date;
  /** "succeeded" or "failed: <reason>". */
  readonly outcome: string;
  /** The schedule's position after this fire; null nextFireAt finishes the schedule. */
  readonly next: SchedulePosition;
}

/** One row of the run ledger: a fire, who holds or held its lease, and how it ended. */
export interface ScheduleRunRecord {
  readonly scheduleId: string;
  readonly fireAt: Date;
  readonly owner: string;
  readonly leaseUntil: Date;
  readonly completedAt: Date | null;
  readonly outcome: string | null;
}

/**
 * Schedules and the run ledger that makes each fire run once across instances. Every write that races
 * with other instances is conditional, so its boolean says whether this caller won.
 */
export interface ScheduleRepository {
  /** Inserts the schedule, or replaces every field of the one with the same id (its runs are kept). */
  upsert(record: ScheduleRecord): Promise<void>;
  /** Stores several records in one transaction, as `upsert` stores one. */
  upsertMany(records: readonly ScheduleRecord[]): Promise<void>;
  /** The schedule, or null. */
  get(id: string): Promise<ScheduleRecord | null>;
  /** The stored schedules among these ids, in no particular order (unknown ids are left out). */
  getMany(ids: readonly string[]): Promise<ScheduleRecord[]>;
  /** How many schedules are active, and the soonest next fire among them: what start-up reports. */
  activeOverview(): Promise<{ readonly active: number; readonly nextFireAt: Date | null }>;
  /** Schedules matching the filter (all of them without one), soonest next fire first, none last. */
  list(filter?: ScheduleFilter): Promise<ScheduleRecord[]>;
  /** Active schedules whose next fire is at or before `now`, oldest fire first, at most `limit`. */
  listDue(now: Date, limit: number): Promise<ScheduleRecord[]>;
  /** Sets the state and position together (pause, resume, cancel); false if there is no such schedule. */
  setState(id: string, state: ScheduleState, position: SchedulePosition): Promise<boolean>;
  /**
   * Moves an active or paused schedule from the fire it was at to a new position without running anything
   * (missed fires skipped); false when another instance moved it first or it is cancelled or finished.
   */
  advance(id: string, from: Date, to: SchedulePosition): Promise<boolean>;
  /**
   * Takes the lease on one fire. True for exactly one caller per (scheduleId, fireAt), except that a lease
   * which expired before completion may be taken over, so a fire whose instance died still runs.
   */
  claimRun(claim: RunClaim): Promise<boolean>;
  /** Extends a lease this owner still holds on an uncompleted fire; false if the lease was taken over. */
  renewRun(scheduleId: string, fireAt: Date, owner: string, leaseUntil: Date): Promise<boolean>;
  /**
   * Atomically records the outcome (only if `owner` still holds the lease) and moves the schedule from
   * `fireAt` to `next`, setting lastFireAt. False, with nothing written, if the lease was taken over.
   */
  completeRun(completion: RunCompletion): Promise<boolean>;
  /** The schedule's run ledger, oldest fire first. */
  runs(scheduleId: string): Promise<ScheduleRunRecord[]>;
}
