// Many members voting on one poll at once, through the pipeline and the poll service down to the database:
// on SQLite, and on PostgreSQL when TEST_DATABASE_URL names a server.
import { describe, expect, it } from "vitest";
import { testProviders } from "../support/test-database.ts";
import { textOf } from "../unit/polls/support/fake-chat.ts";
import { pollCore } from "../unit/polls/support/poll-core.ts";
import { pollsOnDatabase } from "./poll-harness.ts";

const moderator = { userId: "900", admin: true };
const voteOn = (option: number) => ({ type: "action" as const, name: "pl_v", args: ["1", String(option)] });

describe.each(testProviders())("votes on %s", (provider) => {
  async function open(options: { multi?: boolean } = {}) {
    const harness = await pollsOnDatabase(provider)();
    const core = pollCore(harness.repositories, harness.storage);
    // The members are known before the poll is sent, so they make its reach.
    const community = await core.community();
    for (let i = 0; i < 200; i++) await core.member(community, `voter-${i}`);
    const created = await core.send(
      {
        type: "command",
        name: "poll",
        options: { question: "Best flavour?", option1: "Vanilla", option2: "Pistachio", option3: "Lemon", ...options },
      },
      moderator,
    );
    expect(created.outcome).toBe("ok");
    const poll = (await harness.storage.polls.findByNumber(community.id, 1))!;
    const prisma = harness.prisma!;
    const rows = () => prisma.pollVote.findMany({ where: { campaignId: poll.id } });
    return { harness, core, poll, rows };
  }

  it("200 concurrent votes on one poll leave exactly 200 consistent votes and one final count equal to them", async () => {
    const { harness, core, poll, rows } = await open();
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, (_, i) => core.send(voteOn(i % 3), { userId: `voter-${i}` })),
      );
      expect(outcomes.filter((o) => o.outcome === "ok")).toHaveLength(200);
      const stored = await rows();
      expect(stored).toHaveLength(200);
      expect(new Set(stored.map((r) => r.voterKey)).size).toBe(200);
      expect(stored.every((r) => r.memberId === null)).toBe(true);

      expect(await core.polls.closeDuePoll(poll.id, poll.closesAt)).toBe("closed");
      const final = await harness.storage.polls.tally(poll.id);
      expect(final).toEqual({ counts: [67, 67, 66], voters: 200 });
      const results = core.chat.sent.filter((s) => textOf(s.view).startsWith("Results:"));
      expect(results).toHaveLength(1);
      expect(textOf(results[0]!.view)).toContain("Vanilla: 67 (34%)");
      expect(textOf(results[0]!.view)).toContain("Voted: 200 of 201");

      await core.polls.idle();
      await core.engagement.flush();
      const votes = await harness.prisma!.engagementEvent.count({ where: { campaignId: poll.id, kind: "vote" } });
      expect(votes).toBe(200);
    } finally {
      await core.engagement.close();
      await harness.close();
    }
  });

  it("counts or refuses each of the votes racing the close, and the final count matches the rows", async () => {
    const { harness, core, poll, rows } = await open({ multi: true });
    try {
      core.clock.current = new Date(poll.closesAt.getTime() - 1);
      const vote = (i: number) => core.send(voteOn(i % 3), { userId: `racer-${i}` });
      const early = await Promise.all(Array.from({ length: 60 }, (_, i) => vote(i)));
      const late = Array.from({ length: 60 }, (_, i) => vote(60 + i));
      const [closed, ...rest] = await Promise.all([core.polls.closeDuePoll(poll.id, poll.closesAt), ...late]);
      expect(closed).toBe("closed");
      const outcomes = [...early, ...rest];
      const accepted = outcomes.filter((o) => o.outcome === "ok").length;
      const refused = outcomes.filter((o) => o.outcome === "error:POLL_CLOSED").length;
      expect(accepted + refused).toBe(120);
      expect(accepted).toBeGreaterThanOrEqual(60);
      const final = await harness.storage.polls.tally(poll.id);
      expect(final.voters).toBe(accepted);
      expect(await rows()).toHaveLength(accepted);
      const results = core.chat.sent.filter((s) => textOf(s.view).startsWith("Results:"));
      expect(textOf(results[0]!.view)).toContain(`Voted: ${accepted} of`);
    } finally {
      await core.engagement.close();
      await harness.close();
    }
  });
});
