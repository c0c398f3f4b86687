// Shared by the scheduling unit tests: a clock that only moves when told, a logger that remembers, and a
// scheduler on an in-memory repository.
import type { Clock } from "../../../src/core/ports/clock.port.ts";
import type { Logger } from "../../../src/core/ports/logger.port.ts";
import type { ScheduledFire } from "../../../src/core/ports/scheduler.port.ts";
import { InMemoryScheduleRepository } from "../../../src/persistence/repositories/in-memory/schedule.in-memory.ts";
import { CronScheduler, type CronSchedulerOptions } from "../../../src/scheduling/cron-scheduler.ts";

/** A clock that stands still until the test moves it. */
export class FakeClock implements Clock {
  #at: number;

  constructor(iso: string) {
    this.#at = Date.parse(iso);
  }

  now(): Date {
    return new Date(this.#at);
  }

  set(iso: string): void {
    this.#at = Date.parse(iso);
  }

  advance(ms: number): void {
    this.#at += ms;
  }
}

/** One line a RecordingLogger received. */
export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  fields: Record<string, unknown>;
  message: string;
}

/** Remembers every line, children included, so a test can look for a warning. */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[];
  readonly #bindings: Record<string, unknown>;

  constructor(lines: LogLine[] = [], bindings: Record<string, unknown> = {}) {
    this.lines = lines;
    this.#bindings = bindings;
  }

  debug(fields: object, message = ""): void {
    this.#record("debug", fields, message);
  }
  info(fields: object, message = ""): void {
    this.#record("info", fields, message);
  }
  warn(fields: object, message = ""): void {
    this.#record("warn", fields, message);
  }
  error(fields: object, message = ""): void {
    this.#record("error", fields, message);
  }
  child(bindings: Record<string, unknown>): Logger {
    return new RecordingLogger(this.lines, { ...this.#bindings, ...bindings });
  }

  /** The messages logged at a level. */
  messages(level: LogLine["level"]): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }

  #record(level: LogLine["level"], fields: object, message: string): void {
    this.lines.push({ level, fields: { ...this.#bindings, ...fields }, message });
  }
}

/** A scheduler on a fake clock and an in-memory repository, with a job that records its fires. */
export function schedulerOnFakeClock(start: string, options: Partial<CronSchedulerOptions> = {}) {
  const clock = options.clock instanceof FakeClock ? options.clock : new FakeClock(start);
  const repository = options.repository ?? new InMemoryScheduleRepository();
  const logger = new RecordingLogger();
  const scheduler = new CronScheduler({ clock, repository, logger, owner: "instance-a", ...options });
  const fires: Array<ScheduledFire & { ranAt: Date }> = [];
  scheduler.register("record", async (fire) => {
    fires.push({ ...fire, ranAt: clock.now() });
  });
  return { clock, repository, logger, scheduler, fires };
}

/** Moves the clock in steps up to `until`, running what is due at every step. */
export async function runUntil(
  clock: FakeClock,
  scheduler: CronScheduler,
  until: string,
  stepMs: number,
): Promise<void> {
  const end = Date.parse(until);
  while (clock.now().getTime() < end) {
    clock.advance(stepMs);
    await scheduler.runDueFires();
  }
}

/** ISO strings, for readable comparisons. */
export function isoList(dates: ReadonlyArray<Date | { fireAt: Date }>): string[] {
  return dates.map((d) => (d instanceof Date ? d : d.fireAt).toISOString());
}
