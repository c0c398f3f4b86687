// Three instances, three processes, one database: each of 50 fires must run exactly once, also when one
// instance is killed (SIGKILL) while its jobs are running. Runs on SQLite always and on PostgreSQL when
// TEST_DATABASE_URL is set. The run ledger (ScheduleRun) is the evidence.
import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { systemClock } from "../../src/core/ports/clock.port.ts";
import { silentLogger } from "../../src/core/ports/logger.port.ts";
import type { Database } from "../../src/persistence/database.ts";
import { ScheduleRepositoryPrisma } from "../../src/persistence/repositories/schedule.repository.ts";
import { CronScheduler } from "../../src/scheduling/cron-scheduler.ts";
import { type TestDatabase, testProviders } from "../support/test-database.ts";
import type { FireMessage, WorkerMessage } from "./scheduler-worker.ts";
import { migratedDatabase } from "./scheduling-database.ts";

const workerFile = join(import.meta.dirname, "scheduler-worker.ts");
const SCHEDULES = 50;

interface Instance {
  readonly owner: string;
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(testProviders())("three scheduler instances on one %s database", (provider) => {
  let test: TestDatabase;
  let database: Database;
  let planner: CronScheduler;
  let instances: Instance[];
  let messages: WorkerMessage[];

  beforeEach(async () => {
    ({ test, database } = await migratedDatabase(provider));
    // Stores schedules like `circolo campaign apply` would: through the port, without ever starting.
    planner = new CronScheduler({
      repository: new ScheduleRepositoryPrisma(database.prisma),
      clock: systemClock,
      logger: silentLogger,
      owner: "planner",
    });
    instances = [];
    messages = [];
  });

  afterEach(async () => {
    for (const instance of instances) if (instance.child.exitCode === null) instance.child.kill("SIGKILL");
    await Promise.all(instances.map((instance) => instance.exited));
    await database.close();
    await test.drop();
  });

  function startInstance(owner: string, env: Record<string, string> = {}): Instance {
    const child = fork(workerFile, [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, DATABASE_URL: test.url, OWNER: owner, LEASE_MS: "2000", ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.on("message", (message: WorkerMessage) => messages.push(message));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const ready = new Promise<void>((resolve, reject) => {
      child.on("message", (message: WorkerMessage) => message.type === "ready" && resolve());
      void exited.then((code) => reject(new Error(`${owner} exited with ${code} before it was ready`)));
    });
    const instance = { owner, child, ready, exited };
    instances.push(instance);
    return instance;
  }

  async function planOneOffs(ids: string[], firstFireInMs: number): Promise<void> {
    const base = Date.now() + firstFireInMs;
    for (const [i, id] of ids.entries()) {
      const runAt = new Date(base + (i % 5) * 300);
      await planner.upsert({ id, job: "record", payload: { i }, timeZone: "Europe/Rome", runAt });
    }
  }

  const fires = (type: FireMessage["type"]) => messages.filter((m): m is FireMessage => m.type === type);
  const ran = () => fires("ran");
  const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `campaign-${from + i}`);

  /** Every schedule has one ScheduleRun row, completed, and its handler finished exactly once. */
  async function expectEachFiredExactlyOnce(): Promise<Array<{ scheduleId: string; owner: string }>> {
    const runs = await database.prisma.scheduleRun.findMany({ orderBy: { scheduleId: "asc" } });
    const schedules = await database.prisma.schedule.findMany();
    expect(runs).toHaveLength(SCHEDULES);
    expect(new Set(runs.map((run) => run.scheduleId)).size).toBe(SCHEDULES);
    for (const run of runs) {
      expect(run.completedAt, run.scheduleId).not.toBeNull();
      expect(run.outcome).toBe("succeeded");
      expect(run.fireAt).toEqual(schedules.find((s) => s.id === run.scheduleId)?.runAt);
    }
    expect(schedules.every((s) => s.state === "finished")).toBe(true);
    const finished = ran().map((m) => m.scheduleId);
    expect(finished).toHaveLength(SCHEDULES);
    expect(new Set(finished).size).toBe(SCHEDULES);
    return runs;
  }

  it("fires each of 50 schedules exactly once", async () => {
    const started = ["a", "b", "c"].map((owner) => startInstance(owner));
    await Promise.all(started.map((instance) => instance.ready));

    await planOneOffs(ids(0, SCHEDULES), 1_500);
    await waitFor(() => ran().length >= SCHEDULES, 45_000, "50 fires");
    // Long enough for a duplicate to show up if a second instance were going to run a fire again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const runs = await expectEachFiredExactlyOnce();
    expect(runs.every((run) => ["a", "b", "c"].includes(run.owner))).toBe(true);
    for (const instance of started) instance.child.kill("SIGTERM");
    expect(await Promise.all(started.map((instance) => instance.exited))).toEqual([0, 0, 0]);
  }, 90_000);

  it("fires each of 50 schedules exactly once when an instance is killed mid-run", async () => {
    const victim = startInstance("victim", { HANG: "1" });
    await victim.ready;
    // The victim is alone when the first fire is due, so it surely holds at least one fire when it dies.
    await planOneOffs(ids(0, 1), 300);
    await waitFor(
      () => messages.some((m) => m.type === "started" && m.owner === "victim"),
      30_000,
      "victim's first fire",
    );
    const survivors = ["a", "b"].map((owner) => startInstance(owner));
    await Promise.all(survivors.map((instance) => instance.ready));

    await planOneOffs(ids(1, SCHEDULES), 1_000);
    // Once every fire is claimed by someone the victim is surely holding some of them, hanging.
    const claimed = () => new Set(fires("started").map((m) => m.scheduleId)).size;
    await waitFor(() => claimed() >= SCHEDULES, 45_000, "every fire claimed");
    victim.child.kill("SIGKILL");
    expect(await victim.exited).toBeNull();
    await waitFor(() => ran().length >= SCHEDULES, 45_000, "every fire, the victim's taken over");
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const runs = await expectEachFiredExactlyOnce();
    const killedMidRun = fires("started")
      .filter((m) => m.owner === "victim")
      .map((m) => m.scheduleId);
    expect(killedMidRun).toContain("campaign-0");
    expect(runs.every((run) => run.owner === "a" || run.owner === "b")).toBe(true);
  }, 90_000);
});
