import { describe, expect, it } from "vitest";
import { scheduleChatCampaign } from "../../../src/core/campaigns/chat-campaign.ts";
import { promptDeliverJob } from "../../../src/core/delivery/direct-prompts.service.ts";
import { textOf } from "../polls/support/fake-chat.ts";
import { inMemoryPollCore } from "../polls/support/poll-core.ts";

const utc = (iso: string) => new Date(`${iso}Z`);

/**
 * A community in Rome whose member "ada" allows direct messages (weekly cap `cap`), with a poll campaign that
 * also goes privately, scheduled from chat on `repeat`.
 */
async function scheduledDirectPoll(repeat: string, cap: number) {
  const core = inMemoryPollCore({ now: utc("2026-11-29T10:00:00") }); // Sunday
  const stored = await core.community();
  await core.repositories.communities.updateSettings(stored.id, { ...stored.settings, weeklyPromptCap: cap });
  const community = (await core.repositories.communities.get(stored.id))!;
  const ada = await core.member(community, "ada");
  await core.grant(community, ada, "direct_messages");
  core.contacts.byMember.set(ada.id, "ada-contact");
  const scheduled = await scheduleChatCampaign({
    scheduler: core.scheduler,
    community,
    channelId: "-100777",
    content: {
      kind: "poll",
      poll: { question: "Gelato tonight?", options: ["Yes", "No"], closes: "3d", direct: true },
    },
    when: { repeat },
    now: core.clock.now(),
  });
  if (!scheduled.ok) throw new Error(JSON.stringify(scheduled.error));
  /** Moves the clock to a run and lets it post. */
  const runAt = async (iso: string) => {
    core.clock.current = utc(iso);
    await core.scheduler.runDueFires();
    await core.polls.idle();
  };
  const posts = () => core.chat.sent.filter((s) => textOf(s.view).includes("Gelato tonight?"));
  return { core, runAt, posts };
}

describe("what a scheduled run sends keeps the community's restraint", () => {
  it("posts in the channel at a run in quiet hours, and holds the private copy until they end", async () => {
    const { core, runAt, posts } = await scheduledDirectPoll("30 23 * * 1", 3); // Mondays 23:30 in Rome
    await runAt("2026-11-30T22:30:00"); // 23:30 in Rome
    expect(posts()).toHaveLength(1);
    expect(core.chat.privates).toEqual([]);
    const retries = (await core.scheduler.list()).filter((s) => s.job === promptDeliverJob);
    expect(retries.map((r) => r.runAt?.toISOString())).toEqual(["2026-12-01T07:00:00.000Z"]); // 08:00 in Rome
  });

  it("counts each run's private copy against the weekly cap", async () => {
    const { core, runAt, posts } = await scheduledDirectPoll("0 10 * * 1,3", 1); // Mondays and Wednesdays 10:00
    await runAt("2026-11-30T09:00:00");
    expect(core.chat.privates).toHaveLength(1);
    await runAt("2026-12-02T09:00:00");
    expect(posts()).toHaveLength(2);
    expect(core.chat.privates).toHaveLength(1);
  });
});
