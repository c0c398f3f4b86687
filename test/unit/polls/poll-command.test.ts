import { describe, expect, it } from "vitest";
import type { PipelineOutcome } from "../../../src/core/pipeline/update-pipeline.ts";
import type { Reply } from "../../../src/core/ports/view.ts";
import { buttonsOf, textOf } from "./support/fake-chat.ts";
import { inMemoryPollCore } from "./support/poll-core.ts";

const moderator = { userId: "900", admin: true };

function shown(reply: Reply): string {
  if (reply.type === "notice") return reply.text;
  if (reply.type === "message" || reply.type === "update") return textOf(reply.view);
  return "";
}

const voteOn = (number: number, option: number) => ({
  type: "action" as const,
  name: "pl_v",
  args: [String(number), String(option)],
});

async function created(outcome: PipelineOutcome) {
  expect(outcome.outcome).toBe("ok");
  return outcome;
}

describe("/poll and its buttons", () => {
  it("lets a moderator post a poll the way Telegram's text syntax reads it", async () => {
    const core = inMemoryPollCore();
    const reply = await created(
      await core.send(
        {
          type: "command",
          name: "poll",
          options: { question: "Best flavour?", option1: "Vanilla", option2: "Pistachio", multi: true, closes: "2d" },
        },
        moderator,
      ),
    );
    expect(shown(reply.reply)).toMatch(
      /^Poll 1 is posted and closes Wed, 2 Dec 2026, 11:00 CET\. Members who can vote: 1\./,
    );
    expect(reply.reply.type === "message" && buttonsOf(reply.reply.view)).toEqual(["Close poll 1 now"]);
    expect(buttonsOf(core.chat.sent[0]?.view)).toEqual(["Vanilla", "Pistachio", "Results"]);
  });

  it("refuses /poll to members", async () => {
    const core = inMemoryPollCore();
    const outcome = await core.send({
      type: "command",
      name: "poll",
      options: { question: "Q?", option1: "A", option2: "B" },
    });
    expect(outcome.outcome).toBe("error:NOT_A_MODERATOR");
    expect(core.chat.sent).toEqual([]);
  });

  it("explains an invalid poll in the moderator's language", async () => {
    const core = inMemoryPollCore();
    const outcome = await core.send(
      { type: "command", name: "poll", options: { question: "Gusto?", option1: "Crema", option2: "crema" } },
      { ...moderator, locale: "it" },
    );
    expect(outcome.outcome).toBe("error:INVALID_POLL");
    expect(shown(outcome.reply)).toBe(
      "Non posso creare il sondaggio: “crema” compare due volte: ogni opzione deve essere diversa.",
    );
    expect(core.chat.sent).toEqual([]);
  });

  it("reads the segment options: lapsed members over 30 days", async () => {
    const core = inMemoryPollCore();
    const outcome = await core.send(
      {
        type: "command",
        name: "poll",
        options: { question: "Miss us?", option1: "Yes", option2: "No", segment: "lapsed", days: 30 },
      },
      moderator,
    );
    expect(outcome.outcome).toBe("ok");
    const community = await core.community();
    expect((await core.storage.polls.findByNumber(community.id, 1))?.segment).toEqual({ kind: "lapsed", days: 30 });
  });

  it("acknowledges votes privately, refuses a second identical vote, and accepts a change", async () => {
    const core = inMemoryPollCore();
    await core.send(
      { type: "command", name: "poll", options: { question: "Best?", option1: "Vanilla", option2: "Pistachio" } },
      moderator,
    );
    const first = await core.send(voteOn(1, 0), { userId: "1" });
    expect(shown(first.reply)).toBe("Your vote for “Vanilla” is counted. You can change it until the poll closes.");
    const twice = await core.send(voteOn(1, 0), { userId: "1" });
    expect(twice.outcome).toBe("error:ALREADY_VOTED");
    expect(shown(twice.reply)).toBe("You already voted for “Vanilla”. Tap another option to change your vote.");
    const change = await core.send(voteOn(1, 1), { userId: "1" });
    expect(shown(change.reply)).toBe("Your vote is now “Pistachio”.");
    const forged = await core.send(voteOn(1, 7), { userId: "1" });
    expect(forged.outcome).toBe("error:STALE_OR_FORGED_ACTION");
  });

  it("shows a member the results and their own vote privately", async () => {
    const core = inMemoryPollCore();
    await core.send(
      { type: "command", name: "poll", options: { question: "Best?", option1: "Vanilla", option2: "Pistachio" } },
      moderator,
    );
    await core.send(voteOn(1, 1), { userId: "2" });
    const results = await core.send({ type: "action", name: "pl_r", args: ["1"] }, { userId: "2" });
    expect(results.reply.type === "message" && results.reply.visibility).toBe("private");
    expect(shown(results.reply)).toContain("Pistachio: 1 (100%)");
    expect(shown(results.reply)).toContain("Your vote: Pistachio.");
  });

  it("lists open polls and closes one early for moderators, posting its results", async () => {
    const core = inMemoryPollCore();
    const ask = (question: string) =>
      core.send({ type: "command", name: "poll", options: { question, option1: "A", option2: "B" } }, moderator);
    await ask("First?");
    await ask("Second?");
    const list = await core.send({ type: "command", name: "polls", subcommand: "list", options: {} }, moderator);
    expect(shown(list.reply)).toContain("1. First?");
    expect(shown(list.reply)).toContain("2. Second?");
    const close = await core.send(
      { type: "command", name: "polls", subcommand: "close", options: { number: 2 } },
      moderator,
    );
    expect(shown(close.reply)).toBe("Poll 2 is closed and its results are posted.");
    expect(textOf(core.chat.sent.at(-1)?.view)).toContain("Results: Second?");
    const vote = await core.send(voteOn(2, 0), { userId: "3" });
    expect(vote.outcome).toBe("error:POLL_CLOSED");
    const missing = await core.send(
      { type: "command", name: "polls", subcommand: "close", options: { number: 9 } },
      moderator,
    );
    expect(missing.outcome).toBe("error:POLL_NOT_FOUND");
  });

  it("closes a poll from the button on the moderator's confirmation, and only for moderators", async () => {
    const core = inMemoryPollCore();
    await core.send(
      { type: "command", name: "poll", options: { question: "Q?", option1: "A", option2: "B" } },
      moderator,
    );
    const member = await core.send({ type: "action", name: "pl_c", args: ["1"] }, { userId: "4" });
    expect(member.outcome).toBe("error:NOT_A_MODERATOR");
    const mod = await core.send({ type: "action", name: "pl_c", args: ["1"] }, moderator);
    expect(mod.reply.type).toBe("update");
    expect(core.chat.sent).toHaveLength(2);
  });
});
