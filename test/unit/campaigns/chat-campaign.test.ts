import { describe, expect, it } from "vitest";
import { coreHarness } from "../../support/core-harness.ts";
import { FakeChat, textOf } from "../polls/support/fake-chat.ts";

const text = (value: unknown) => JSON.stringify(value);
const admin = { admin: true };

/** The core on a fake clock (Sunday 29 November 2026, 11:00 in Rome) with a chat platform and the campaign runner. */
async function setup() {
  const h = coreHarness();
  const chat = new FakeChat("telegram");
  h.chat.register(chat);
  await h.send({ type: "command", name: "help", options: {} }, admin);
  const community = await h.repositories.communities.findByPlatformId("telegram", "-100777");
  const campaigns = () => h.scheduler.list({ communityId: community!.id });
  const posted = (needle: string) => chat.sent.filter((s) => textOf(s.view).includes(needle));
  return { h, chat, campaigns, posted };
}

const weeklyPoll = {
  question: "Flavour of the week?",
  option1: "Vanilla",
  option2: "Pistachio",
  closes: "2d",
  repeat: "0 18 * * 1",
};

describe("scheduling from /poll, /offer create and /qa open", () => {
  it("schedules a weekly poll with repeat and answers with its campaign id and next five runs, posting nothing now", async () => {
    const { h, campaigns, chat } = await setup();
    const outcome = await h.send({ type: "command", name: "poll", options: weeklyPoll }, admin);
    expect(outcome.outcome).toBe("ok");
    const [schedule] = await campaigns();
    expect(schedule?.job).toBe("campaign.run");
    expect(schedule?.cron).toBe("0 18 * * 1");
    const reply = text(outcome.reply);
    expect(reply).toContain(`The poll is scheduled as ${schedule!.id}.`);
    for (const day of ["Mon, 30 Nov 2026, 18:00", "Mon, 7 Dec 2026, 18:00", "Mon, 28 Dec 2026, 18:00"]) {
      expect(reply).toContain(day);
    }
    expect(reply).not.toContain("4 Jan 2027");
    expect(chat.sent).toHaveLength(0);
  });

  it("confirms in Italian to an Italian moderator, with the dates in Italian", async () => {
    const { h } = await setup();
    const outcome = await h.send({ type: "command", name: "poll", options: weeklyPoll }, { admin: true, locale: "it" });
    const reply = text(outcome.reply);
    expect(reply).toContain("Il sondaggio è programmato come campaign:");
    expect(reply).toContain("Prossime esecuzioni:");
    expect(reply).toContain("lun 30 nov 2026, 18:00");
  });

  it("posts the scheduled poll at each run on the fake clock, once per run, closing two days after each", async () => {
    const { h, posted } = await setup();
    await h.send({ type: "command", name: "poll", options: weeklyPoll }, admin);
    h.clock.current = new Date("2026-11-30T16:59:59Z");
    await h.scheduler.runDueFires();
    expect(posted("Flavour of the week?")).toHaveLength(0);
    h.clock.current = new Date("2026-11-30T17:00:00Z");
    await h.scheduler.runDueFires();
    await h.scheduler.runDueFires();
    expect(posted("Flavour of the week?")).toHaveLength(1);
    const [open] = await h.services.polls.listOpen((await h.repositories.communities.listActive())[0]!.id);
    expect(open?.poll.closesAt.toISOString()).toBe("2026-12-02T17:00:00.000Z");
    h.clock.current = new Date("2026-12-07T17:00:30Z");
    await h.scheduler.runDueFires();
    expect(posted("Flavour of the week?")).toHaveLength(2);
  });

  it("lets /campaign pause a scheduled poll by the key in its id, so a paused run posts nothing", async () => {
    const { h, campaigns, posted } = await setup();
    await h.send({ type: "command", name: "poll", options: weeklyPoll }, admin);
    const [schedule] = await campaigns();
    const key = schedule!.id.split(":").at(-1)!;
    const paused = await h.send(
      { type: "command", name: "campaign", subcommand: "pause", options: { id: key } },
      admin,
    );
    expect(paused.outcome).toBe("ok");
    h.clock.current = new Date("2026-11-30T17:00:10Z");
    await h.scheduler.runDueFires();
    expect(posted("Flavour of the week?")).toHaveLength(0);
  });

  it("posts a one-off offer at its start, with its end counted from the run", async () => {
    const { h, campaigns, posted } = await setup();
    const outcome = await h.send(
      {
        type: "command",
        name: "offer",
        subcommand: "create",
        options: { title: "Launch espresso", quantity: 5, ends: "2d", start: "2026-12-05 10:00" },
      },
      admin,
    );
    expect(outcome.outcome).toBe("ok");
    expect(text(outcome.reply)).toContain("It runs once, Sat, 5 Dec 2026, 10:00");
    const [schedule] = await campaigns();
    expect(schedule?.runAt?.toISOString()).toBe("2026-12-05T09:00:00.000Z");
    h.clock.current = new Date("2026-12-05T09:00:05Z");
    await h.scheduler.runDueFires();
    expect(posted("Launch espresso")).toHaveLength(1);
    const offer = await h.repositories.offers.findByNumber(schedule!.communityId!, 1);
    expect(offer?.endsAt.toISOString()).toBe("2026-12-07T09:00:00.000Z");
  });

  it("opens a Q&A session at a start given as a delay", async () => {
    const { h, posted } = await setup();
    const outcome = await h.send(
      {
        type: "command",
        name: "qa",
        subcommand: "open",
        options: { topic: "Winter menu", ends: "1h", start: "in 2h" },
      },
      admin,
    );
    expect(outcome.outcome).toBe("ok");
    expect(text(outcome.reply)).toContain("Sun, 29 Nov 2026, 13:00");
    h.clock.current = new Date("2026-11-29T12:00:00Z");
    await h.scheduler.runDueFires();
    expect(posted("Winter menu")).toHaveLength(1);
  });

  it.each([
    [
      { start: "2026-11-28 18:00" },
      "the start (2026-11-28 18:00) has already passed",
      "l'inizio (2026-11-28 18:00) è già passato",
    ],
    [{ repeat: "0 25 * * 1" }, "“0 25 * * 1” is not a cron expression", "“0 25 * * 1” non è un'espressione cron"],
    [
      { repeat: "0 18 * * 1", start: "2026-12-10 09:00", until: "2026-12-01 09:00" },
      "the end comes before the start",
      "la fine viene prima dell'inizio",
    ],
    [{ start: "next tuesday" }, "“next tuesday” is not a start time", "“next tuesday” non è un orario di inizio"],
    [{ until: "2027-01-01 00:00" }, "an end (until) only makes sense with a repeat", "una fine (until) ha senso solo"],
  ])("refuses %o in English and Italian and schedules nothing", async (when, english, italian) => {
    const { h, campaigns, chat } = await setup();
    const options = { ...weeklyPoll, repeat: undefined, ...when };
    const en = await h.send({ type: "command", name: "poll", options }, admin);
    expect(en.outcome).toBe("error:INVALID_SCHEDULE");
    expect(text(en.reply)).toContain(english);
    const it = await h.send({ type: "command", name: "poll", options }, { admin: true, locale: "it" });
    expect(text(it.reply)).toContain(italian);
    expect(text(it.reply)).toContain("Non è stato programmato nulla");
    expect(await campaigns()).toEqual([]);
    expect(chat.sent).toHaveLength(0);
  });

  it("refuses a scheduled poll whose own definition is wrong, with the poll's message, and schedules nothing", async () => {
    const { h, campaigns } = await setup();
    const outcome = await h.send(
      { type: "command", name: "poll", options: { ...weeklyPoll, option2: "vanilla " } },
      admin,
    );
    expect(outcome.outcome).toBe("error:INVALID_POLL");
    expect(await campaigns()).toEqual([]);
  });

  it("keeps the command's behaviour without start or repeat: the poll is posted now", async () => {
    const { h, campaigns, posted } = await setup();
    const outcome = await h.send(
      { type: "command", name: "poll", options: { ...weeklyPoll, repeat: undefined } },
      admin,
    );
    expect(outcome.outcome).toBe("ok");
    expect(posted("Flavour of the week?")).toHaveLength(1);
    expect((await campaigns()).map((s) => s.job)).toEqual(["poll.close"]);
  });
});
