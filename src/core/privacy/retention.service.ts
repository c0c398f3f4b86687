import type { Logger } from "../ports/logger.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import type { Persons } from "./person.ts";
import type { PersonalDataSource } from "./personal-data.port.ts";
import type { PrivacyRepository } from "./privacy.repository.port.ts";
import type { PrivacyService } from "./privacy.service.ts";

/** The built-in job that applies retention, and its schedule's id. */
export const retentionJob = "privacy.retention";

/** Daily, at a quiet hour (UTC): retention has no deadline tighter than a day. */
export const retentionCron = "17 3 * * *";

/** Members erased per round, so one run never holds a huge list in memory. */
const MEMBERS_PER_ROUND = 100;

const DAY_MS = 86_400_000;

/** What one retention run removed. */
export interface RetentionReport {
  readonly cutoff: Date;
  /** Rows each source expired, by source name (only sources with a retention limit). */
  readonly expired: Readonly<Record<string, number>>;
  /** Memberships erased because the member was not seen for the whole retention period. */
  readonly membersErased: number;
}

/**
 * Keeps nothing longer than RETENTION_DAYS: members not seen for that long are erased (as /mydata erase
 * would, one membership at a time), then every source expires its own time-limited rows (raw engagement
 * events once their rollups exist, per-member activity days, spent link codes). Runs daily through the
 * Scheduler; a run repeated for the same day finds nothing left to do.
 */
export class RetentionService {
  readonly #sources: readonly PersonalDataSource[];
  readonly #privacy: PrivacyRepository;
  readonly #service: PrivacyService;
  readonly #persons: Persons;
  readonly #scheduler: Scheduler;
  readonly #days: number;
  readonly #logger: Logger;

  constructor(deps: {
    sources: readonly PersonalDataSource[];
    privacy: PrivacyRepository;
    service: PrivacyService;
    persons: Persons;
    scheduler: Scheduler;
    retentionDays: number;
    logger: Logger;
  }) {
    this.#sources = deps.sources;
    this.#privacy = deps.privacy;
    this.#service = deps.service;
    this.#persons = deps.persons;
    this.#scheduler = deps.scheduler;
    this.#days = deps.retentionDays;
    this.#logger = deps.logger;
  }

  /** The retention period in days. */
  get days(): number {
    return this.#days;
  }

  /** The instant before which data is past retention, seen from `at`. */
  cutoff(at: Date): Date {
    return new Date(at.getTime() - this.#days * DAY_MS);
  }

  /** Applies retention as of `at`. */
  async run(at: Date): Promise<RetentionReport> {
    const cutoff = this.cutoff(at);
    let membersErased = 0;
    for (;;) {
      const ids = await this.#privacy.membersUnseenSince(cutoff, MEMBERS_PER_ROUND);
      let erasedThisRound = 0;
      for (const membership of await this.#privacy.memberships(ids)) {
        erasedThisRound += (await this.#service.erase(this.#persons.subject([membership]), at)).members;
      }
      membersErased += erasedThisRound;
      if (ids.length < MEMBERS_PER_ROUND || erasedThisRound === 0) break;
    }
    const expired: Record<string, number> = {};
    for (const source of this.#sources) if (source.expire) expired[source.name] = await source.expire(cutoff, at);
    // The day's erasures and expiries leave dead row versions behind (PostgreSQL): reclaimed now, once a day.
    await this.#privacy.reclaim([...new Set(this.#sources.flatMap((source) => source.tables))]);
    this.#logger.info({ cutoff, membersErased, expired }, "retention applied");
    return { cutoff, expired, membersErased };
  }

  /** Registers the daily job's handler. */
  registerJobs(): void {
    this.#scheduler.register(retentionJob, async (fire) => {
      await this.run(fire.fireAt);
    });
  }

  /** Stores the built-in daily schedule (same id every start: storing it again changes nothing). */
  async arm(): Promise<void> {
    await this.#scheduler.upsert({
      id: retentionJob,
      job: retentionJob,
      payload: {},
      timeZone: "UTC",
      cron: retentionCron,
    });
  }
}
