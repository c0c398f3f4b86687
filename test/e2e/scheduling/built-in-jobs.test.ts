// The built-in jobs (closing polls and Q&A sessions, the weekly digest, the daily retention) go through the same
// engine as campaigns: armed by the real app (retention and every community's digest at start, closings with their
// poll or session) and fired once each at the right instants on a fake clock, across the end of summer time in
// Europe/Rome (25 October 2026).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl } from "../../../src/app/config.ts";
import { digestScheduleId } from "../../../src/core/digest/digest-delivery.ts";
import type { Community } from "../../../src/core/domain/community.ts";
import { retentionJob } from "../../../src/core/privacy/retention.service.ts";
import type { CronScheduler } from "../../../src/scheduling/cron-scheduler.ts";
import { startTestApp, type TestApp } from "../../support/test-app.ts";
import { FakeChat, textOf } from "../../unit/polls/support/fake-chat.ts";
import { FakeClock } from "../../unit/scheduling/fixtures.ts";

const clock = new FakeClock("2026-10-18T10:00:00Z"); // Sunday, 12:00 in Rome (CEST, UTC+2)
const chat = new FakeChat("telegram");
let before: TestApp;
let app: TestApp;
let community: Community;
let pollCloseId: string;
let qaCloseId: string;

/** Moves the fake clock and waits until every fire due by then has run (the app's own tick may take some). */
async function moveTo(iso: string): Promise<void> {
  clock.set(iso);
  await (app.services.scheduler as CronScheduler).runDueFires();
  const schedules = app.database.repositories.schedules;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const due = await schedules.listDue(clock.now(), 10);
    const ids = (await schedules.list()).map((s) => s.id);
    const running = (await Promise.all(ids.map((id) => schedules.runs(id)))).flat().filter((r) => !r.completedAt);
    if (due.length === 0 && running.length === 0) return;
    if (Date.now() > deadline) throw new Error(`fires still due or running at ${iso}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The instants a schedule ran at, in order. */
async function ranAt(scheduleId: string): Promise<string[]> {
  const runs = await app.database.repositories.schedules.runs(scheduleId);
  return runs
    .filter((r) => r.completedAt)
    .map((r) => r.fireAt.toISOString())
    .sort();
}

describe("built-in jobs on the scheduler, in the real app", () => {
  beforeAll(async () => {
    // A community with a staff channel (what /digest channel sets) exists before the app starts: starting arms its
    // weekly digest, as every start re-arms each active community's.
    const env = { DEFAULT_TIMEZONE: "Europe/Rome" };
    before = await startTestApp(env, { clock });
    const joined = await before.directory.ensure("telegram", "-100500", "Gelateria Roma");
    await before.database.repositories.communities.updateSettings(joined.id, {
      ...joined.settings,
      staffChannelId: "-100501",
    });
    await before.stop();
    app = await startTestApp({ ...env, DATABASE_URL: databaseUrl(before.config) }, { clock });
    app.services.chat.register(chat);
    community = (await app.database.repositories.communities.get(joined.id))!;
    const poll = await app.services.polls.create({
      community,
      definition: {
        question: "Gelato or granita?",
        options: ["Gelato", "Granita"],
        closes: "2h",
        channelId: "-100500",
      },
      at: clock.now(),
    });
    if (!poll.ok) throw new Error(poll.error.code);
    pollCloseId = `poll.close:${poll.value.id}`;
    const session = await app.services.qa.sessions.open({
      community,
      channelId: "-100500",
      topic: "Autumn flavours",
      ends: "3h",
      moderated: false,
      maxOpenPerMember: 3,
      at: clock.now(),
    });
    if (!session.ok) throw new Error(session.error.code);
    qaCloseId = (await app.services.scheduler.list({ communityId: community.id })).find(
      (s) => s.job === "qa.close",
    )!.id;
  }, 60_000);
  afterAll(async () => {
    await app?.dispose();
    await before?.dispose();
  }, 60_000);

  it("arms each built-in schedule: retention daily, the community's weekly digest, the closings", async () => {
    const digest = await app.services.scheduler.get(digestScheduleId(community.id));
    expect(digest).toMatchObject({ job: "digest.weekly", cron: "0 9 * * 1", timeZone: "Europe/Rome", state: "active" });
    expect(digest?.nextFireAt?.toISOString()).toBe("2026-10-19T07:00:00.000Z");
    const retention = await app.services.scheduler.get(retentionJob);
    expect(retention).toMatchObject({ job: retentionJob, state: "active" });
    expect(retention?.nextFireAt?.toISOString()).toBe("2026-10-19T03:17:00.000Z");
    expect((await app.services.scheduler.get(pollCloseId))?.nextFireAt?.toISOString()).toBe("2026-10-18T12:00:00.000Z");
    expect((await app.services.scheduler.get(qaCloseId))?.nextFireAt?.toISOString()).toBe("2026-10-18T13:00:00.000Z");
  });

  it("fires each of them once at its instant, the digest at 09:00 Rome time on both sides of the DST change", async () => {
    await moveTo("2026-10-18T11:59:59Z");
    expect(await ranAt(pollCloseId)).toEqual([]);
    await moveTo("2026-10-18T12:00:00Z");
    await moveTo("2026-10-18T12:00:30Z");
    expect(await ranAt(pollCloseId)).toEqual(["2026-10-18T12:00:00.000Z"]);
    expect(chat.sent.some((s) => textOf(s.view).includes("Results: Gelato or granita?"))).toBe(true);

    await moveTo("2026-10-18T12:59:59Z");
    expect(await ranAt(qaCloseId)).toEqual([]);
    await moveTo("2026-10-18T13:00:00Z");
    expect(await ranAt(qaCloseId)).toEqual(["2026-10-18T13:00:00.000Z"]);
    expect((await app.services.scheduler.get(qaCloseId))?.state).toBe("finished");

    // Every day at 03:17 UTC and every Monday at 09:00 in Rome: 07:00 UTC in summer time, 08:00 UTC after it.
    for (let day = 19; day <= 27; day++) {
      const date = `2026-10-${day}`;
      await moveTo(`${date}T03:16:59Z`);
      await moveTo(`${date}T03:17:00Z`);
      await moveTo(`${date}T06:59:59Z`);
      await moveTo(`${date}T07:00:00Z`);
      await moveTo(`${date}T07:59:59Z`);
      await moveTo(`${date}T08:00:00Z`);
    }
    expect(await ranAt(retentionJob)).toEqual(
      [19, 20, 21, 22, 23, 24, 25, 26, 27].map((day) => `2026-10-${day}T03:17:00.000Z`),
    );
    expect(await ranAt(digestScheduleId(community.id))).toEqual([
      "2026-10-19T07:00:00.000Z",
      "2026-10-26T08:00:00.000Z",
    ]);
    expect(chat.sent.filter((s) => s.target.channelId === "-100501")).toHaveLength(2);
    const digest = await app.services.scheduler.get(digestScheduleId(community.id));
    expect(digest?.nextFireAt?.toISOString()).toBe("2026-11-02T08:00:00.000Z");
  }, 120_000);
});
