// The ScheduleRepository contract, on every implementation: in memory, SQLite, and PostgreSQL when
// TEST_DATABASE_URL is set. The lease rules tested here are what makes a fire run once across instances.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScheduleRecord, ScheduleRepository } from "../../src/core/ports/schedule-repository.port.ts";
import { InMemoryScheduleRepository } from "../../src/persistence/repositories/in-memory/schedule.in-memory.ts";
import { ScheduleRepositoryPrisma } from "../../src/persistence/repositories/schedule.repository.ts";
import { testProviders } from "../support/test-database.ts";
import { migratedDatabase } from "./scheduling-database.ts";

const t0 = new Date("2026-05-04T10:00:00Z");
const seconds = (n: number) => new Date(t0.getTime() + n * 1000);

function schedule(id: string, overrides: Partial<ScheduleRecord> = {}): ScheduleRecord {
  return {
    id,
    job: "record",
    payload: { poll: id, options: ["a", "b"] },
    timeZone: "Europe/Rome",
    cron: null,
    runAt: t0,
    endsAt: null,
    remaining: null,
    state: "active",
    nextFireAt: t0,
    lastFireAt: null,
    communityId: null,
    campaignId: null,
    ...overrides,
  };
}

const implementations: Array<[string, () => Promise<{ repository: ScheduleRepository; dispose(): Promise<void> }>]> = [
  ["in memory", async () => ({ repository: new InMemoryScheduleRepository(), dispose: async () => {} })],
  ...testProviders().map((provider): (typeof implementations)[number] => [
    `${provider}, Prisma`,
    async () => {
      const { test, database } = await migratedDatabase(provider);
      return {
        repository: new ScheduleRepositoryPrisma(database.prisma),
        dispose: async () => {
          await database.close();
          await test.drop();
        },
      };
    },
  ]),
  // The app's own: on SQLite, start-up's bulk writes go through better-sqlite3 (schedule-sqlite.repository.ts).
  ...testProviders().map((provider): (typeof implementations)[number] => [
    `${provider}, as the app opens it`,
    async () => {
      const { test, database } = await migratedDatabase(provider);
      return {
        repository: database.repositories.schedules,
        dispose: async () => {
          await database.close();
          await test.drop();
        },
      };
    },
  ]),
];

