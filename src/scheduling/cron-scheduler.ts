import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { createTask, type ScheduledTask } from "node-cron";
import type { Clock } from "../core/ports/clock.port.ts";
import type { Logger } from "../core/ports/logger.port.ts";
import type { SchedulePosition, ScheduleRecord, ScheduleRepository } from "../core/ports/schedule-repository.port.ts";
import type {
  ScheduledJobHandler,
  ScheduleFilter,
  Scheduler,
  ScheduleSpec,
  ScheduleStatus,
} from "../core/ports/scheduler.port.ts";
import { advancePast, type ScheduleTiming } from "../core/scheduling/next-fire.ts";
import { planDue } from "./due-plan.ts";
import { recordFor, resumePosition, sameRecord, statusOf, timingOfRecord, withState } from "./schedule-record.ts";

/** Due schedules looked at, and so fires started together, per tick unless configured otherwise. */
export const defaultDueBatch = 100;

/** How a CronScheduler is wired and tuned. */
export interface CronSchedulerOptions {
  readonly repository: ScheduleRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This instance's name in the lease ledger; unique per process. Defaults to host:pid:random. */
  readonly owner?: string;
  /** How late a missed fire may still run (once); older ones are skipped and logged. Default 15 minutes. */
  readonly graceMs?: number;
  /** How long a claimed fire is leased; renewed every third of it while the handler runs. Default 60 s. */
  readonly leaseMs?: number;
  /** node-cron expression of the wall-clock tick that looks for due fires. Default every second. */
  readonly tick?: string;
  /** Due schedules looked at per tick. Default `defaultDueBatch`. */
  readonly batchSize?: number;
}

/**
 * The Scheduler port on node-cron and the database. Schedules and the run ledger live in the repository;
 * node-cron is only the wall-clock trigger that asks, every tick, what is due at the Clock's now. Fire
 * instants come from core/scheduling/next-fire.ts rather than node-cron, because node-cron 4.6 skips a day
 * whose time falls in a spring-forward gap and runs a repeated hour's time on its second pass.
 * Each due fire is leased in ScheduleRun under (schedule, fire instant), so across instances it runs once;
 * a lease left by a dead instance expires and another instance takes the fire over.
 */
export class CronScheduler implements Scheduler {
  readonly #repository: ScheduleRepository;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #owner: string;
  readonly #graceMs: number;
  readonly #leaseMs: number;
  readonly #tick: string;
  readonly #batchSize: number;
  readonly #handlers = new Map<string, ScheduledJobHandler>();
  /** Fires this instance is running, by `${scheduleId}@${fireAt}`. */
  readonly #running = new Map<string, Promise<void>>();
  readonly #reportedBroken = new Set<string>();
  #task: ScheduledTask | null = null;
  #scanning: Promise<Promise<void>[]> | null = null;

  constructor(options: CronSchedulerOptions) {
    this.#repository = options.repository;
    this.#clock = options.clock;
    this.#owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
    this.#logger = options.logger.child({ component: "scheduler", owner: this.#owner });
    this.#graceMs = options.graceMs ?? 15 * 60_000;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#tick = options.tick ?? "* * * * * *";
    this.#batchSize = options.batchSize ?? defaultDueBatch;
  }

  register(job: string, handler: ScheduledJobHandler): void {
    this.#handlers.set(job, handler);
  }

