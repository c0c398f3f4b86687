import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyCampaignFile } from "../../../src/app/cli/campaign-apply.ts";
import { campaignFileJsonSchema } from "../../../src/core/campaigns/campaign-file.schema.ts";
import { inMemoryPollCore } from "../polls/support/poll-core.ts";

const weeklyPoll = `
campaigns:
  - key: weekly-flavour-poll
    community: telegram:-100777
    schedule:
      cron: "0 18 * * 1"
      count: 12
    poll:
      question: Best flavour this week?
      options: [Vanilla, Pistachio, Hazelnut]
      closes: 2d
`;

let folder: string;
afterEach(() => rmSync(folder, { recursive: true, force: true }));

async function setup() {
  folder = mkdtempSync(join(tmpdir(), "circolo-campaign-"));
  const core = inMemoryPollCore({ now: new Date("2026-11-29T10:00:00Z") });
  await core.community();
  const lines: string[] = [];
  const errors: string[] = [];
  const apply = (text: string, dryRun = false) => {
    const path = join(folder, "plan.yaml");
    writeFileSync(path, text);
    lines.length = 0;
    errors.length = 0;
    return applyCampaignFile({
      path,
      dryRun,
      repositories: core.repositories,
      scheduler: core.scheduler,
      now: core.clock.now(),
      out: { line: (t) => lines.push(t), error: (t) => errors.push(t) },
    });
  };
  return { core, apply, lines, errors };
}

