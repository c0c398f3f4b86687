import { describe, expect, it } from "vitest";
import { promptDeliverJob } from "../../../src/core/delivery/direct-prompts.service.ts";
import type { CreatePollInput } from "../../../src/core/polls/poll.schema.ts";
import { buttonsOf, textOf } from "../polls/support/fake-chat.ts";
import { inMemoryPollCore } from "../polls/support/poll-core.ts";

const utc = (iso: string) => new Date(`${iso}Z`);

/** A community whose members "ada", "bob" (no direct-message consent) and "cy" (no contact kept). */
async function community(now: Date, weeklyPromptCap = 3) {
  const core = inMemoryPollCore({ now });
  const c = await core.community();
  await core.repositories.communities.updateSettings(c.id, { ...c.settings, weeklyPromptCap });
  const ada = await core.member(c, "ada");
  const bob = await core.member(c, "bob");
  const cy = await core.member(c, "cy");
  for (const m of [ada, cy]) await core.grant(c, m, "direct_messages");
  core.contacts.byMember.set(ada.id, "ada-contact");
  const fresh = (await core.repositories.communities.get(c.id))!;
  const poll = async (overrides: Partial<CreatePollInput> = {}) => {
    const created = await core.polls.create({
      community: fresh,
      definition: {
        question: "Gelato?",
        options: ["Yes", "No"],
        closes: "3d",
        channelId: "-100777",
        direct: true,
        ...overrides,
      },
      at: core.clock.now(),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    await core.polls.idle();
    return created.value;
  };
  return { core, community: fresh, ada, bob, cy, poll };
}

describe("direct prompts", () => {
  it("go privately only to members who allow direct messages, and count what could not go", async () => {
    const { core, poll } = await community(utc("2026-11-30T10:00:00"));
    const sent = await poll();
    expect(core.chat.privates.map((p) => p.contact)).toEqual(["ada-contact"]);
    expect(buttonsOf(core.chat.privates[0]?.view)).toEqual(["Yes", "No", "Results"]);
    expect(await core.prompts.counts(sent.id)).toEqual({ sent: 1, deferred: 0, skipped: 1 });
  });

  it("wait for the end of quiet hours, then go once", async () => {
    const { core, poll } = await community(utc("2026-11-30T22:30:00")); // 23:30 in Rome
    const sent = await poll();
    expect(core.chat.privates).toEqual([]);
    // The contact is looked up only when the prompt goes: cy (no contact kept) waits too.
    expect(await core.prompts.counts(sent.id)).toEqual({ sent: 0, deferred: 2, skipped: 0 });
    const retries = (await core.scheduler.list()).filter((s) => s.job === promptDeliverJob);
    expect(retries.map((r) => r.runAt)).toEqual([utc("2026-12-01T07:00:00"), utc("2026-12-01T07:00:00")]); // 08:00
    const morning = utc("2026-12-01T07:00:00");
    const outcomes = [];
    for (const retry of retries)
      outcomes.push(await core.prompts.runDeferred(Number(retry.id.split(":")[1]), "poll", morning));
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { status: "sent", reason: null },
        { status: "skipped", reason: "no_contact" },
      ]),
    );
    expect(await core.prompts.runDeferred(Number(retries[0]!.id.split(":")[1]), "poll", morning)).toBeNull();
    expect(core.chat.privates).toHaveLength(1);
    expect(await core.prompts.counts(sent.id)).toEqual({ sent: 1, deferred: 0, skipped: 1 });
  });

  it("respect the weekly cap: over it, a prompt waits for next week or is skipped if the poll ends first", async () => {
    const { core, poll } = await community(utc("2026-12-02T10:00:00"), 1); // Wednesday
    const first = await poll();
    const second = await poll({ closes: "2d" });
    const third = await poll({ closes: "14d" });
    expect(core.chat.privates).toHaveLength(1);
    expect(await core.prompts.counts(first.id)).toMatchObject({ sent: 1 });
    expect(await core.prompts.counts(second.id)).toMatchObject({ sent: 0, deferred: 0, skipped: 2 });
    expect(await core.prompts.counts(third.id)).toMatchObject({ sent: 0, deferred: 1 });
    const retry = (await core.scheduler.list()).find((s) => s.campaignId === third.id && s.job === promptDeliverJob);
    expect(retry?.runAt).toEqual(utc("2026-12-07T07:00:00")); // Monday 08:00 in Rome
  });

  it("show a closed poll's final state in the private copies too", async () => {
    const { core, poll } = await community(utc("2026-11-30T10:00:00"));
    const sent = await poll();
    await core.polls.closeDuePoll(sent.id, sent.closesAt);
    const copy = core.chat.privates[0]!.ref;
    const edited = core.chat.edits.filter((e) => e.ref.messageId === copy.messageId).at(-1);
    expect(textOf(edited?.view)).toContain("Closed");
    expect(buttonsOf(edited?.view)).toEqual([]);
  });

  it("skip a member who blocked the bot, and say so", async () => {
    const { core, poll, ada } = await community(utc("2026-11-30T10:00:00"));
    core.chat.blocked.add(core.contacts.byMember.get(ada.id)!);
    const sent = await poll();
    expect(await core.prompts.counts(sent.id)).toEqual({ sent: 0, deferred: 0, skipped: 2 });
  });
});
