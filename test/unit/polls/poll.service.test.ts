import { describe, expect, it } from "vitest";
import type { Community } from "../../../src/core/domain/community.ts";
import type { Member } from "../../../src/core/domain/member.ts";
import { InteractionRecord } from "../../../src/core/engagement/interaction.ts";
import { en } from "../../../src/core/i18n/catalogue.en.ts";
import { it as itCatalogue } from "../../../src/core/i18n/catalogue.it.ts";
import { type CreatePollInput, invalidPollReasons } from "../../../src/core/polls/poll.schema.ts";
import { pollCloseJob } from "../../../src/core/polls/poll.service.ts";
import type { PollRepositoryInMemory } from "../../../src/persistence/repositories/in-memory/poll.in-memory.ts";
import { buttonsOf, textOf } from "./support/fake-chat.ts";
import { inMemoryPollCore, type PollCore } from "./support/poll-core.ts";

const HOUR = 3_600_000;

function definition(overrides: Partial<CreatePollInput> = {}): CreatePollInput {
  return {
    question: "Best flavour?",
    options: ["Vanilla", "Pistachio", "Lemon"],
    closes: "2h",
    channelId: "-100777",
    ...overrides,
  };
}

/** A community with these members (user ids), and a poll created after them. */
async function setup(overrides: Partial<CreatePollInput> = {}, members: readonly string[] = []) {
  const core = inMemoryPollCore();
  const community = await core.community();
  for (const userId of members) await core.member(community, userId);
  const created = await core.polls.create({ community, definition: definition(overrides), at: core.clock.now() });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return { ...core, community, poll: created.value };
}

const interactionsOf = new WeakMap<PollCore["polls"], InteractionRecord[]>();

/** A new interaction of the core's poll service, kept so the test can read what it declared. */
function interaction(core: Pick<PollCore, "polls">): InteractionRecord {
  const record = new InteractionRecord();
  interactionsOf.set(core.polls, [...(interactionsOf.get(core.polls) ?? []), record]);
  return record;
}

function vote(
  core: Pick<PollCore, "polls" | "clock">,
  community: Community,
  member: Member,
  option: number,
  number = 1,
) {
  return core.polls.vote({ community, member, number, option, at: core.clock.now(), interaction: interaction(core) });
}

/**
 * The events the service declared, [kind, unlinkable], for the interactions that declared one (the pipeline
 * writes them and attributes them: see test/unit/core/interaction-events.test.ts).
 */
function events(core: Pick<PollCore, "polls">) {
  return (interactionsOf.get(core.polls) ?? [])
    .map((record) => record.event)
    .filter((event) => event.kind !== "command")
    .map((event) => [event.kind, event.unlinkable]);
}