  async upsert(spec: ScheduleSpec): Promise<ScheduleStatus> {
    const record = recordFor(spec, await this.#repository.get(spec.id), this.#clock.now());
    await this.#repository.upsert(record);
    return statusOf(record);
  }

  async upsertMany(specs: readonly ScheduleSpec[]): Promise<number> {
    const stored = new Map((await this.#repository.getMany(specs.map((spec) => spec.id))).map((r) => [r.id, r]));
    const now = this.#clock.now();
    const changed = specs
      .map((spec) => ({ record: recordFor(spec, stored.get(spec.id) ?? null, now), existing: stored.get(spec.id) }))
      .filter(({ record, existing }) => !existing || !sameRecord(record, existing))
      .map(({ record }) => record);
    await this.#repository.upsertMany(changed);
    return changed.length;
  }

  async get(id: string): Promise<ScheduleStatus | null> {
    const record = await this.#repository.get(id);
    return record && statusOf(record);
  }

  async list(filter?: ScheduleFilter): Promise<ScheduleStatus[]> {
    return (await this.#repository.list(filter)).map(statusOf);
  }

  pause(id: string): Promise<ScheduleStatus | null> {
    return this.#transition(id, (r) => (r.state === "active" ? withState("paused", positionOf(r)) : null));
  }

  resume(id: string): Promise<ScheduleStatus | null> {
    const now = this.#clock.now();
    return this.#transition(id, (r) => (r.state === "paused" ? withState("active", resumePosition(r, now)) : null));
  }

  cancel(id: string): Promise<ScheduleStatus | null> {
    return this.#transition(id, (r) =>
      r.state === "active" || r.state === "paused"
        ? { state: "cancelled", nextFireAt: null, remaining: r.remaining }
        : null,
    );
  }

  async start(): Promise<void> {
    if (this.#task) return;
    // Counted in the database: start-up holds no list of every schedule (10,000 communities are 10,000 rows).
    const { active, nextFireAt } = await this.#repository.activeOverview();
    this.#logger.info({ schedules: active, nextFireAt }, "scheduler armed from the database");
    this.#task = createTask(this.#tick, () => this.#onTick(), {
      name: `circolo-scheduler:${this.#owner}`,
      noOverlap: true,
      // Catching up is the scan's job (grace window), so node-cron's own missed-tick warnings are noise.
      suppressMissedWarning: true,
      logger: {
        info: (message) => this.#logger.debug({ source: "node-cron" }, message),
        warn: (message) => this.#logger.warn({ source: "node-cron" }, message),
        error: (message, error) => this.#logger.error({ source: "node-cron", err: error }, String(message)),
        debug: (message) => this.#logger.debug({ source: "node-cron" }, String(message)),
      },
    });
    await this.#task.start();
    await this.#onTick();
  }

  async stop(): Promise<void> {
    const task = this.#task;
    this.#task = null;
    if (task) await task.destroy();
    await this.#scanning;
    await Promise.all(this.#running.values());
  }

  /**
   * Runs every fire due at the clock's now and waits for those handlers: one tick, callable directly so
   * tests can drive the scheduler with a fake clock. Returns how many fires this instance ran.
   */
  async runDueFires(): Promise<number> {
    const launched = await this.#scan();
    await Promise.all(launched);
    return launched.length;
  }

  async #onTick(): Promise<void> {
    if (!this.#task) return;
    await this.#scan();
  }

  /** Looks for due fires once at a time per instance, and starts the ones this instance wins. */
  #scan(): Promise<Promise<void>[]> {
    this.#scanning ??= this.#findAndLaunch().finally(() => {
      this.#scanning = null;
    });
    return this.#scanning;
  }