describe("circolo campaign apply", () => {
  it("applies a valid file and shows the next five runs in the community's time", async () => {
    const { core, apply, lines } = await setup();
    expect(await apply(weeklyPoll)).toBe(0);
    expect(lines[0]).toMatch(/^create\s+weekly-flavour-poll/);
    expect(lines[1]).toContain("Mon, 30 Nov 2026, 18:00");
    expect(lines[1]?.split(";")).toHaveLength(5);
    const [schedule] = await core.scheduler.list();
    expect(schedule).toMatchObject({ cron: "0 18 * * 1", timeZone: "Europe/Rome", remaining: 12 });
    expect(schedule?.nextFireAt).toEqual(new Date("2026-11-30T17:00:00Z"));
  });

  it("changes nothing when the same file is applied twice", async () => {
    const { core, apply, lines } = await setup();
    await apply(weeklyPoll);
    const before = await core.scheduler.list();
    core.clock.advance(2 * 3_600_000);
    expect(await apply(weeklyPoll)).toBe(0);
    expect(lines[0]).toMatch(/^unchanged\s+weekly-flavour-poll/);
    expect(lines.at(-1)).toContain("0 to create, 0 to update, 1 unchanged");
    expect(await core.scheduler.list()).toEqual(before);
  });

  it("refuses an invalid file naming the file, the path and what is expected, and applies nothing", async () => {
    const { core, apply, errors } = await setup();
    const broken = weeklyPoll
      .replace("[Vanilla, Pistachio, Hazelnut]", "[Vanilla]")
      .replace('"0 18 * * 1"', '"0 25 * * 1"');
    expect(await apply(broken)).toBe(1);
    expect(errors.join("\n")).toMatch(/plan\.yaml: campaigns\[0\]\.schedule/);
    expect(errors.join("\n")).toMatch(/plan\.yaml: campaigns\[0\]\.poll\.options/);
    expect(errors.at(-1)).toBe("nothing was applied");
    expect(await core.scheduler.list()).toEqual([]);
  });

  it("names schedule.count and what it expects when the count is not a number", async () => {
    const { core, apply, errors } = await setup();
    expect(await apply(weeklyPoll.replace("count: 12", 'count: "twelve"'))).toBe(1);
    expect(errors).toEqual([
      `${join(folder, "plan.yaml")}: campaigns[0].schedule.count: expected a whole number of runs, from 1 to 10000`,
      "nothing was applied",
    ]);
    expect(await core.scheduler.list()).toEqual([]);
  });

  it("says in words what a poll field expects, never a bare reason code", async () => {
    const { apply, errors } = await setup();
    expect(await apply(weeklyPoll.replace("[Vanilla, Pistachio, Hazelnut]", "Vanilla"))).toBe(1);
    expect(errors[0]).toBe(
      `${join(folder, "plan.yaml")}: campaigns[0].poll.options: That poll can't be created: a poll needs at least 2 options.`,
    );
  });

  it("closes a poll campaign without closes after one day, as /poll in chat does", async () => {
    const { core, apply } = await setup();
    expect(await apply(weeklyPoll.replace("      closes: 2d\n", ""))).toBe(0);
    const [schedule] = await core.scheduler.list();
    const stored = await core.repositories.schedules.get(schedule!.id);
    expect(stored?.payload).toMatchObject({ kind: "poll", poll: { closes: "1d" } });
  });

  it("says that a missing file is missing", async () => {
    const { core, errors } = await setup();
    const path = join(folder, "nowhere.yaml");
    const code = await applyCampaignFile({
      path,
      dryRun: false,
      repositories: core.repositories,
      scheduler: core.scheduler,
      now: core.clock.now(),
      out: { line: () => undefined, error: (t) => errors.push(t) },
    });
    expect(code).toBe(1);
    expect(errors).toEqual([`${path}: no such file`, "nothing was applied"]);
  });

  it("plans offers and Q&A sessions too, and refuses a bad offer in the words moderators read in chat", async () => {
    const { core, apply, errors } = await setup();
    const plan = `
campaigns:
  - key: launch-weekend-offer
    community: telegram:-100777
    schedule: { at: "2026-12-05 10:00" }
    offer:
      title: Launch espresso
      quantity: 50
      perMember: 1
      ends: 2d
  - key: monthly-ama
    community: telegram:-100777
    schedule: { cron: "0 18 1 * *" }
    qa:
      topic: Ask the roaster
      ends: 1h
      queue: true
`;
    expect(await apply(plan)).toBe(0);
    const stored = await Promise.all((await core.scheduler.list()).map((s) => core.repositories.schedules.get(s.id)));
    const payloads = stored.map((s) => s?.payload as { kind: string });
    expect(payloads.map((p) => p.kind).sort()).toEqual(["offer", "qa"]);
    expect(payloads.find((p) => p.kind === "qa")).toMatchObject({
      qa: { topic: "Ask the roaster", ends: "1h", moderated: true, maxOpenPerMember: 3 },
    });

    expect(await apply(plan.replace("perMember: 1", "perMember: 60").replace("monthly-ama", "other-ama"))).toBe(1);
    expect(errors[0]).toContain("plan.yaml: campaigns[0].offer: That offer can't be created");
    const both = `
campaigns:
  - key: confused
    community: telegram:-100777
    schedule: { at: "2026-12-05 10:00" }
    poll: { question: Cone or cup?, options: [Cone, Cup], closes: 1d }
    qa: { topic: Cones }
`;
    expect(await apply(both)).toBe(1);
    expect(errors[0]).toContain("expected exactly one of poll, offer or qa");
    expect(await core.scheduler.list()).toHaveLength(2);
  });

  it("refuses a campaign for a community Circolo does not know", async () => {
    const { core, apply, errors } = await setup();
    expect(await apply(weeklyPoll.replace("telegram:-100777", "telegram:-100999"))).toBe(1);
    expect(errors[0]).toContain('campaigns[0].community: no community "telegram:-100999"');
    expect(await core.scheduler.list()).toEqual([]);
  });

  it("applies nothing on a dry run", async () => {
    const { core, apply, lines } = await setup();
    expect(await apply(weeklyPoll, true)).toBe(0);
    expect(lines.at(-1)).toContain("dry run: 1 campaign(s): 1 to create");
    expect(await core.scheduler.list()).toEqual([]);
  });

  it("posts the campaign's poll when its schedule fires, once", async () => {
    const { core, apply } = await setup();
    await apply(weeklyPoll);
    core.clock.current = new Date("2026-11-30T17:00:01Z");
    await core.scheduler.runDueFires();
    await core.scheduler.runDueFires();
    const posted = core.chat.sent.filter((s) => JSON.stringify(s.view).includes("Best flavour this week?"));
    expect(posted).toHaveLength(1);
    expect(posted[0]?.target.channelId).toBe("-100777");
  });

  it("publishes a JSON Schema generated from the zod schemas, kept in docs/", async () => {
    const { readFileSync } = await import("node:fs");
    const committed = JSON.parse(
      readFileSync(join(import.meta.dirname, "../../../docs/campaign-file.schema.json"), "utf8"),
    );
    expect(committed).toEqual(campaignFileJsonSchema());
  });
});