describe("creating a poll", () => {
  it("numbers it, posts it in the channel with a button per option and schedules its closing", async () => {
    const { chat, poll, scheduler, clock } = await setup();
    expect(poll.number).toBe(1);
    expect(chat.sent).toHaveLength(1);
    const posted = chat.sent[0]!;
    expect(posted.target.channelId).toBe("-100777");
    expect(textOf(posted.view)).toContain("Best flavour?");
    expect(buttonsOf(posted.view)).toEqual(["Vanilla", "Pistachio", "Lemon", "Results"]);
    const schedule = await scheduler.get(`${pollCloseJob}:${poll.id}`);
    expect(schedule?.runAt?.getTime()).toBe(clock.now().getTime() + 2 * HOUR);
    expect(schedule?.campaignId).toBe(poll.id);
  });

  it("records its reach: the members its segment held when it was sent", async () => {
    const core = inMemoryPollCore();
    const community = await core.community();
    for (const id of ["1", "2", "3"]) await core.member(community, id, { roles: id === "3" ? ["vip"] : [] });
    const all = await core.polls.create({ community, definition: definition(), at: core.clock.now() });
    const vips = await core.polls.create({
      community,
      definition: definition({ segment: { kind: "roles", roleIds: ["vip"] }, mentionRole: true }),
      at: core.clock.now(),
    });
    expect(all.ok && all.value.reach).toBe(3);
    expect(vips.ok && [vips.value.number, vips.value.reach, vips.value.mentionRoleId]).toEqual([2, 1, "vip"]);
    expect(core.chat.sent[1]?.target.mentionRoleId).toBe("vip");
  });

  it.each([
    ["one option", { options: ["Vanilla"] }, "too_few_options"],
    ["eleven options", { options: Array.from({ length: 11 }, (_, i) => `Flavour ${i}`) }, "too_many_options"],
    ["duplicate options", { options: ["Vanilla", " vanilla "] }, "duplicate_options"],
    ["a closing time in the past", { closes: "2026-11-30 09:00" }, "closes_past"],
    ["an unreadable closing time", { closes: "soonish" }, "closes_invalid"],
    ["an unknown segment", { segment: { kind: "vips" } as never }, "unknown_segment"],
    ["a lapsed segment without days", { segment: { kind: "lapsed" } as never }, "segment_needs_days"],
    ["a mention without a roles segment", { mentionRole: true }, "mention_needs_roles"],
  ])("refuses %s with a localized message and creates nothing", async (_name, overrides, reason) => {
    const core = inMemoryPollCore();
    const community = await core.community();
    const created = await core.polls.create({ community, definition: definition(overrides), at: core.clock.now() });
    expect(created.ok).toBe(false);
    if (created.ok) return;
    expect(created.error).toMatchObject({ code: "INVALID_POLL", details: { reason } });
    const english = core.translator.for("en")("errors.INVALID_POLL", created.error.details);
    const italian = core.translator.for("it")("errors.INVALID_POLL", created.error.details);
    expect(english).toMatch(/^That poll can't be created: /);
    expect(english).not.toContain("polls.invalid");
    expect(italian).toMatch(/^Non posso creare il sondaggio: /);
    expect(italian).not.toContain("polls.invalid");
    expect(core.chat.sent).toHaveLength(0);
    expect(await core.storage.polls.listOpen(community.id)).toEqual([]);
    expect(await core.scheduler.list()).toEqual([]);
  });

  it("names the duplicated option in the message", async () => {
    const core = inMemoryPollCore();
    const created = await core.polls.create({
      community: await core.community(),
      definition: definition({ options: ["Vanilla", "Lemon", "VANILLA"] }),
      at: core.clock.now(),
    });
    expect(!created.ok && core.translator.for("en")("errors.INVALID_POLL", created.error.details)).toBe(
      "That poll can't be created: “VANILLA” is there twice: each option must be different.",
    );
  });

  it("has a message for every reason in both languages", () => {
    for (const reason of invalidPollReasons) {
      expect(en.polls.invalid[reason]).toBeTruthy();
      expect(itCatalogue.polls.invalid[reason]).toBeTruthy();
    }
  });

  it("keeps nothing when the platform refuses to post it", async () => {
    const core = inMemoryPollCore();
    const community = await core.community();
    core.chat.failSends = new Error("Missing Permissions");
    const created = await core.polls.create({ community, definition: definition(), at: core.clock.now() });
    expect(!created.ok && created.error.code).toBe("POLL_NOT_POSTED");
    expect(await core.storage.polls.listOpen(community.id)).toEqual([]);
    expect((await core.scheduler.list()).filter((s) => s.state === "active")).toEqual([]);
  });
});

describe("voting", () => {
  it("takes one vote per member on a single-choice poll, refuses the same vote twice and allows a change", async () => {
    const core = await setup();
    const ada = await core.member(core.community, "ada");
    expect((await vote(core, core.community, ada, 0)).ok).toBe(true);
    const again = await vote(core, core.community, ada, 0);
    expect(!again.ok && again.error).toEqual({ code: "ALREADY_VOTED", details: { option: "Vanilla" } });
    const changed = await vote(core, core.community, ada, 1);
    expect(changed.ok && [changed.value.before, changed.value.after]).toEqual([[0], [1]]);
    expect(await core.storage.polls.tally(core.poll.id)).toEqual({ counts: [0, 1, 0], voters: 1 });
    expect(events(core)).toEqual([
      ["vote", true],
      ["vote_change", true],
    ]);
  });

  it("toggles options on a multiple-choice poll", async () => {
    const core = await setup({ multi: true });
    const bea = await core.member(core.community, "bea");
    await vote(core, core.community, bea, 0);
    await vote(core, core.community, bea, 2);
    expect(await core.storage.polls.tally(core.poll.id)).toEqual({ counts: [1, 0, 1], voters: 1 });
    const off = await vote(core, core.community, bea, 0);
    expect(off.ok && off.value.after).toEqual([2]);
    expect(await core.storage.polls.tally(core.poll.id)).toEqual({ counts: [0, 0, 1], voters: 1 });
    expect(events(core).map(([kind]) => kind)).toEqual(["vote", "vote_change", "vote_change"]);
  });

  it("refuses, politely, a member outside the target segment, and records nothing", async () => {
    const core = await setup({ segment: { kind: "roles", roleIds: ["vip"] } });
    const outsider = await core.member(core.community, "out", { roles: ["regular"] });
    const refused = await vote(core, core.community, outsider, 0);
    expect(!refused.ok && refused.error.code).toBe("NOT_IN_SEGMENT");
    expect(core.translator.for("en")("errors.NOT_IN_SEGMENT")).toContain("meant for a different group");
    const vip = await core.member(core.community, "vip", { roles: ["vip"] });
    expect((await vote(core, core.community, vip, 0)).ok).toBe(true);
    expect(await core.storage.polls.tally(core.poll.id)).toEqual({ counts: [1, 0, 0], voters: 1 });
  });

  it("refuses a vote once the closing time has passed, even before the close has run, and after it", async () => {
    const core = await setup();
    const cy = await core.member(core.community, "cy");
    core.clock.advance(2 * HOUR);
    const late = await vote(core, core.community, cy, 0);
    expect(!late.ok && late.error.code).toBe("POLL_CLOSED");
    await core.polls.closeDuePoll(core.poll.id, core.clock.now());
    const closed = await vote(core, core.community, cy, 1);
    expect(!closed.ok && closed.error.code).toBe("POLL_CLOSED");
    expect(await core.storage.polls.tally(core.poll.id)).toEqual({ counts: [0, 0, 0], voters: 0 });
  });

  it("keeps live counts and percentages on the posted message", async () => {
    const core = await setup();
    for (const [id, option] of [
      ["a", 0],
      ["b", 0],
      ["c", 1],
      ["d", 0],
    ] as const) {
      await vote(core, core.community, await core.member(core.community, id), option);
    }
    await core.polls.idle();
    const shown = textOf(core.chat.current(core.chat.sent[0]!.ref));
    expect(shown).toContain("Vanilla: 3 (75%)");
    expect(shown).toContain("Pistachio: 1 (25%)");
    expect(shown).toContain("Votes: 4");
  });

  it("attributes votes only on attributed polls and only with an analytics consent", async () => {
    const core = await setup({ anonymity: "attributed" });
    const consenting = await core.member(core.community, "yes");
    const silent = await core.member(core.community, "no");
    await core.grant(core.community, consenting, "analytics");
    await vote(core, core.community, consenting, 0);
    await vote(core, core.community, silent, 1);
    const rows = (core.storage.polls as PollRepositoryInMemory).votes;
    expect(rows.map((r) => r.memberId).sort()).toEqual([consenting.id, null].sort());
    expect(events(core)).toEqual([
      ["vote", false],
      ["vote", false],
    ]);
  });

  it("never attributes a vote on an anonymous poll, even with consent", async () => {
    const core = await setup({ anonymity: "anonymous" });
    const consenting = await core.member(core.community, "yes");
    await core.grant(core.community, consenting, "analytics");
    await vote(core, core.community, consenting, 0);
    const rows = (core.storage.polls as PollRepositoryInMemory).votes;
    expect(rows.map((r) => r.memberId)).toEqual([null]);
    expect(rows[0]?.voterKey).not.toContain(consenting.id);
    expect(events(core)).toEqual([["vote", true]]);
  });
});

describe("results", () => {
  it("hides the counts until closing when asked, then posts them", async () => {
    const core = await setup({ results: "after_close" }, ["dee"]);
    const dee = await core.member(core.community, "dee");
    await vote(core, core.community, dee, 2);
    await core.polls.idle();
    const open = core.chat.current(core.chat.sent[0]!.ref);
    expect(textOf(open)).toContain("Results will be shown when the poll closes.");
    expect(textOf(open)).not.toMatch(/\(\d+%\)/);
    expect(buttonsOf(open)).toContain("My vote");
    const peek = await core.polls.results({
      community: core.community,
      member: dee,
      number: 1,
      interaction: interaction(core),
    });
    expect(peek.ok && peek.value.tally.counts).toEqual([]);
    expect(peek.ok && peek.value.choices).toEqual([2]);
    expect(events(core)).toEqual([["vote", true]]);

    core.clock.advance(2 * HOUR);
    expect(await core.polls.closeDuePoll(core.poll.id, core.clock.now())).toBe("closed");
    const results = core.chat.sent[1]!;
    expect(textOf(results.view)).toContain("Results: Best flavour?");
    expect(textOf(results.view)).toContain("Lemon: 1 (100%)");
    expect(textOf(results.view)).toContain("Voted: 1 of 1 (100%)");
    expect(buttonsOf(core.chat.current(core.chat.sent[0]!.ref))).toEqual([]);
  });

  it("records a view of live results", async () => {
    const core = await setup();
    const eve = await core.member(core.community, "eve");
    const seen = await core.polls.results({
      community: core.community,
      member: eve,
      number: 1,
      interaction: interaction(core),
    });
    expect(seen.ok && seen.value.tally.voters).toBe(0);
    expect(events(core)).toEqual([["results_view", true]]);
  });
});

describe("closing", () => {
  it("waits for the closing time, then closes once: a second run posts nothing more", async () => {
    const core = await setup();
    await vote(core, core.community, await core.member(core.community, "f"), 1);
    expect(await core.polls.closeDuePoll(core.poll.id, new Date(core.clock.now().getTime() + HOUR))).toBe("not_due");
    const at = core.poll.closesAt;
    expect(await core.polls.closeDuePoll(core.poll.id, at)).toBe("closed");
    expect(await core.polls.closeDuePoll(core.poll.id, at)).toBe("already_closed");
    const results = core.chat.sent.filter((s) => textOf(s.view).startsWith("Results:"));
    expect(results).toHaveLength(1);
    const poll = await core.storage.polls.get(core.poll.id);
    expect([poll?.state, poll?.closedAt?.getTime()]).toEqual(["closed", at.getTime()]);
  });

  it("lets a moderator close early: final message, results, and no scheduled close left", async () => {
    const core = await setup();
    const closed = await core.polls.closeNow({ community: core.community, number: 1, at: core.clock.now() });
    expect(closed.ok).toBe(true);
    expect((await core.scheduler.get(`${pollCloseJob}:${core.poll.id}`))?.state).toBe("cancelled");
    expect(textOf(core.chat.current(core.chat.sent[0]!.ref))).toContain("Closed");
    const again = await core.polls.closeNow({ community: core.community, number: 1, at: core.clock.now() });
    expect(!again.ok && again.error.code).toBe("POLL_CLOSED");
    expect(core.chat.sent).toHaveLength(2);
  });

  it("counts or refuses each vote racing the close, never half-applies one", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `r${i}`);
    const core = await setup({ multi: true }, ids);
    const voters = await Promise.all(ids.map((id) => core.member(core.community, id)));
    core.clock.current = new Date(core.poll.closesAt.getTime() - 1);
    // Fifteen votes, then the close with the other twenty-five votes arriving at the same instant.
    const early = voters.slice(0, 15).map((m, i) => vote(core, core.community, m, i % 3));
    await Promise.all(early);
    const closing = core.polls.closeDuePoll(core.poll.id, core.poll.closesAt);
    const late = voters.slice(15).map((m, i) => vote(core, core.community, m, i % 3));
    const outcomes = await Promise.all([...early, ...late]);
    expect(await closing).toBe("closed");
    const accepted = outcomes.filter((o) => o.ok).length;
    const refused = outcomes.filter((o) => !o.ok && o.error.code === "POLL_CLOSED").length;
    expect(accepted + refused).toBe(40);
    const final = await core.storage.polls.tally(core.poll.id);
    expect(final.voters).toBe(accepted);
    expect((core.storage.polls as PollRepositoryInMemory).votes).toHaveLength(accepted);
    expect(accepted).toBeGreaterThanOrEqual(15);
    expect(refused).toBeGreaterThan(0);
    expect(textOf(core.chat.sent[1]!.view)).toContain(`Voted: ${accepted} of 40`);
  });
});
