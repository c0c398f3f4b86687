import { describe, expect, it } from "vitest";
import { createBrand, listCommunities, setCommunity } from "../../../src/app/cli/community-cli.ts";
import { digestScheduleId, digestWeeklyCron, digestWeeklyJob } from "../../../src/core/digest/digest-delivery.ts";
import { silentLogger } from "../../../src/core/ports/logger.port.ts";
import { createInMemoryRepositories } from "../../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { CronScheduler } from "../../../src/scheduling/cron-scheduler.ts";
import { seedCommunity } from "../../contract/harness.ts";
import { FakeClock } from "../../support/core-harness.ts";

async function world() {
  const repositories = createInMemoryRepositories();
  const scheduler = new CronScheduler({
    repository: repositories.schedules,
    clock: new FakeClock(new Date("2026-11-30T12:00:00Z")),
    logger: silentLogger,
  });
  const community = await seedCommunity(repositories, { timeZone: "Europe/Rome" });
  return { repositories, scheduler, community, deps: { repositories, scheduler } };
}

describe("circolo brand and community", () => {
  it("creates a brand once, and refuses an id people could not type", async () => {
    const { repositories } = await world();
    expect(await createBrand({ id: "gelato-co", name: "Gelato Co" }, repositories)).toMatchObject({ exitCode: 0 });
    expect(await createBrand({ id: "gelato-co", name: "Again" }, repositories)).toMatchObject({
      exitCode: 1,
      errors: ['brand "gelato-co" already exists'],
    });
    expect((await createBrand({ id: "Gelato Co!", name: "x" }, repositories)).exitCode).toBe(2);
    expect((await repositories.brands.get("gelato-co"))?.name).toBe("Gelato Co");
  });

  it("moves a community to a brand and sets its quiet hours, cap, threshold and benchmark in one go", async () => {
    const { repositories, community, deps } = await world();
    await createBrand({ id: "forno", name: "Forno" }, repositories);
    const done = await setCommunity(
      community.id,
      {
        brand: "forno",
        quietHours: "23:00-07:30",
        weeklyCap: "1",
        kAnonymity: "10",
        benchmark: "on",
        moderatorRoles: "r1, r2",
      },
      deps,
    );
    expect(done.exitCode).toBe(0);
    const stored = await repositories.communities.get(community.id);
    expect(stored).toMatchObject({ brandId: "forno", timeZone: "Europe/Rome" });
    expect(stored?.settings).toMatchObject({
      quietHours: { start: "23:00", end: "07:30" },
      weeklyPromptCap: 1,
      kAnonymity: 10,
      benchmarkOptIn: true,
      moderatorRoleIds: ["r1", "r2"],
    });
    expect((await listCommunities("forno", repositories)).lines.slice(1)).toHaveLength(1);
  });

  it("refuses a bad value, names the option, and changes nothing", async () => {
    const { repositories, community, deps } = await world();
    for (const bad of [
      { timeZone: "Mars/Olympus" },
      { quietHours: "25:00-07:00" },
      { kAnonymity: "1" },
      { weeklyCap: "many" },
      { locale: "fr" },
      { brand: "no-such-brand" },
      { colour: "blue" },
    ]) {
      const refused = await setCommunity(community.id, { ...bad, benchmark: "on" }, deps);
      expect(refused.exitCode, JSON.stringify(bad)).toBeGreaterThan(0);
      expect(refused.errors.join(" ")).not.toBe("");
    }
    expect((await setCommunity(community.id, { timeZone: "Mars/Olympus" }, deps)).errors).toEqual([
      "the time zone must be an IANA name such as Europe/Rome or America/New_York.",
    ]);
    expect(await repositories.communities.get(community.id)).toEqual(community);
  });

  it("moves the weekly digest to Monday 09:00 in the community's new time zone", async () => {
    const { community, scheduler, deps } = await world();
    await scheduler.upsert({
      id: digestScheduleId(community.id),
      job: digestWeeklyJob,
      payload: { communityId: community.id },
      timeZone: community.timeZone,
      cron: digestWeeklyCron,
      communityId: community.id,
    });
    expect((await scheduler.get(digestScheduleId(community.id)))?.nextFireAt).toEqual(new Date("2026-12-07T08:00:00Z"));
    expect((await setCommunity(community.id, { timeZone: "America/New_York" }, deps)).exitCode).toBe(0);
    const moved = await scheduler.get(digestScheduleId(community.id));
    expect(moved?.timeZone).toBe("America/New_York");
    // Monday 12:00 UTC is 07:00 in New York: this very Monday at 09:00 there is still ahead.
    expect(moved?.nextFireAt).toEqual(new Date("2026-11-30T14:00:00Z"));
  });
});
