/** What a handler receives for one fire of a schedule. */
export interface ScheduledFire {
  /** The schedule that fired. */
  readonly scheduleId: string;
  /** The planned fire instant (not when the handler started): the key that makes the handler idempotent. */
  readonly fireAt: Date;
  /** The schedule's payload, as stored; the handler validates it with its job's zod schema. */
  readonly payload: unknown;
}

/**
 * A job the scheduler runs. It must be idempotent for a given (scheduleId, fireAt): a fire whose instance
 * died mid-run is run again by another instance once the lease expires. Throwing marks the fire failed
 * (it is not retried).
 */
export type ScheduledJobHandler = (fire: ScheduledFire) => Promise<void>;

/**
 * A schedule to store: a one-off at `runAt`, or a recurring cron expression; both read in `timeZone`.
 * Daylight saving never skips or doubles a fire: a local time the clocks skip fires at the first instant
 * after the gap, a local time shown twice fires once (its first occurrence).
 */
export interface ScheduleSpec {
  /** Stable id chosen by the caller, so storing the same spec twice changes nothing. */
  readonly id: string;
  /** The registered job to run, for example "campaign.start" or "digest.weekly". */
  readonly job: string;
  /** JSON-serializable input for the job. */
  readonly payload: unknown;
  /** IANA time zone, usually the community's. */
  readonly timeZone: string;
  /** Recurring: five fields (minute hour day-of-month month day-of-week) in `timeZone`. */
  readonly cron?: string | null;
  /** One-off: the instant to fire (localDateTimeToInstant turns a local date-time into one). */
  readonly runAt?: Date | null;
  /** Recurring: the earliest instant of the series; defaults to when the schedule is first stored. */
  readonly startsAt?: Date | null;
  /** Recurring: no fire after this instant. */
  readonly endsAt?: Date | null;
  /** Recurring: how many fires the series has in all (skipped ones included). */
  readonly count?: number | null;
  /** The community the schedule belongs to, if any (built-in jobs have none). */
  readonly communityId?: string | null;
  /** The campaign the schedule belongs to, if any. */
  readonly campaignId?: string | null;
}

/** The life of a schedule: paused and cancelled by moderators, finished when no fire is left. */
export type ScheduleState = "active" | "paused" | "cancelled" | "finished";

/** A stored schedule as listings show it. */
export interface ScheduleStatus {
  readonly id: string;
  readonly job: string;
  readonly timeZone: string;
  /** The cron expression of a recurring schedule; null for a one-off. */
  readonly cron: string | null;
  /** A one-off's instant, or a series' start. */
  readonly runAt: Date | null;
  readonly endsAt: Date | null;
  /** Fires left in a counted series, the next one included; null when the series is not counted. */
  readonly remaining: number | null;
  readonly state: ScheduleState;
  /** The next planned fire; null when none is left or the schedule is cancelled. */
  readonly nextFireAt: Date | null;
  /** The last fire that ran. */
  readonly lastFireAt: Date | null;
  readonly communityId: string | null;
  readonly campaignId: string | null;
}

/** Which schedules a listing returns; every given field must match. */
export interface ScheduleFilter {
  readonly communityId?: string;
  readonly campaignId?: string;
  readonly states?: readonly ScheduleState[];
}

/**
 * Runs jobs on schedules kept in the database, once per fire across every running instance
 * (implemented in src/scheduling with node-cron and a database lease).
 */
export interface Scheduler {
  /** Registers the handler for a job name; fires of unregistered jobs are left to instances that know them. */
  register(job: string, handler: ScheduledJobHandler): void;
  /**
   * Stores a schedule (same id: updates it) and returns its status. Storing an unchanged timing keeps the
   * schedule's progress and state, so applying the same plan twice changes nothing; a changed timing
   * restarts it from now. Throws RangeError on an invalid spec: callers validate first with timingOf.
   */
  upsert(spec: ScheduleSpec): Promise<ScheduleStatus>;
  /**
   * Stores several schedules as `upsert` stores each one, in one transaction, and writes only those whose stored
   * schedule would change; returns how many it wrote. Start-up arms per-community schedules this way, a page at
   * a time. Throws RangeError on an invalid spec, storing none of them.
   */
  upsertMany(specs: readonly ScheduleSpec[]): Promise<number>;
  /** The schedule's status, or null if there is no such schedule. */
  get(id: string): Promise<ScheduleStatus | null>;
  /** Schedules matching the filter, soonest next fire first. */
  list(filter?: ScheduleFilter): Promise<ScheduleStatus[]>;
  /** Stops future fires until resumed; a fire already running completes. Null if there is no such schedule. */
  pause(id: string): Promise<ScheduleStatus | null>;
  /** Resumes a paused schedule from now on: fires planned while it was paused are skipped, not caught up. */
  resume(id: string): Promise<ScheduleStatus | null>;
  /** Ends the schedule for good. Null if there is no such schedule. */
  cancel(id: string): Promise<ScheduleStatus | null>;
  /** Re-arms every active schedule from the database and catches up fires missed within the grace window. */
  start(): Promise<void>;
  /** Stops firing and waits for the handlers that are running. */
  stop(): Promise<void>;
}