describe.each(implementations)("schedule repository (%s)", (_name, open) => {
  let repository: ScheduleRepository;
  let dispose: () => Promise<void>;
  let n = 0;
  const nextId = () => `s${++n}`;

  beforeAll(async () => {
    ({ repository, dispose } = await open());
  });
  afterAll(() => dispose());

  it("stores a schedule and reads it back, payload included, replacing it on the same id", async () => {
    const id = nextId();
    await repository.upsert(schedule(id));
    await repository.upsert(schedule(id, { cron: "0 18 * * 1", remaining: 4, payload: null }));

    expect(await repository.get(id)).toEqual(schedule(id, { cron: "0 18 * * 1", remaining: 4, payload: null }));
    expect(await repository.get("missing")).toBeNull();
  });

  it("stores several schedules in one step, reads back those of a list of ids and counts the active ones", async () => {
    const before = await repository.activeOverview();
    const [soon, later, paused] = [nextId(), nextId(), nextId()];
    await repository.upsertMany([
      schedule(soon, { nextFireAt: new Date(0) }),
      schedule(later),
      schedule(paused, { state: "paused", payload: null, cron: "0 9 * * 1", endsAt: seconds(600) }),
    ]);
    await repository.upsertMany([schedule(later, { remaining: 2 })]);

    const found = await repository.getMany([later, "missing", soon]);
    expect(found.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      schedule(soon, { nextFireAt: new Date(0) }),
      schedule(later, { remaining: 2 }),
    ]);
    expect(await repository.get(paused)).toEqual(
      schedule(paused, { state: "paused", payload: null, cron: "0 9 * * 1", endsAt: seconds(600) }),
    );
    expect(await repository.activeOverview()).toEqual({ active: before.active + 2, nextFireAt: new Date(0) });
  });

  it("lists only active schedules that are due, oldest fire first", async () => {
    const [late, early, future, paused] = [nextId(), nextId(), nextId(), nextId()];
    await repository.upsert(schedule(late, { nextFireAt: seconds(-10), campaignId: null }));
    await repository.upsert(schedule(early, { nextFireAt: seconds(-20) }));
    await repository.upsert(schedule(future, { nextFireAt: seconds(60) }));
    await repository.upsert(schedule(paused, { nextFireAt: seconds(-30), state: "paused" }));

    const due = (await repository.listDue(t0, 100)).map((s) => s.id);
    expect(due.filter((id) => [late, early, future, paused].includes(id))).toEqual([early, late]);
    expect((await repository.list({ states: ["paused"] })).map((s) => s.id)).toContain(paused);
    expect((await repository.list({ states: ["paused"] })).map((s) => s.id)).not.toContain(late);
  });

  it("gives a fire's lease to exactly one of many instances claiming it at once", async () => {
    const id = nextId();
    await repository.upsert(schedule(id));
    const claims = Array.from({ length: 8 }, (_, i) =>
      repository.claimRun({ scheduleId: id, fireAt: t0, owner: `i${i}`, now: t0, leaseUntil: seconds(30) }),
    );

    expect((await Promise.all(claims)).filter(Boolean)).toHaveLength(1);
    expect(await repository.runs(id)).toHaveLength(1);
  });

  it("lets another instance take over a lease only after it expired without completing", async () => {
    const id = nextId();
    await repository.upsert(schedule(id));
    const claim = { scheduleId: id, fireAt: t0, now: t0, leaseUntil: seconds(30) };
    expect(await repository.claimRun({ ...claim, owner: "dead" })).toBe(true);

    expect(await repository.claimRun({ ...claim, owner: "b", now: seconds(29), leaseUntil: seconds(59) })).toBe(false);
    const takeovers = ["b", "c", "d"].map((owner) =>
      repository.claimRun({ ...claim, owner, now: seconds(31), leaseUntil: seconds(61) }),
    );
    expect((await Promise.all(takeovers)).filter(Boolean)).toHaveLength(1);
    expect(await repository.renewRun(id, t0, "dead", seconds(90))).toBe(false);
  });

  it("completes a fire and moves its schedule in one step, but not for an owner that lost the lease", async () => {
    const id = nextId();
    await repository.upsert(schedule(id, { cron: "* * * * *", remaining: 3 }));
    await repository.claimRun({ scheduleId: id, fireAt: t0, owner: "a", now: t0, leaseUntil: seconds(30) });
    await repository.claimRun({ scheduleId: id, fireAt: t0, owner: "b", now: seconds(31), leaseUntil: seconds(61) });
    const completion = { scheduleId: id, fireAt: t0, completedAt: seconds(40), outcome: "succeeded" };
    const next = { nextFireAt: seconds(60), remaining: 2 };

    expect(await repository.completeRun({ ...completion, owner: "a", next })).toBe(false);
    expect(await repository.get(id)).toMatchObject({ nextFireAt: t0, lastFireAt: null });
    expect(await repository.completeRun({ ...completion, owner: "b", next })).toBe(true);
    expect(await repository.completeRun({ ...completion, owner: "b", next })).toBe(false);

    expect(await repository.get(id)).toMatchObject({ nextFireAt: seconds(60), remaining: 2, lastFireAt: t0 });
    expect(await repository.runs(id)).toMatchObject([{ owner: "b", completedAt: seconds(40), outcome: "succeeded" }]);
  });

  it("finishes a schedule whose last fire completed, and leaves a cancelled one cancelled", async () => {
    const [last, cancelled] = [nextId(), nextId()];
    await repository.upsert(schedule(last));
    await repository.upsert(schedule(cancelled));
    for (const id of [last, cancelled]) {
      await repository.claimRun({ scheduleId: id, fireAt: t0, owner: "a", now: t0, leaseUntil: seconds(30) });
    }
    await repository.setState(cancelled, "cancelled", { nextFireAt: null, remaining: null });
    const done = {
      fireAt: t0,
      owner: "a",
      completedAt: seconds(1),
      outcome: "succeeded",
      next: { nextFireAt: null, remaining: null },
    };

    await repository.completeRun({ ...done, scheduleId: last });
    await repository.completeRun({ ...done, scheduleId: cancelled });

    expect(await repository.get(last)).toMatchObject({ state: "finished", nextFireAt: null });
    expect(await repository.get(cancelled)).toMatchObject({ state: "cancelled" });
  });

  it("advances a schedule past missed fires only from the fire the caller read", async () => {
    const id = nextId();
    await repository.upsert(schedule(id, { cron: "* * * * *" }));
    const to = { nextFireAt: seconds(120), remaining: null };

    const attempts = await Promise.all([repository.advance(id, t0, to), repository.advance(id, t0, to)]);

    expect(attempts.filter(Boolean)).toHaveLength(1);
    expect(await repository.advance(id, t0, to)).toBe(false);
    expect(await repository.get(id)).toMatchObject({ nextFireAt: seconds(120), state: "active" });
  });
});
