import { describe, expect, it } from "vitest";
import { buttonsOf, formOf, latest, qaCore, replyText, textOf, viewOf } from "./support/qa-core.ts";

const minute = 60_000;
const question = (n: number) => `Question number ${n}, about flavours?`;

/** A world with an open session (no queue unless asked) and a few people. */
async function opened(
  options: { platform?: "discord" | "telegram"; queue?: boolean; limit?: number; ends?: string } = {},
) {
  const world = qaCore({ platform: options.platform ?? "discord" });
  const moderator = world.person({ admin: true });
  const reply = await moderator.command(
    "qa",
    {
      topic: "New flavours",
      queue: options.queue ?? false,
      limit: options.limit ?? 3,
      ...(options.ends ? { ends: options.ends } : {}),
    },
    "open",
  );
  expect(replyText(reply)).toContain("is open in this channel");
  return { world, moderator };
}

describe("opening a Q&A session", () => {
  it("posts the board in the channel and schedules the closing at the end time", async () => {
    const { world } = await opened({ ends: "2h" });
    expect(textOf(world.board())).toContain("Q&A: New flavours");
    expect(textOf(world.board())).toContain("Ends ");
    const [closing] = await world.services.scheduler.list();
    expect(closing).toMatchObject({ job: "qa.close", runAt: new Date(world.clock.now().getTime() + 120 * minute) });
  });

  it("is for moderators only", async () => {
    const world = qaCore();
    const reply = await world.person().command("qa", { topic: "New flavours" }, "open");
    expect(replyText(reply)).toBe("Only this community's moderators can do that.");
    expect(world.chat.messages).toEqual([]);
  });

  it("refuses a second session in the same channel and keeps the first", async () => {
    const { world, moderator } = await opened();
    const again = await moderator.command("qa", { topic: "Something else" }, "open");
    expect(replyText(again)).toContain("A Q&A session is already open in this channel");
    expect(world.chat.messages).toHaveLength(1);
    expect(textOf(world.board())).toContain("New flavours");
  });

  it("runs sessions in different channels at once, each with its own board and questions", async () => {
    const { world, moderator } = await opened();
    await moderator.command("qa", { topic: "Opening hours" }, "open", "channel-two");
    const member = world.person();
    await member.command("ask", { question: question(1) });
    await member.command("ask", { question: "When do you open on Sundays?" }, undefined, "channel-two");
    await world.settle();
    expect(textOf(world.board())).toContain("Q1 · ▲ 0 · “Question number 1, about flavours?”");
    expect(textOf(world.board("channel-two"))).toContain("Q&A: Opening hours");
    expect(textOf(world.board("channel-two"))).toContain("Q1 · ▲ 0 · “When do you open on Sundays?”");
    expect(textOf(world.board("channel-two"))).not.toContain("flavours?");
  });

  it("refuses an end time it cannot read and opens nothing", async () => {
    const world = qaCore();
    const reply = await world
      .person({ admin: true })
      .command("qa", { topic: "New flavours", ends: "tomorrowish" }, "open");
    expect(replyText(reply)).toContain("I can't read the end time");
    expect(world.chat.messages).toEqual([]);
    expect(world.repositories.qa.sessions.size).toBe(0);
  });

  it("keeps nothing when the platform refuses the board", async () => {
    const world = qaCore();
    world.chat.failSends = new Error("Missing Permissions");
    const reply = await world.person({ admin: true }).command("qa", { topic: "New flavours", ends: "1h" }, "open");
    expect(replyText(reply)).toContain("I couldn't post the board in this channel");
    expect(world.repositories.qa.sessions.size).toBe(0);
    expect((await world.services.scheduler.list()).map((s) => s.state)).toEqual(["cancelled"]);
  });

  it("answers an Italian moderator in Italian", async () => {
    const world = qaCore();
    const reply = await world.person({ admin: true, locale: "it" }).command("qa", { topic: "Gusti nuovi" }, "open");
    expect(replyText(reply)).toContain("La sessione di domande e risposte su “Gusti nuovi” è aperta in questo canale.");
  });
});

