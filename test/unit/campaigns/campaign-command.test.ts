import { describe, expect, it } from "vitest";
import { coreHarness } from "../../support/core-harness.ts";

const text = (value: unknown) => JSON.stringify(value);

async function withSchedule() {
  const h = coreHarness();
  await h.send({ type: "command", name: "help", options: {} }, { admin: true });
  const community = await h.repositories.communities.findByPlatformId("telegram", "-100777");
  await h.services.scheduler.upsert({
    id: "weekly-flavour-poll",
    job: "campaign.start",
    payload: {},
    timeZone: "Europe/Rome",
    cron: "0 18 * * 1",
    communityId: community!.id,
  });
  return h;
}

describe("/campaign", () => {
  it("lists the community's schedules with their next run in local time", async () => {
    const h = await withSchedule();
    const outcome = await h.send(
      { type: "command", name: "campaign", subcommand: "list", options: {} },
      { admin: true },
    );
    expect(outcome.outcome).toBe("ok");
    expect(text(outcome.reply)).toContain("weekly-flavour-poll");
    expect(text(outcome.reply)).toContain("Mon, 30 Nov 2026, 18:00");
  });

  it("pauses, resumes and cancels a schedule by a unique prefix of its id", async () => {
    const h = await withSchedule();
    const admin = { admin: true };
    const pause = await h.send(
      { type: "command", name: "campaign", subcommand: "pause", options: { id: "weekly" } },
      admin,
    );
    expect(text(pause.reply)).toContain("Paused weekly-flavour-poll");
    expect((await h.services.scheduler.get("weekly-flavour-poll"))?.state).toBe("paused");
    await h.send({ type: "command", name: "campaign", subcommand: "resume", options: { id: "weekly" } }, admin);
    expect((await h.services.scheduler.get("weekly-flavour-poll"))?.state).toBe("active");
    await h.send(
      { type: "command", name: "campaign", subcommand: "cancel", options: { id: "weekly-flavour-poll" } },
      admin,
    );
    expect((await h.services.scheduler.get("weekly-flavour-poll"))?.state).toBe("cancelled");
  });

  it("says clearly when no schedule matches, in Italian too, and changes nothing", async () => {
    const h = await withSchedule();
    const outcome = await h.send(
      { type: "command", name: "campaign", subcommand: "pause", options: { id: "nope-nope" } },
      { admin: true, locale: "it" },
    );
    expect(outcome.outcome).toBe("error:SCHEDULE_NOT_FOUND");
    expect(text(outcome.reply)).toContain("Nessuna campagna programmata");
    expect((await h.services.scheduler.get("weekly-flavour-poll"))?.state).toBe("active");
  });

  it("refuses members and other communities' schedules", async () => {
    const h = await withSchedule();
    const member = await h.send({ type: "command", name: "campaign", subcommand: "cancel", options: { id: "weekly" } });
    expect(member.outcome).toBe("error:NOT_A_MODERATOR");
    const elsewhere = await h.send(
      { type: "command", name: "campaign", subcommand: "cancel", options: { id: "weekly" } },
      { admin: true, chat: "-100888" },
    );
    expect(elsewhere.outcome).toBe("error:SCHEDULE_NOT_FOUND");
    expect((await h.services.scheduler.get("weekly-flavour-poll"))?.state).toBe("active");
  });
});
