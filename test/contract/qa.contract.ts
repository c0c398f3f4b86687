import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Community } from "../../src/core/domain/community.ts";
import type { Repositories } from "../../src/core/ports/repositories.port.ts";
import type { NewQaSession } from "../../src/core/qa/qa.repository.port.ts";
import { seedCommunity, seedMember } from "./harness.ts";

/** Repositories on storage that lives for the whole suite (each test seeds a community of its own). */
export type QaStorage = () => Repositories;

const t0 = new Date("2026-12-01T17:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const id = () => randomUUID().replace(/-/g, "").slice(0, 12);

function newSession(community: Community, overrides: Partial<NewQaSession> = {}): NewQaSession {
  return {
    id: id(),
    communityId: community.id,
    channelId: "channel-qa",
    topic: "New flavours",
    moderated: false,
    maxOpenPerMember: 3,
    openedAt: t0,
    endsAt: at(120),
    ...overrides,
  };
}

/** The QaRepository contract. */
export function describeQaContract(storage: QaStorage): void {
  /** A community with an open session and a member. */
  async function world(overrides: Partial<NewQaSession> = {}) {
    const repositories = storage();
    const community = await seedCommunity(repositories);
    const member = await seedMember(repositories, community.id);
    const opened = await repositories.qa.open(newSession(community, overrides));
    if (opened.kind !== "opened") throw new Error("the session did not open");
    const ask = (
      askerId: string,
      text = "When does pistachio come back?",
      state: "pending" | "published" = "published",
    ) =>
      repositories.qa.ask({
        id: id(),
        sessionId: opened.session.id,
        askerId,
        text,
        at: at(1),
        state,
        notifyAddress: `u-${askerId}`,
      });
    const asked = async (askerId: string, state: "pending" | "published" = "published") => {
      const outcome = await ask(askerId, "When does pistachio come back?", state);
      if (outcome.kind !== "asked") throw new Error(`not asked: ${outcome.kind}`);
      return outcome.question;
    };
    return { qa: repositories.qa, repositories, community, member, session: opened.session, ask, asked };
  }

  describe("QaRepository", () => {
    it("reads a session back as it was opened", async () => {
      const { qa, community, session } = await world({ moderated: true, maxOpenPerMember: 2 });
      const expected = {
        id: session.id,
        communityId: community.id,
        channelId: "channel-qa",
        topic: "New flavours",
        moderated: true,
        maxOpenPerMember: 2,
        openedAt: t0,
        endsAt: at(120),
        closedAt: null,
        state: "open",
        boardMessageId: null,
      };
      expect(session).toEqual(expected);
      await qa.setBoard(session.id, "m-1");
      expect(await qa.get(session.id)).toEqual({ ...expected, boardMessageId: "m-1" });
      expect(await qa.findOpenInChannel(community.id, "channel-qa")).toEqual({ ...expected, boardMessageId: "m-1" });
    });

    it("keeps one open session per channel, while other channels run sessions at once", async () => {
      const { qa, community, session } = await world();
      const busy = await qa.open(newSession(community));
      expect(busy).toEqual({ kind: "channel_busy", session });
      const other = await qa.open(newSession(community, { channelId: "channel-two", openedAt: at(5) }));
      expect(other.kind).toBe("opened");
      expect((await qa.listOpen(community.id)).map((s) => s.channelId)).toEqual(["channel-qa", "channel-two"]);
      const racing = await Promise.all(
        [1, 2, 3].map(() => qa.open(newSession(community, { channelId: "channel-three" }))),
      );
      expect(racing.map((r) => r.kind).sort()).toEqual(["channel_busy", "channel_busy", "opened"]);
    });

    it("numbers questions from 1 in each session and keeps a member's open-question limit under concurrent asks", async () => {
      const { qa, repositories, community, member, session, ask } = await world({ maxOpenPerMember: 2 });
      const others = await Promise.all([1, 2, 3].map(() => seedMember(repositories, community.id)));
      const outcomes = await Promise.all([
        ...[1, 2, 3, 4, 5].map(() => ask(member.id)),
        ...others.map((o) => ask(o.id)),
      ]);
      expect(
        outcomes
          .slice(0, 5)
          .map((o) => o.kind)
          .sort(),
      ).toEqual(["asked", "asked", "limit", "limit", "limit"]);
      expect(outcomes.find((o) => o.kind === "limit")).toEqual({ kind: "limit", max: 2 });
      const numbers = (await qa.questions(session.id)).map((q) => q.number);
      expect(numbers).toEqual([1, 2, 3, 4, 5]);
      const second = await qa.open(newSession(community, { channelId: "channel-two" }));
      if (second.kind !== "opened") throw new Error("second session did not open");
      const first = await qa.ask({
        id: id(),
        sessionId: second.session.id,
        askerId: member.id,
        text: "Another one for the second session?",
        at: at(2),
        state: "pending",
        notifyAddress: null,
      });
      expect(first).toMatchObject({ kind: "asked", question: { number: 1, state: "pending", publishedAt: null } });
    });

    it("reads a question back as it was asked, by id and by number", async () => {
      const { qa, member, session, asked } = await world();
      const question = await asked(member.id);
      expect(question).toEqual({
        id: question.id,
        sessionId: session.id,
        number: 1,
        askerId: member.id,
        text: "When does pistachio come back?",
        state: "published",
        mergedIntoId: null,
        askedAt: at(1),
        publishedAt: at(1),
        firstAnsweredAt: null,
        answerCount: 0,
        upvotes: 0,
        notifyAddress: `u-${member.id}`,
        review: null,
      });
      expect(await qa.question(question.id)).toEqual(question);
      expect(await qa.questionByNumber(session.id, 1)).toEqual(question);
      expect(await qa.questionByNumber(session.id, 2)).toBeNull();
      await qa.setReview(question.id, { channelId: "staff", messageId: "card-1" });
      expect((await qa.question(question.id))?.review).toEqual({ channelId: "staff", messageId: "card-1" });
    });

    it("closes once: no more questions, the askers' notify addresses forgotten, the channel free again", async () => {
      const { qa, community, member, session, ask, asked } = await world();
      const question = await asked(member.id);
      const closed = await qa.close(session.id, at(60));
      expect(closed).toEqual({ kind: "closed", session: { ...session, state: "closed", closedAt: at(60) } });
      expect(await qa.close(session.id, at(61))).toMatchObject({
        kind: "already_closed",
        session: { closedAt: at(60) },
      });
      expect(await qa.close("nosuchsession", at(61))).toEqual({ kind: "not_found" });
      expect(await ask(member.id)).toEqual({ kind: "closed" });
      expect((await qa.question(question.id))?.notifyAddress).toBeNull();
      expect(await qa.findOpenInChannel(community.id, "channel-qa")).toBeNull();
      expect((await qa.open(newSession(community))).kind).toBe("opened");
    });

    it("keeps one upvote per member per question, and withdraws it", async () => {
      const { qa, repositories, community, member, asked } = await world();
      const question = await asked(member.id);
      const voter = await seedMember(repositories, community.id);
      const first = await Promise.all([1, 2, 3].map(() => qa.upvote(question.id, voter.id, at(2))));
      expect(first.filter(Boolean)).toHaveLength(1);
      expect(await qa.hasUpvoted(question.id, voter.id)).toBe(true);
      expect((await qa.question(question.id))?.upvotes).toBe(1);
      expect(await qa.withdrawUpvote(question.id, voter.id)).toBe(true);
      expect(await qa.withdrawUpvote(question.id, voter.id)).toBe(false);
      expect((await qa.question(question.id))?.upvotes).toBe(0);
      expect(await qa.upvote(question.id, voter.id, at(3))).toBe(true);
    });

    it("moves a question only from the states given, and sets publishedAt once", async () => {
      const { qa, member, asked } = await world();
      const question = await asked(member.id, "pending");
      const decisions = await Promise.all([
        qa.transition(question.id, ["pending"], "published", at(5)),
        qa.transition(question.id, ["pending"], "rejected", at(5)),
      ]);
      expect(decisions.filter((d) => d !== null)).toHaveLength(1);
      const hidden = await qa.transition(question.id, ["pending", "published"], "hidden", at(6));
      const published = decisions.find((d) => d !== null)!;
      if (published.state === "published") {
        expect(published.publishedAt).toEqual(at(5));
        expect(hidden).toMatchObject({ state: "hidden", publishedAt: at(5) });
      } else {
        expect(hidden).toBeNull();
      }
      expect(await qa.transition("nosuchquestion", ["pending"], "published", at(7))).toBeNull();
    });

    it("merges a duplicate: its supporters and its asker join the target once each, never the target's asker", async () => {
      const { qa, repositories, community, member, asked, session } = await world();
      const [bea, cy, dan] = await Promise.all([1, 2, 3].map(() => seedMember(repositories, community.id)));
      const kept = await asked(member.id);
      const duplicate = await asked(bea!.id, "pending");
      await qa.transition(duplicate.id, ["pending"], "published", at(2));
      for (const voter of [cy!, dan!, member]) await qa.upvote(duplicate.id, voter.id, at(3));
      await qa.upvote(kept.id, cy!.id, at(3));
      const merged = await qa.merge(duplicate.id, kept.id, at(4));
      expect(merged).toMatchObject({
        kind: "merged",
        from: { id: duplicate.id, state: "merged", mergedIntoId: kept.id, upvotes: 0 },
        into: { id: kept.id, state: "published", upvotes: 3 },
      });
      expect(await qa.hasUpvoted(kept.id, member.id)).toBe(false);
      expect(await qa.hasUpvoted(kept.id, bea!.id)).toBe(true);
      expect(await qa.merge(duplicate.id, kept.id, at(5))).toEqual({ kind: "from_decided" });

      const third = await asked(cy!.id, "pending");
      expect(await qa.merge(third.id, third.id, at(5))).toEqual({ kind: "invalid_target" });
      const waiting = await asked(dan!.id, "pending");
      expect(await qa.merge(third.id, waiting.id, at(5))).toEqual({ kind: "invalid_target" });
      const elsewhere = await qa.open(newSession(community, { channelId: "channel-two" }));
      if (elsewhere.kind !== "opened") throw new Error("no second session");
      const foreign = await qa.ask({
        id: id(),
        sessionId: elsewhere.session.id,
        askerId: dan!.id,
        text: "A question of another session?",
        at: at(6),
        state: "published",
        notifyAddress: null,
      });
      if (foreign.kind !== "asked") throw new Error("not asked");
      expect(await qa.merge(third.id, foreign.question.id, at(6))).toEqual({ kind: "invalid_target" });
      expect((await qa.question(third.id))?.state).toBe("pending");
      expect((await qa.questions(session.id)).map((q) => q.state)).toEqual([
        "published",
        "merged",
        "pending",
        "pending",
      ]);
    });

    it("counts answers, keeps the first answer's time, and lists first answers in a period", async () => {
      const { qa, community, member, asked } = await world();
      const first = await asked(member.id);
      const second = await asked(member.id);
      expect(await qa.recordAnswer(first.id, at(20))).toMatchObject({ answerCount: 1, firstAnsweredAt: at(20) });
      expect(await qa.recordAnswer(first.id, at(30))).toMatchObject({ answerCount: 2, firstAnsweredAt: at(20) });
      await qa.recordAnswer(second.id, at(50));
      expect(await qa.recordAnswer("nosuchquestion", at(50))).toBeNull();
      const times = await qa.firstAnswerTimes(community.id, at(0), at(50));
      expect(times).toEqual([
        { questionId: first.id, sessionId: first.sessionId, askedAt: at(1), firstAnsweredAt: at(20) },
      ]);
      expect(await qa.firstAnswerTimes(community.id, at(0), at(51))).toHaveLength(2);
      const other = await seedCommunity(storage());
      expect(await qa.firstAnswerTimes(other.id, at(0), at(51))).toEqual([]);
    });

    it("erases a member: their questions unlinked and their texts deleted, their upvotes unlinked but still counted", async () => {
      const { qa, repositories, community, member, session, asked } = await world();
      const voter = await seedMember(repositories, community.id);
      const mine = await asked(member.id);
      const theirs = await asked(voter.id);
      await qa.upvote(theirs.id, member.id, at(2));
      await qa.upvote(mine.id, voter.id, at(2));
      expect(await qa.eraseMember(member.id)).toEqual({ sessionIds: [session.id], questions: 1, upvotes: 1 });
      expect(await qa.question(mine.id)).toMatchObject({ askerId: null, text: null, notifyAddress: null, upvotes: 1 });
      expect(await qa.question(theirs.id)).toMatchObject({ askerId: voter.id, text: theirs.text, upvotes: 1 });
      expect(await qa.hasUpvoted(theirs.id, member.id)).toBe(false);
      expect(await qa.eraseMember(member.id)).toEqual({ sessionIds: [], questions: 0, upvotes: 0 });
      await repositories.members.delete(member.id);
      expect((await qa.question(theirs.id))?.upvotes).toBe(1);
    });

    it("lists a person's questions and upvotes for their export, and nothing once erased", async () => {
      const { qa, repositories, community, member, asked } = await world();
      const voter = await seedMember(repositories, community.id);
      const mine = await asked(member.id, "pending");
      const theirs = await asked(voter.id);
      await qa.upvote(theirs.id, member.id, at(3));
      await qa.upvote(mine.id, voter.id, at(4));
      expect(await qa.personalRecords([member.id])).toEqual({
        questions: [
          {
            topic: "New flavours",
            number: mine.number,
            text: "When does pistachio come back?",
            state: "pending",
            askedAt: at(1),
            firstAnsweredAt: null,
          },
        ],
        upvotes: [{ topic: "New flavours", questionNumber: theirs.number, at: at(3) }],
      });
      await qa.eraseMember(member.id);
      expect(await qa.personalRecords([member.id])).toEqual({ questions: [], upvotes: [] });
      expect((await qa.personalRecords([voter.id])).upvotes).toHaveLength(1);
    });

    it("discards a session that never became visible", async () => {
      const { qa, member, session, asked } = await world();
      await asked(member.id);
      await qa.discard(session.id);
      expect(await qa.get(session.id)).toBeNull();
      expect(await qa.questions(session.id)).toEqual([]);
    });
  });
}