describe("asking", () => {
  it("shows a question at once when the session has no moderation queue", async () => {
    const { world } = await opened();
    expect(replyText(await world.person().command("ask", { question: question(1) }))).toBe(
      "Thanks! Your question is Q1 on the board.",
    );
    await world.settle();
    expect(textOf(world.board())).toContain("Q1 · ▲ 0 · “Question number 1, about flavours?”");
  });

  it("takes questions of 10 to 500 characters and refuses shorter or longer ones, storing nothing", async () => {
    const { world } = await opened({ limit: 5 });
    const member = world.person();
    expect(replyText(await member.command("ask", { question: "x".repeat(9) }))).toBe(
      "A question needs 10 to 500 characters; yours has 9.",
    );
    expect(replyText(await member.command("ask", { question: "y".repeat(501) }))).toContain("yours has 501");
    expect(replyText(await member.command("ask", { question: "  short one  " }))).toContain("yours has 9");
    expect(world.repositories.qa.questionRows.size).toBe(0);
    expect(replyText(await member.command("ask", { question: "x".repeat(10) }))).toContain("Q1");
    expect(replyText(await member.command("ask", { question: "y".repeat(500) }))).toContain("Q2");
  });

  it("limits each member's open questions per session; an answer or a rejection frees a slot", async () => {
    const { world, moderator } = await opened({ queue: true, limit: 2 });
    const member = world.person();
    await member.command("ask", { question: question(1) });
    await member.command("ask", { question: question(2) });
    expect(replyText(await member.command("ask", { question: question(3) }))).toBe(
      "You already have 2 open questions in this session. Wait for an answer before asking another.",
    );
    expect(replyText(await world.person().command("ask", { question: question(4) }))).toContain("Q3");
    let queue = viewOf(await moderator.command("qa", {}, "queue"));
    queue = viewOf(await moderator.press(queue, "Approve"));
    await moderator.press(queue, "Reject");
    expect(replyText(await member.command("ask", { question: question(5) }))).toContain("Q4");
    await moderator.command("answer", { number: 1, text: "Soon." });
    expect(replyText(await member.command("ask", { question: question(6) }))).toContain("Q5");
    expect(replyText(await member.command("ask", { question: question(7) }))).toContain("You already have 2");
  });

  it("counts the limit per session, not per community", async () => {
    const { world, moderator } = await opened({ limit: 1 });
    await moderator.command("qa", { topic: "Opening hours", limit: 1 }, "open", "channel-two");
    const member = world.person();
    await member.command("ask", { question: question(1) });
    expect(replyText(await member.command("ask", { question: question(2) }, undefined, "channel-two"))).toContain("Q1");
  });

  it("asks with a form where there are forms", async () => {
    const { world } = await opened();
    const member = world.person();
    const form = formOf(await member.command("ask"));
    expect(form.fields).toEqual([expect.objectContaining({ id: "question", minLength: 10, maxLength: 500 })]);
    expect(replyText(await member.submit(form, { question: question(1) }))).toContain("Q1 on the board");
    const fromBoard = formOf(await member.press(world.board(), "Ask a question"));
    expect(replyText(await member.submit(fromBoard, { question: question(2) }))).toContain("Q2 on the board");
  });

  it("says how to ask with /ask where there are no forms", async () => {
    const { world } = await opened({ platform: "telegram" });
    const member = world.person();
    expect(replyText(await member.command("ask"))).toBe(
      "Write your question after the command, for example: /ask When does the new flavour arrive?",
    );
    expect(await member.press(world.board(), "Ask a question")).toEqual({
      type: "notice",
      text: "Send /ask followed by your question, for example: /ask When does the new flavour arrive?",
    });
  });

  it("says when no session is open in the channel", async () => {
    const world = qaCore();
    expect(replyText(await world.person().command("ask", { question: question(1) }))).toBe(
      "No Q&A session is open in this channel.",
    );
  });
});

describe("upvoting", () => {
  it("counts one upvote per member; a second press is refused privately, with a way to withdraw", async () => {
    const { world } = await opened();
    await world.person().command("ask", { question: question(1) });
    await world.settle();
    const voter = world.person();
    expect(await voter.press(world.board(), "▲ Q1")).toEqual({ type: "notice", text: "Upvoted Q1." });
    const again = await voter.press(world.board(), "▲ Q1");
    expect(again).toMatchObject({ type: "message", visibility: "private" });
    expect(replyText(again)).toBe("You already upvoted Q1: it counts once. You can take your upvote back.");
    await world.settle();
    expect(textOf(world.board())).toContain("Q1 · ▲ 1 ·");
    expect(replyText(await voter.press(viewOf(again), "Withdraw my upvote"))).toBe("Your upvote of Q1 is withdrawn.");
    await world.settle();
    expect(textOf(world.board())).toContain("Q1 · ▲ 0 ·");
    expect(replyText(await voter.press(viewOf(again), "Withdraw my upvote"))).toBe(
      "You haven't upvoted that question.",
    );
    expect(replyText(await voter.press(world.board(), "▲ Q1"))).toBe("Upvoted Q1.");
  });

  it("refuses an upvote of one's own question", async () => {
    const { world } = await opened();
    const asker = world.person();
    await asker.command("ask", { question: question(1) });
    await world.settle();
    expect(replyText(await asker.press(world.board(), "▲ Q1"))).toBe("You can't upvote your own question.");
    expect(world.repositories.qa.upvotes).toEqual([]);
  });

  it("refuses upvotes of a question no longer on the board", async () => {
    const { world, moderator } = await opened();
    await world.person().command("ask", { question: question(1) });
    await world.settle();
    const board = world.board();
    await moderator.command("qa", { number: 1 }, "hide");
    expect(replyText(await world.person().press(board, "▲ Q1"))).toContain("That question isn't on the board");
    await world.settle();
    expect(textOf(world.board())).toContain("No questions yet.");
  });
});

