import { describe, expect, it } from "vitest";
import {
  median,
  type QaQuestion,
  type QaQuestionState,
  rankQuestions,
  summarize,
  timeToFirstAnswerMs,
} from "../../../src/core/qa/qa.ts";

const t0 = Date.UTC(2026, 11, 1, 17, 0);
const minute = 60_000;

function question(
  number: number,
  options: { upvotes?: number; askedMin?: number; state?: QaQuestionState; answeredMin?: number | null } = {},
): QaQuestion {
  const askedAt = new Date(t0 + (options.askedMin ?? number) * minute);
  return {
    id: `q${number}`,
    sessionId: "s1",
    number,
    askerId: `m${number}`,
    text: `Question number ${number}?`,
    state: options.state ?? "published",
    mergedIntoId: null,
    askedAt,
    publishedAt: askedAt,
    firstAnsweredAt: options.answeredMin == null ? null : new Date(t0 + options.answeredMin * minute),
    answerCount: options.answeredMin == null ? 0 : 1,
    upvotes: options.upvotes ?? 0,
    notifyAddress: null,
    review: null,
  };
}

const numbers = (questions: readonly QaQuestion[]) => questions.map((q) => q.number);

describe("the board's order", () => {
  it("puts the most upvoted question first", () => {
    const ranked = rankQuestions([
      question(1, { upvotes: 1 }),
      question(2, { upvotes: 5 }),
      question(3, { upvotes: 3 }),
    ]);
    expect(numbers(ranked)).toEqual([2, 3, 1]);
  });

  it("puts the older question first when upvotes are equal", () => {
    const ranked = rankQuestions([
      question(1, { upvotes: 2, askedMin: 30 }),
      question(2, { upvotes: 2, askedMin: 10 }),
      question(3, { upvotes: 2, askedMin: 20 }),
    ]);
    expect(numbers(ranked)).toEqual([2, 3, 1]);
  });

  it("ranks votes before age: a newer question with more upvotes passes an older one", () => {
    const ranked = rankQuestions([question(1, { upvotes: 1, askedMin: 1 }), question(2, { upvotes: 2, askedMin: 50 })]);
    expect(numbers(ranked)).toEqual([2, 1]);
  });

  it("orders questions asked in the same instant with the same upvotes by number", () => {
    const ranked = rankQuestions([
      question(3, { askedMin: 5 }),
      question(1, { askedMin: 5 }),
      question(2, { askedMin: 5 }),
    ]);
    expect(numbers(ranked)).toEqual([1, 2, 3]);
  });

  it("shows only published questions: waiting, rejected, merged and hidden ones stay off the board", () => {
    const ranked = rankQuestions([
      question(1, { state: "pending", upvotes: 9 }),
      question(2, { state: "rejected" }),
      question(3, { state: "merged", upvotes: 9 }),
      question(4, { state: "hidden", upvotes: 9 }),
      question(5),
    ]);
    expect(numbers(ranked)).toEqual([5]);
  });

  it("keeps answered questions in the ranking", () => {
    expect(numbers(rankQuestions([question(1, { answeredMin: 10 }), question(2, { upvotes: 1 })]))).toEqual([2, 1]);
  });

  it("does not reorder the list it was given", () => {
    const given = [question(1), question(2, { upvotes: 1 })];
    rankQuestions(given);
    expect(numbers(given)).toEqual([1, 2]);
  });
});

describe("the median time to first answer", () => {
  it("is the middle value of an odd count", () => {
    expect(median([40, 5, 18])).toBe(18);
  });

  it("is the mean of the two middle values of an even count", () => {
    expect(median([40, 18])).toBe(29);
    expect(median([1, 2, 3, 100])).toBe(2.5);
  });

  it("is null when nothing was answered", () => {
    expect(median([])).toBeNull();
  });

  it("is measured from asking to the first answer", () => {
    expect(timeToFirstAnswerMs(question(1, { askedMin: 2, answeredMin: 20 }))).toBe(18 * minute);
    expect(timeToFirstAnswerMs(question(2))).toBeNull();
  });
});

describe("the closing summary", () => {
  const questions = [
    question(1, { upvotes: 4, askedMin: 1, answeredMin: 41 }),
    question(2, { upvotes: 2, askedMin: 2, answeredMin: 20 }),
    question(3, { state: "merged", askedMin: 3 }),
    question(4, { askedMin: 4 }),
    question(5, { upvotes: 3, askedMin: 5 }),
    question(6, { state: "pending", askedMin: 6 }),
    question(7, { state: "rejected", askedMin: 7 }),
    question(8, { upvotes: 1, askedMin: 8 }),
    question(9, { upvotes: 1, askedMin: 9 }),
  ];

  it("counts every question asked, whatever became of it", () => {
    expect(summarize(questions).asked).toBe(9);
  });

  it("counts the answered questions and their median time to first answer", () => {
    const summary = summarize(questions);
    expect(summary.answered).toBe(2);
    expect(summary.medianFirstAnswerMs).toBe(29 * minute);
  });

  it("lists the three best-ranked questions on the board that got no answer", () => {
    expect(numbers(summarize(questions).topUnanswered)).toEqual([5, 8, 9]);
  });

  it("has no median and no top unanswered for an empty session", () => {
    expect(summarize([])).toEqual({ asked: 0, answered: 0, medianFirstAnswerMs: null, topUnanswered: [] });
  });
});
