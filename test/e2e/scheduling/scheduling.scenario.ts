// Scheduling from chat, in the platform-neutral suite (test/scenarios/platform-scenarios.ts): both adapters run it
// through their real clients against their emulators. The app reads time from the system clock, so the fake clock
// here is a faked Date (timers stay real): moved forward to a run, the scheduler's own tick finds it due. Time only
// ever moves forward, and stays faked until the suite stops (this scenario runs last): a long poll held by an
// emulator or a rate-limit window must never see the clock run backwards.
import { describe, expect, it, vi } from "vitest";
import { wallClockAt } from "../../../src/core/scheduling/zoned-time.ts";
import type { CommunityHandle, PlatformDriver, SeenMessage } from "../../scenarios/platform-driver.ts";

/** Waits until the community's latest post shows what is expected (the scheduler runs on its own tick). */
async function postShowing(community: CommunityHandle, expected: (post: SeenMessage) => boolean): Promise<SeenMessage> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const post = await community.lastPost().catch(() => null);
    if (post && expected(post)) return post;
    if (Date.now() > deadline) throw new Error(`the post never showed what was expected; it shows:\n${post?.text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls until the check returns something (the database is not an event source). */
async function eventually<T>(check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting for the scheduler to record the run");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Moves the faked Date forward to an instant; it keeps advancing from there in real time. */
function clockAt(at: Date): void {
  if (at.getTime() <= Date.now()) throw new Error("the scenario's clock only moves forward");
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(at);
}

/** A five-field cron expression that fires weekly at the wall-clock minute of `at` in a time zone. */
function weeklyCronAt(at: Date, timeZone: string): string {
  const wall = wallClockAt(at, timeZone);
  const weekday = new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
  return `${wall.minute} ${wall.hour} * * ${weekday}`;
}

/** Adds the scheduling scenario to a platform's suite. */
export function describeSchedulingScenario(driver: PlatformDriver): void {
  describe("scheduling from chat", () => {
    async function communityWithModerator(title: string, locale = "en") {
      const community = await driver.createCommunity(title);
      const moderator = await community.member({ moderator: true, locale });
      const { repositories } = driver.app.database;
      const stored = await repositories.communities.findByPlatformId(driver.platform, community.platformId);
      // Campaigns only: a community also has its built-in weekly digest schedule from the moment it joins.
      const schedules = async () =>
        (await driver.app.services.scheduler.list({ communityId: stored!.id })).filter((s) => s.job === "campaign.run");
      return { community, moderator, stored: stored!, schedules };
    }

    it("schedules a weekly poll with repeat: listed with its next runs, it fires on the clock and posts", async () => {
      const { community, moderator, stored, schedules } = await communityWithModerator("Weekly polls");
      // The first run is the next whole minute at least ten minutes ahead, on this weekday every week.
      const firstRun = new Date(Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000);
      const repeat = weeklyCronAt(firstRun, stored.timeZone);
      const reply = await moderator.command("poll", {
        question: "Flavour of the week?",
        option1: "Vanilla",
        option2: "Pistachio",
        closes: "2d",
        repeat,
      });
      expect(reply.private).toBe(true);
      const [schedule] = await schedules();
      expect(schedule).toMatchObject({ job: "campaign.run", cron: repeat, state: "active" });
      expect(schedule?.nextFireAt?.toISOString()).toBe(firstRun.toISOString());
      expect(reply.text).toContain(`The poll is scheduled as ${schedule!.id}.`);
      expect(reply.text).toContain("Next runs:");
      expect(reply.text.match(/\d{2}:\d{2}/g)?.length).toBeGreaterThanOrEqual(5);

      const listed = await moderator.command("campaign", {}, "list");
      expect(listed.text).toContain(schedule!.id);
      expect(listed.text).toContain("active");
      const before = await community.lastPost().catch(() => null);
      expect(before?.text ?? "").not.toContain("Flavour of the week?");

      clockAt(new Date(firstRun.getTime() + 1_000));
      const poll = await postShowing(community, (p) => p.text.includes("Flavour of the week?"));
      expect(poll.buttons).toEqual(["Vanilla", "Pistachio", "Results"]);
      // The post shows before the run is recorded as complete.
      const after = await eventually(async () => {
        const status = await driver.app.services.scheduler.get(schedule!.id);
        return status?.lastFireAt ? status : null;
      });
      expect(after.lastFireAt?.toISOString()).toBe(firstRun.toISOString());
      expect(after.nextFireAt?.toISOString()).toBe(new Date(firstRun.getTime() + 7 * 86_400_000).toISOString());
    }, 60_000);

    it("posts a one-off offer at its start", async () => {
      const { community, moderator, schedules } = await communityWithModerator("Launch offers");
      const reply = await moderator.command(
        "offer",
        { title: "Launch espresso", quantity: 5, ends: "2d", start: "in 20m" },
        "create",
      );
      expect(reply.text).toContain("The offer is scheduled as");
      expect(reply.text).toContain("It runs once");
      const [schedule] = await schedules();
      expect(schedule).toMatchObject({ job: "campaign.run", cron: null });
      clockAt(new Date(schedule!.nextFireAt!.getTime() + 1_000));
      const offer = await postShowing(community, (p) => p.text.includes("Launch espresso"));
      expect(offer.buttons).toContain("Claim");
    }, 60_000);

    it("refuses a start in the past and a bad repeat, in the moderator's language, and schedules nothing", async () => {
      const { moderator, schedules } = await communityWithModerator("Mistakes", "it");
      const past = await moderator.command("qa", { topic: "Menu d'inverno", start: "2020-01-01 10:00" }, "open");
      expect(past.text).toContain("l'inizio (2020-01-01 10:00) è già passato");
      expect(past.text).toContain("Non è stato programmato nulla");
      const cron = await moderator.command("poll", {
        question: "Gusto?",
        option1: "Crema",
        option2: "Cioccolato",
        repeat: "ogni lunedì",
      });
      expect(cron.text).toContain("“ogni lunedì” non è un'espressione cron");
      expect(await schedules()).toEqual([]);
      expect(await driver.app.database.prisma.campaign.count({ where: { title: "Gusto?" } })).toBe(0);
    }, 60_000);
  });
}
