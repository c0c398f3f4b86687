// The end-to-end Q&A session, through the real core (pipeline, Q&A feature, scheduler, in-memory
// repositories, fake clock) as each platform's adapter drives it: Discord-like (forms, mentions) and
// Telegram-like (text commands, replies), with the review queue in a staff channel or private.
import { describe, expect, it } from "vitest";
import type { Platform } from "../../../src/core/domain/platform.ts";
import { InteractionRecord } from "../../../src/core/engagement/interaction.ts";
import { buttonsOf, formOf, latest, qaCore, replyText, textOf, viewOf } from "../../unit/qa/support/qa-core.ts";

const minute = 60_000;

const cases: [Platform, "staff channel" | "private queue"][] = [
  ["discord", "staff channel"],
  ["discord", "private queue"],
  ["telegram", "staff channel"],
  ["telegram", "private queue"],
];

describe.each(cases)("a moderated Q&A session on %s with a %s", (platform, queuePlace) => {
  it("runs from opening to its summary: three askers, five upvoters, a merge, two answers, closing on time", async () => {
    const world = qaCore({ platform });
    const { clock, chat } = world;
    const at = (minutes: number) => {
      clock.current = new Date(Date.UTC(2026, 11, 1, 17, minutes));
    };
    const moderator = world.person({ admin: true });
    const ada = world.person();
    const bea = world.person();
    const cy = world.person();
    const dan = world.person();
    const eve = world.person();
    const fay = world.person();
    const staffChannel = platform === "telegram" ? "-100999" : "channel-staff";

    // Whoever runs the first command creates the community; the staff channel is one of its settings.
    await moderator.command("help");
    const community = (await world.directory.ensure(platform, platform === "telegram" ? "-100555" : "guild-1", "G"))!;
    if (queuePlace === "staff channel") {
      await world.repositories.communities.updateSettings(community.id, {
        ...community.settings,
        staffChannelId: staffChannel,
      });
    }

    // dan lets Circolo count his participation; nobody else does.
    await dan.command("help");
    await world.services.consent.set({
      communityId: community.id,
      memberId: (await world.memberOf(dan)).id,
      purpose: "analytics",
      granted: true,
      at: clock.now(),
      interaction: new InteractionRecord(),
    });

    at(0);
    const opened = await moderator.command("qa", { topic: "New flavours", ends: "2h", queue: true, limit: 2 }, "open");
    expect(replyText(opened)).toContain("The Q&A session on “New flavours” is open in this channel.");
    expect(replyText(opened)).toContain(queuePlace === "staff channel" ? "staff channel" : "Review queue");
    const board = world.board();
    expect(textOf(board)).toContain("Q&A: New flavours");
    expect(buttonsOf(board)).toEqual(["Ask a question", "Answer (moderators)", "Review queue (0)"]);

    const ask = async (who: typeof ada, text: string) => {
      if (platform === "telegram") return who.command("ask", { question: text });
      const form = formOf(await who.command("ask"));
      return who.submit(form, { question: text });
    };
    at(1);
    expect(replyText(await ask(ada, "When does pistachio come back?"))).toContain(
      "Q1 will appear once a moderator approves it",
    );
    at(2);
    await ask(bea, "Will there be a vegan option this winter?");
    at(3);
    await ask(cy, "Is the pistachio flavour coming back soon?");
    at(4);
    await ask(ada, "Do you deliver on Sundays too?");
    expect(replyText(await ask(ada, "And what about Saturdays?"))).toContain("You already have 2 open questions");
    expect(replyText(await bea.command("ask", { question: "Why?" }))).toContain(
      "needs 10 to 500 characters; yours has 4",
    );
    await world.settle();
    expect(textOf(world.board())).toContain("Waiting for review: 4.");
    expect(textOf(world.board())).toContain("No questions yet.");

    at(5);
    if (queuePlace === "staff channel") {
      const cards = chat.inChannel(staffChannel);
      expect(cards.map((c) => textOf(latest(c)))).toEqual([
        expect.stringContaining("Q1: “When does pistachio come back?”"),
        expect.stringContaining("Q2: “Will there be a vegan option this winter?”"),
        expect.stringContaining("Q3: “Is the pistachio flavour coming back soon?”"),
        expect.stringContaining("Q4: “Do you deliver on Sundays too?”"),
      ]);
      expect(replyText(await moderator.press(latest(cards[0]), "Approve", staffChannel))).toContain("Q1 is approved");
      await moderator.press(latest(cards[1]), "Approve", staffChannel);
      await moderator.press(latest(cards[3]), "Approve", staffChannel);
      const menu = viewOf(await moderator.press(latest(cards[2]), "Merge into…", staffChannel));
      expect(buttonsOf(menu)).toEqual(["Into Q1", "Into Q2", "Into Q4", "Back"]);
      expect(replyText(await moderator.press(menu, "Into Q1", staffChannel))).toContain("Q3 is merged into Q1.");
      expect(replyText(await bea.press(latest(cards[2]), "Approve", staffChannel))).toContain(
        "Only this community's moderators",
      );
    } else {
      let queue = viewOf(await moderator.press(world.board(), "Review queue (4)"));
      expect(textOf(queue)).toContain("Q1: “When does pistachio come back?”");
      queue = viewOf(await moderator.press(queue, "Approve"));
      expect(textOf(queue)).toContain("Q1 is approved");
      queue = viewOf(await moderator.press(queue, "Approve"));
      expect(textOf(queue)).toContain("Q3: “Is the pistachio flavour coming back soon?”");
      const menu = viewOf(await moderator.press(queue, "Merge into…"));
      queue = viewOf(await moderator.press(menu, "Into Q1"));
      expect(textOf(queue)).toContain("Q3 is merged into Q1.");
      queue = viewOf(await moderator.press(queue, "Approve"));
      expect(textOf(queue)).toContain("Nothing is waiting for review.");
    }
    await world.settle();

    at(6);
    expect(replyText(await ada.press(world.board(), "▲ Q1"))).toBe("You can't upvote your own question.");
    expect(replyText(await bea.press(world.board(), "▲ Q1"))).toBe("Upvoted Q1.");
    const again = await bea.press(world.board(), "▲ Q1");
    expect(replyText(again)).toContain("You already upvoted Q1: it counts once.");
    expect(buttonsOf(viewOf(again))).toEqual(["Withdraw my upvote"]);
    await dan.press(world.board(), "▲ Q1");
    await dan.press(world.board(), "▲ Q2");
    await eve.press(world.board(), "▲ Q2");
    await fay.press(world.board(), "▲ Q1");
    await world.settle();
    // Q1: bea, dan, fay, and cy's support from the merged duplicate; Q2: dan, eve; Q4: nobody.
    expect(textOf(world.board())).toContain(
      [
        "Q1 · ▲ 4 · “When does pistachio come back?”",
        "Q2 · ▲ 2 · “Will there be a vegan option this winter?”",
        "Q4 · ▲ 0 · “Do you deliver on Sundays too?”",
      ].join("\n"),
    );

    at(20);
    if (platform === "discord") {
      const pick = viewOf(await moderator.press(world.board(), "Answer (moderators)"));
      const form = formOf(await moderator.press(pick, "Answer Q2"));
      expect(replyText(await moderator.submit(form, { answer: "Yes: a dark chocolate sorbet." }))).toBe(
        "Your answer to Q2 is posted.",
      );
    } else {
      const pick = viewOf(await moderator.press(world.board(), "Answer (moderators)"));
      expect(textOf(pick)).toContain("/answer <number> | <your answer>");
      await moderator.command("answer", { number: 2, text: "Yes: a dark chocolate sorbet." });
    }
    at(41);
    expect(replyText(await moderator.command("answer", { number: 1, text: "Next Friday!" }))).toBe(
      "Your answer to Q1 is posted.",
    );
    await world.settle();
    const answers = chat.inChannel(world.sessionChannel).filter((m) => textOf(latest(m)).startsWith("Answer to"));
    expect(answers.map((m) => textOf(latest(m)))).toEqual([
      "Answer to Q2\n“Will there be a vegan option this winter?”\nYes: a dark chocolate sorbet.",
      "Answer to Q1\n“When does pistachio come back?”\nNext Friday!",
    ]);
    // The adapter notifies each asker: a mention of bea / ada on Discord, a reply to their /ask on Telegram.
    expect(answers.map((m) => m.target.notify)).toEqual(
      platform === "discord"
        ? [`u${bea.userId}`, `u${ada.userId}`]
        : [expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)],
    );

    const openBoard = world.board();
    await world.advance(2 * 60 * minute - 41 * minute);
    const final = world.board();
    expect(textOf(final)).toContain("This Q&A session is closed.");
    expect(textOf(final)).toContain("Q1 · ▲ 4 · “When does pistachio come back?” · answered");
    expect(buttonsOf(final)).toEqual([]);
    const summary = latest(chat.inChannel(world.sessionChannel).at(-1));
    expect(textOf(summary)).toBe(
      [
        "Q&A summary: New flavours",
        "Questions asked: 4",
        "Answered: 2",
        // Q2 waited 18 minutes, Q1 40: the median of two is their mean.
        "Median time to first answer: 29 min",
        "Top unanswered questions:",
        "Q4 · ▲ 0 · “Do you deliver on Sundays too?”",
      ].join("\n"),
    );
    expect(replyText(await dan.press(openBoard, "▲ Q4"))).toBe("This Q&A session is closed.");

    await world.settle();
    const events = world.repositories.store.events.filter((e) => e.kind !== "command" && e.kind !== "consent_change");
    const count = (kind: string) => events.filter((e) => e.kind === kind).length;
    expect([count("ask"), count("upvote"), count("answer")]).toEqual([4, 5, 2]);
    const attributed = events.filter((e) => e.memberId !== null);
    expect(attributed.map((e) => e.kind)).toEqual(["upvote", "upvote"]);
    expect(new Set(events.map((e) => e.campaignId))).toEqual(new Set(world.repositories.qa.sessions.keys()));
    const times = await world.repositories.qa.firstAnswerTimes(community.id, new Date(0), clock.now());
    expect(times.map((t) => (t.firstAnsweredAt.getTime() - t.askedAt.getTime()) / minute)).toEqual([18, 40]);
    expect(replyText(await eve.command("ask", { question: "Can I still ask something?" }))).toBe(
      "No Q&A session is open in this channel.",
    );
  });
});
