// The Q&A session scenario of the platform-neutral suite (test/scenarios/platform-scenarios.ts): both
// adapters run it through their real clients against their emulators.
import { describe, expect, it } from "vitest";
import type { CommunityHandle, PlatformDriver, SeenMessage } from "../../scenarios/platform-driver.ts";

/** Waits until the community's latest post (the board, edited at most every few seconds) shows what is expected. */
async function postShowing(community: CommunityHandle, expected: (post: SeenMessage) => boolean): Promise<SeenMessage> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const post = await community.lastPost();
    if (expected(post)) return post;
    if (Date.now() > deadline) throw new Error(`the post never showed what was expected; it shows:\n${post.text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Adds the Q&A scenario to a platform's suite. */
export function describeQaScenario(driver: PlatformDriver): void {
  describe("a Q&A session", () => {
    it("runs with a review queue: three askers, five upvoters, a merge, two answers, closing at its end time with a summary", async () => {
      const community = await driver.createCommunity("Gelateria Q&A");
      const moderator = await community.member({ moderator: true });
      const [ada, bea, cy, dan, eve] = await Promise.all([1, 2, 3, 4, 5].map(() => community.member({ locale: "en" })));

      const opened = await moderator.command("qa", { topic: "New flavours", ends: "2h", queue: true }, "open");
      expect(opened.private).toBe(true);
      expect(opened.text).toContain("The Q&A session on “New flavours” is open in this channel.");
      const board = await community.lastPost();
      expect(board.text).toContain("Q&A: New flavours");
      expect(board.buttons).toEqual(["Ask a question", "Answer (moderators)", "Review queue (0)"]);

      // Members' words are shown as typed: markup stays literal on both platforms.
      const asked = await ada!.command("ask", { question: "When does <b>pistachio</b> come back? *soon*" });
      expect(asked.private).toBe(true);
      expect(asked.text).toContain("Q1 will appear once a moderator approves it");
      await bea!.command("ask", { question: "Will there be a vegan option this winter?" });
      await cy!.command("ask", { question: "Is the pistachio flavour coming back soon?" });
      expect((await eve!.command("ask", { question: "Why?" })).text).toContain("needs 10 to 500 characters");

      const waiting = await postShowing(community, (p) => p.text.includes("Waiting for review: 3."));
      let queue = await moderator.click(waiting, "Review queue (3)");
      expect(queue.private).toBe(true);
      expect(queue.text).toContain("Q1: “When does <b>pistachio</b> come back? *soon*”");
      queue = await moderator.click(queue, "Approve");
      expect(queue.text).toContain("Q1 is approved");
      queue = await moderator.click(queue, "Approve");
      expect(queue.text).toContain("Q3: “Is the pistachio flavour coming back soon?”");
      const menu = await moderator.click(queue, "Merge into…");
      expect(menu.buttons).toEqual(["Into Q1", "Into Q2", "Back"]);
      queue = await moderator.click(menu, "Into Q1");
      expect(queue.text).toContain("Q3 is merged into Q1.");
      expect(queue.text).toContain("Nothing is waiting for review.");

      const shown = await postShowing(community, (p) => p.buttons.includes("▲ Q2"));
      expect((await ada!.click(shown, "▲ Q1")).text).toBe("You can't upvote your own question.");
      expect((await bea!.click(shown, "▲ Q1")).text).toBe("Upvoted Q1.");
      const twice = await bea!.click(shown, "▲ Q1");
      expect(twice.text).toContain("You already upvoted Q1: it counts once.");
      expect(twice.buttons).toEqual(["Withdraw my upvote"]);
      await dan!.click(shown, "▲ Q1");
      await dan!.click(shown, "▲ Q2");
      await eve!.click(shown, "▲ Q2");
      await cy!.click(shown, "▲ Q2");
      // Q1: bea, dan, and cy's support from the merged duplicate; Q2: dan, eve, cy.
      const ranked = await postShowing(community, (p) => p.text.includes("Q2 · ▲ 3"));
      // Equal upvotes: the older question first. Lists may carry a bullet.
      expect(ranked.text).toMatch(/Q1 · ▲ 3 · “When does <b>pistachio<\/b> come back\? \*soon\*”\n\W*Q2 · ▲ 3/);

      // Answers go in reply to each question (a mention on Discord, a reply on Telegram: see qa-notify tests).
      const first = await moderator.command("answer", { number: 2, text: "Yes: a dark chocolate sorbet." });
      expect(first.text).toContain("Your answer to Q2 is posted.");
      expect((await moderator.command("answer", { number: 1, text: "Next Friday!" })).text).toContain(
        "Your answer to Q1 is posted.",
      );
      const stored = await driver.app.database.repositories.communities.findByPlatformId(
        driver.platform,
        community.platformId,
      );
      const answered = await driver.app.database.prisma.qaQuestion.findMany({
        where: { session: { communityId: stored!.id } },
        orderBy: { number: "asc" },
      });
      expect(answered.map((q) => [q.number, q.state, q.answerCount])).toEqual([
        [1, "published", 1],
        [2, "published", 1],
        [3, "merged", 0],
      ]);

      const [closing] = await driver.app.services.scheduler.list({ communityId: stored!.id });
      expect(closing?.job).toBe("qa.close");
      // What the scheduler runs at the session's end time.
      expect(await driver.app.services.qa.closing.closeDue(closing!.campaignId!, closing!.runAt!)).toBe("closed");
      const summary = await community.lastPost();
      expect(summary.text).toContain("Q&A summary: New flavours");
      expect(summary.text).toContain("Questions asked: 3");
      expect(summary.text).toContain("Answered: 2");
      expect(summary.text).toContain("Median time to first answer: under a minute");
      expect(summary.text).toContain("Every question on the board was answered.");
      expect((await ada!.command("ask", { question: "Is anyone still there?" })).text).toContain(
        "No Q&A session is open in this channel.",
      );
    }, 120_000);
  });
}