describe("moderating", () => {
  it("lets only one of two moderators decide a waiting question", async () => {
    const { world, moderator } = await opened({ queue: true });
    await world.person().command("ask", { question: question(1) });
    const queue = viewOf(await moderator.command("qa", {}, "queue"));
    const other = world.person({ admin: true });
    expect(replyText(await moderator.press(queue, "Approve"))).toContain("Q1 is approved");
    expect(replyText(await other.press(queue, "Reject"))).toBe("Another moderator already took care of that question.");
    await world.settle();
    expect(textOf(world.board())).toContain("Q1 · ▲ 0 ·");
  });

  it("refuses a review button pressed in another community", async () => {
    const { world, moderator } = await opened({ queue: true });
    await world.person().command("ask", { question: question(1) });
    const queue = viewOf(await moderator.command("qa", {}, "queue"));
    const stranger = world.person({ admin: true, community: "guild-elsewhere" });
    expect(replyText(await stranger.press(queue, "Approve", "channel-elsewhere"))).toBe(
      "This button is no longer valid. Please run the command again.",
    );
    expect(world.repositories.qa.questionRows.values().next().value?.state).toBe("pending");
  });

  it("merges a duplicate: its supporters' upvotes move once each, never to the kept question's asker", async () => {
    const { world, moderator } = await opened();
    const [ada, bea, cy, dan] = [world.person(), world.person(), world.person(), world.person()];
    await ada.command("ask", { question: question(1) });
    await bea.command("ask", { question: question(2) });
    await world.settle();
    await cy.press(world.board(), "▲ Q1");
    await cy.press(world.board(), "▲ Q2");
    await dan.press(world.board(), "▲ Q2");
    await ada.press(world.board(), "▲ Q2");
    // Q2 (bea's) into Q1 (ada's): cy counts once, dan moves, ada's own upvote does not, bea's support joins.
    expect(replyText(await moderator.command("qa", { from: 2, into: 1 }, "merge"))).toBe("Q2 is merged into Q1.");
    await world.settle();
    expect(textOf(world.board())).toContain("Q1 · ▲ 3 ·");
    expect(textOf(world.board())).not.toContain("Q2 ·");
    expect(replyText(await moderator.command("qa", { from: 1, into: 1 }, "merge"))).toContain("can only be merged");
  });
});

describe("answering", () => {
  it("posts the answer for the asker and records only the first answer's time", async () => {
    const { world, moderator } = await opened();
    const asker = world.person();
    await asker.command("ask", { question: question(1) });
    world.clock.current = new Date(world.clock.current.getTime() + 5 * minute);
    await moderator.command("answer", { number: 1, text: "Next week." });
    world.clock.current = new Date(world.clock.current.getTime() + 5 * minute);
    await moderator.command("answer", { number: 1, text: "Update: Friday." });
    const answers = world.chat.inChannel(world.sessionChannel).slice(1);
    expect(answers.map((m) => textOf(latest(m)).split("\n").at(-1))).toEqual(["Next week.", "Update: Friday."]);
    expect(answers.map((m) => m.target.notify)).toEqual([`u${asker.userId}`, `u${asker.userId}`]);
    const [stored] = world.repositories.qa.questionRows.values();
    expect(stored?.answerCount).toBe(2);
    expect((stored!.firstAnsweredAt!.getTime() - stored!.askedAt.getTime()) / minute).toBe(5);
  });

  it("refuses to answer a question waiting for review", async () => {
    const { world, moderator } = await opened({ queue: true });
    await world.person().command("ask", { question: question(1) });
    expect(replyText(await moderator.command("answer", { number: 1, text: "Soon." }))).toContain("isn't on the board");
    expect(replyText(await moderator.command("answer", { number: 7, text: "Soon." }))).toBe(
      "There is no question 7 in this session.",
    );
  });

  it("asks a moderator without a form for the answer's text", async () => {
    const { world, moderator } = await opened({ platform: "telegram" });
    await world.person().command("ask", { question: question(1) });
    expect(replyText(await moderator.command("answer", { number: 1 }))).toContain("/answer 3 | Next week!");
  });
});