  async #findAndLaunch(): Promise<Promise<void>[]> {
    const now = this.#clock.now();
    const launched: Promise<void>[] = [];
    try {
      for (const record of await this.#repository.listDue(now, this.#batchSize)) {
        if (this.#running.has(fireKey(record.id, record.nextFireAt))) continue;
        const launch = await this.#handleDue(record, now).catch((error: unknown) => {
          this.#logger.error({ scheduleId: record.id, err: error }, "due schedule could not be handled");
          return null;
        });
        if (launch) launched.push(launch.run);
      }
    } catch (error) {
      this.#logger.error({ err: error }, "due schedules could not be read");
    }
    return launched;
  }

  async #handleDue(record: ScheduleRecord, now: Date): Promise<LaunchedFire | null> {
    const timing = this.#timingOf(record);
    const due = record.nextFireAt;
    if (!timing || !due) return null;
    const plan = planDue(timing, record, now, this.#graceMs);
    if (plan.skipTo) {
      // Conditional on the fire read, so when several instances skip the same fires one logs it.
      if (!(await this.#repository.advance(record.id, due, plan.skipTo))) return null;
      this.#logger.warn(
        {
          scheduleId: record.id,
          job: record.job,
          missedFrom: due,
          runningLate: plan.run,
          next: plan.skipTo.nextFireAt,
        },
        plan.run
          ? "missed fires: catching up once within the grace window"
          : "missed fires outside the grace window skipped",
      );
    }
    const fireAt = plan.run;
    const handler = this.#handlers.get(record.job);
    // An instance without the job's handler (say, mid-deploy) leaves the fire to one that has it.
    if (!fireAt || !handler) return null;
    const leaseUntil = new Date(now.getTime() + this.#leaseMs);
    const claim = { scheduleId: record.id, fireAt, owner: this.#owner, now, leaseUntil };
    if (!(await this.#repository.claimRun(claim))) return null;
    const position = plan.skipTo ?? positionOf(record);
    const next = advancePast(timing, position, fireAt);
    const key = fireKey(record.id, fireAt);
    const run = this.#execute(record, fireAt, handler, next).finally(() => this.#running.delete(key));
    this.#running.set(key, run);
    return { run };
  }

  async #execute(
    record: ScheduleRecord,
    fireAt: Date,
    handler: ScheduledJobHandler,
    next: SchedulePosition,
  ): Promise<void> {
    const fields = { scheduleId: record.id, job: record.job, fireAt };
    const started = performance.now();
    const renewal = setInterval(() => this.#renew(record.id, fireAt), Math.max(1, this.#leaseMs / 3));
    renewal.unref();
    let outcome = "succeeded";
    try {
      await handler({ scheduleId: record.id, fireAt, payload: record.payload });
    } catch (error) {
      outcome = `failed: ${error instanceof Error ? error.name : "non-error thrown"}`;
      this.#logger.error({ ...fields, err: error }, "scheduled job failed");
    } finally {
      clearInterval(renewal);
    }
    const completion = { ...fields, owner: this.#owner, completedAt: this.#clock.now(), outcome, next };
    try {
      const recorded = await this.#repository.completeRun(completion);
      if (!recorded) this.#logger.warn(fields, "lease was taken over before the fire completed");
    } catch (error) {
      // The lease will expire and another instance runs the fire again; handlers are idempotent for it.
      this.#logger.error({ ...fields, err: error }, "fire completion could not be recorded");
    }
    this.#logger.info(
      { ...fields, outcome, durationMs: Math.round(performance.now() - started) },
      "scheduled fire ran",
    );
  }

  #renew(scheduleId: string, fireAt: Date): void {
    const leaseUntil = new Date(this.#clock.now().getTime() + this.#leaseMs);
    this.#repository.renewRun(scheduleId, fireAt, this.#owner, leaseUntil).then(
      (held) => held || this.#logger.warn({ scheduleId, fireAt }, "lease lost while the job was running"),
      (error: unknown) => this.#logger.error({ scheduleId, fireAt, err: error }, "lease could not be renewed"),
    );
  }

  /** The record's timing; a record that no longer parses is reported once and left alone. */
  #timingOf(record: ScheduleRecord): ScheduleTiming | null {
    try {
      return timingOfRecord(record);
    } catch (error) {
      if (!this.#reportedBroken.has(record.id)) {
        this.#reportedBroken.add(record.id);
        this.#logger.error({ scheduleId: record.id, err: error }, "stored schedule is invalid; it will not fire");
      }
      return null;
    }
  }

  async #transition(
    id: string,
    change: (record: ScheduleRecord) => Pick<ScheduleRecord, "state" | "nextFireAt" | "remaining"> | null,
  ): Promise<ScheduleStatus | null> {
    const record = await this.#repository.get(id);
    if (!record) return null;
    const next = change(record);
    if (!next) return statusOf(record);
    await this.#repository.setState(id, next.state, next);
    return statusOf({ ...record, ...next });
  }
}

/** A fire this instance won and started; wrapped so awaiting the launch does not await the handler. */
interface LaunchedFire {
  readonly run: Promise<void>;
}

function positionOf(record: ScheduleRecord): SchedulePosition {
  return { nextFireAt: record.nextFireAt, remaining: record.remaining };
}

function fireKey(scheduleId: string, fireAt: Date | null): string {
  return `${scheduleId}@${fireAt?.toISOString()}`;
}