describe("closing", () => {
  it("closes by a moderator: final board, one summary, the scheduled closing cancelled, the channel free again", async () => {
    const { world, moderator } = await opened({ ends: "1h" });
    await world.person().command("ask", { question: question(1) });
    expect(replyText(await moderator.command("qa", {}, "close"))).toBe(
      "The Q&A session is closed; the summary is posted.",
    );
    await world.settle();
    expect(buttonsOf(world.board())).toEqual([]);
    expect((await world.services.scheduler.list()).map((s) => s.state)).toEqual(["cancelled"]);
    await world.advance(2 * 60 * minute);
    const summaries = world.chat.messages.filter((m) => textOf(latest(m)).startsWith("Q&A summary"));
    expect(summaries).toHaveLength(1);
    expect(textOf(latest(summaries[0]))).toContain("Median time to first answer: no answer yet");
    expect(replyText(await moderator.command("qa", {}, "close"))).toBe("No Q&A session is open in this channel.");
    expect(replyText(await moderator.command("qa", { topic: "Round two" }, "open"))).toContain("Round two");
  });

  it("posts the summary once when the closing job runs twice", async () => {
    const { world } = await opened({ ends: "1h" });
    await world.advance(60 * minute);
    const [session] = world.repositories.qa.sessions.keys();
    expect(await world.qa.closing.closeDue(session!, world.clock.now())).toBe("already_closed");
    await world.settle();
    expect(world.chat.messages.filter((m) => textOf(latest(m)).startsWith("Q&A summary"))).toHaveLength(1);
  });

  it("forgets the askers' notify addresses", async () => {
    const { world, moderator } = await opened();
    await world.person().command("ask", { question: question(1) });
    expect([...world.repositories.qa.questionRows.values()][0]?.notifyAddress).not.toBeNull();
    await moderator.command("qa", {}, "close");
    expect([...world.repositories.qa.questionRows.values()][0]?.notifyAddress).toBeNull();
  });
});

describe("erasure", () => {
  it("unlinks the asker and deletes their question texts; their upvotes keep counting for no one", async () => {
    const { world } = await opened();
    const asker = world.person();
    const voter = world.person();
    await asker.command("ask", { question: "My name is Ada and I love pistachio, when?" });
    await voter.command("ask", { question: question(2) });
    await world.settle();
    await asker.press(world.board(), "▲ Q2");
    await voter.press(world.board(), "▲ Q1");
    const askerId = [...world.repositories.qa.questionRows.values()][0]!.askerId!;
    const erased = await world.qa.sessions.forgetMember(askerId);
    expect(erased).toMatchObject({ questions: 1, upvotes: 1 });
    await world.settle();
    const rows = [...world.repositories.qa.questionRows.values()];
    expect(rows.map((q) => [q.askerId, q.text])).toEqual([
      [null, null],
      [expect.any(String), question(2)],
    ]);
    expect(world.repositories.qa.upvotes.map((u) => u.memberId === askerId)).toEqual([false, false]);
    expect(textOf(world.board())).toContain("Q1 · ▲ 1 · “(question removed)”");
    expect(textOf(world.board())).toContain("Q2 · ▲ 1 ·");
    expect(JSON.stringify(world.chat.messages.map((m) => latest(m)))).not.toContain("Ada");
  });
});

describe("the board", () => {
  it("lists the ten best-ranked questions, counts the rest, and offers upvotes for the top five unanswered", async () => {
    const { world, moderator } = await opened({ limit: 20 });
    const member = world.person();
    for (let n = 1; n <= 12; n++) await member.command("ask", { question: question(n) });
    await moderator.command("answer", { number: 1, text: "Yes." });
    await world.settle();
    const board = world.board();
    expect(textOf(board)).toContain("…and 2 more.");
    expect(textOf(board).match(/^Q\d+ ·/gm)).toHaveLength(10);
    expect(buttonsOf(board)).toEqual(["▲ Q2", "▲ Q3", "▲ Q4", "▲ Q5", "▲ Q6", "Ask a question", "Answer (moderators)"]);
  });

  it("ends on the newest state after a burst of upvotes", async () => {
    const { world } = await opened();
    await world.person().command("ask", { question: question(1) });
    await world.settle();
    const board = world.board();
    await Promise.all(Array.from({ length: 20 }, () => world.person().press(board, "▲ Q1")));
    await world.settle();
    expect(textOf(world.board())).toContain("Q1 · ▲ 20 ·");
    expect(world.chat.messages[0]!.views.length).toBeLessThanOrEqual(6);
  });
});
