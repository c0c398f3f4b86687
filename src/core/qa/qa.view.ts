import type { Locale } from "../domain/platform.ts";
import type { Translate } from "../i18n/translator.ts";
import type { PlatformCapabilities } from "../ports/chat-platform.port.ts";
import type { ActionRowView, ButtonView, FormView, MessageView, ViewBlock } from "../ports/view.ts";
import { formatLocal } from "../time/format-local.ts";
import {
  answerMaxLength,
  type QaQuestion,
  type QaSession,
  type QaSummary,
  questionLength,
  rankQuestions,
} from "./qa.ts";

/** The Q&A actions, by role: the names buttons and forms carry (at most 8 characters each). */
export const qaActions = {
  upvote: "qa_up",
  withdraw: "qa_wd",
  askButton: "qa_ask",
  askForm: "qa_q",
  approve: "qa_ok",
  reject: "qa_no",
  mergeMenu: "qa_mg",
  mergeInto: "qa_mi",
  back: "qa_bk",
  reviewQueue: "qa_rv",
  answerPick: "qa_ans",
  answerForm: "qa_af",
  answerSubmit: "qa_as",
} as const;

/** Where a review card is: posted in the staff channel ("c"), or a moderator's private queue ("p"). */
export type ReviewMode = "c" | "p";

/** What every Q&A view needs to speak the reader's language. */
export interface QaViewContext {
  readonly t: Translate;
  readonly locale: Locale;
  readonly timeZone: string;
  readonly capabilities: PlatformCapabilities;
}

/** Questions listed on the board; the rest are counted. */
export const boardSize = 10;
/** Upvote buttons on the board (the best-ranked unanswered questions). */
const upvoteButtons = 5;
/** Characters of a question shown in lists, so that a full board fits one message on both platforms. */
const listedTextLength = 180;

/** Text shortened to `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function questionText(question: QaQuestion, t: Translate, max = listedTextLength): string {
  return question.text === null ? t("qa.board.erased") : shorten(question.text, max);
}

/** One line of a ranked list: number, upvotes, text, and whether it was answered. */
export function questionLine(question: QaQuestion, t: Translate): string {
  const params = { number: question.number, votes: question.upvotes, text: questionText(question, t) };
  return question.firstAnsweredAt ? t("qa.board.lineAnswered", params) : t("qa.board.line", params);
}

/**
 * The board posted in the session's channel: the top questions by upvotes then age, and while the session
 * is open, upvote buttons for the best-ranked unanswered questions plus ask / answer / review buttons.
 * Closed, it is the final ranking without buttons.
 */
export function boardView(session: QaSession, questions: readonly QaQuestion[], ctx: QaViewContext): MessageView {
  const { t } = ctx;
  const ranked = rankQuestions(questions);
  const shown = ranked.slice(0, boardSize);
  const open = session.state === "open";
  const pending = questions.filter((q) => q.state === "pending").length;
  const intro = open
    ? `${t(session.moderated ? "qa.board.introModerated" : "qa.board.intro")} ${endLine(session, ctx)}`
    : t("qa.board.closed");
  const blocks: ViewBlock[] = [{ type: "paragraph", text: intro }];
  if (open && session.moderated && pending > 0)
    blocks.push({ type: "paragraph", text: t("qa.board.waiting", { count: pending }) });
  blocks.push(
    shown.length > 0
      ? { type: "list", items: shown.map((q) => questionLine(q, t)) }
      : { type: "paragraph", text: t("qa.board.empty") },
  );
  if (ranked.length > shown.length) {
    blocks.push({ type: "paragraph", text: t("qa.board.more", { count: ranked.length - shown.length }) });
  }
  if (!open) return { title: t("qa.board.title", { topic: session.topic }), blocks };
  const votable = shown.filter((q) => q.firstAnsweredAt === null).slice(0, upvoteButtons);
  const controls: ButtonView[] = [
    { label: t("qa.board.askButton"), style: "primary", action: { name: qaActions.askButton, args: [session.id] } },
    { label: t("qa.board.answerButton"), action: { name: qaActions.answerPick, args: [session.id] } },
    ...(session.moderated
      ? [
          {
            label: t("qa.board.reviewButton", { count: pending }),
            action: { name: qaActions.reviewQueue, args: [session.id] },
          },
        ]
      : []),
  ];
  const upvotes = votable.map(
    (q): ButtonView => ({
      label: t("qa.board.upvoteButton", { number: q.number }),
      action: { name: qaActions.upvote, args: [q.id] },
    }),
  );
  return {
    title: t("qa.board.title", { topic: session.topic }),
    blocks,
    actions: [...rowsOf(upvotes, ctx.capabilities), ...rowsOf(controls, ctx.capabilities)],
  };
}

/** "Ends Tue 1 Dec, 18:00 CET." or "Open until a moderator closes it." */
export function endLine(session: QaSession, ctx: Pick<QaViewContext, "t" | "locale" | "timeZone">): string {
  return session.endsAt
    ? ctx.t("qa.board.endsAt", { when: formatLocal(session.endsAt, ctx.locale, ctx.timeZone) })
    : ctx.t("qa.board.noEnd");
}

/** The summary posted at closing: counts, median time to first answer, top unanswered questions. */
export function summaryView(session: QaSession, summary: QaSummary, t: Translate): MessageView {
  const median =
    summary.medianFirstAnswerMs === null
      ? t("qa.summary.medianNone")
      : t("qa.summary.median", { duration: formatDuration(summary.medianFirstAnswerMs, t) });
  const blocks: ViewBlock[] = [
    {
      type: "list",
      items: [
        t("qa.summary.asked", { count: summary.asked }),
        t("qa.summary.answered", { count: summary.answered }),
        median,
      ],
    },
  ];
  if (summary.topUnanswered.length > 0) {
    blocks.push({ type: "paragraph", text: t("qa.summary.topUnanswered") });
    blocks.push({ type: "list", items: summary.topUnanswered.map((q) => questionLine(q, t)) });
  } else if (summary.answered > 0) {
    blocks.push({ type: "paragraph", text: t("qa.summary.allAnswered") });
  }
  return { title: t("qa.summary.title", { topic: session.topic }), blocks };
}

/** A duration as people say it: "under a minute", "12 min", "1 h 5 min", "2 d 3 h". */
export function formatDuration(ms: number, t: Translate): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return t("qa.duration.underMinute");
  if (minutes < 60) return t("qa.duration.minutes", { minutes });
  if (minutes < 24 * 60) return t("qa.duration.hours", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  const hours = Math.floor(minutes / 60);
  return t("qa.duration.days", { days: Math.floor(hours / 24), hours: hours % 24 });
}

/** The answer, posted in the session's channel in reply to the question (the platform notifies the asker). */
export function answerView(question: QaQuestion, answer: string, t: Translate): MessageView {
  return {
    title: t("qa.answer.title", { number: question.number }),
    blocks: [
      { type: "paragraph", text: `“${questionText(question, t, questionLength.max)}”` },
      { type: "paragraph", text: answer },
    ],
  };
}

/** A waiting question with approve / reject / merge buttons. */
export function reviewCardView(
  session: QaSession,
  question: QaQuestion,
  mode: ReviewMode,
  ctx: QaViewContext,
  note?: string,
): MessageView {
  const { t } = ctx;
  const args = [question.id, mode];
  return {
    title: t("qa.review.title", { topic: session.topic }),
    blocks: [
      ...(note ? [{ type: "paragraph" as const, text: note }] : []),
      {
        type: "paragraph",
        text: t("qa.review.question", { number: question.number, text: questionText(question, t, questionLength.max) }),
      },
    ],
    actions: [
      {
        type: "buttons",
        buttons: [
          { label: t("qa.review.approve"), style: "success", action: { name: qaActions.approve, args } },
          { label: t("qa.review.reject"), style: "danger", action: { name: qaActions.reject, args } },
          { label: t("qa.review.merge"), action: { name: qaActions.mergeMenu, args } },
        ],
      },
    ],
  };
}

/** A review card once decided: the question and what became of it, without buttons. */
export function settledCardView(session: QaSession, question: QaQuestion, note: string, t: Translate): MessageView {
  return {
    title: t("qa.review.title", { topic: session.topic }),
    blocks: [
      {
        type: "paragraph",
        text: t("qa.review.question", { number: question.number, text: questionText(question, t, questionLength.max) }),
      },
      { type: "paragraph", text: note },
    ],
  };
}

/** The targets a duplicate can be merged into: the questions on the board, best-ranked first. */
export function mergeMenuView(
  question: QaQuestion,
  targets: readonly QaQuestion[],
  mode: ReviewMode,
  ctx: QaViewContext,
): MessageView {
  const { t } = ctx;
  const shown = targets.slice(0, 8);
  const into = shown.map(
    (target): ButtonView => ({
      label: t("qa.review.into", { number: target.number }),
      action: { name: qaActions.mergeInto, args: [question.id, target.id, mode] },
    }),
  );
  const back: ButtonView = { label: t("qa.review.back"), action: { name: qaActions.back, args: [question.id, mode] } };
  return {
    title: t("qa.review.mergeTitle", { number: question.number }),
    blocks:
      shown.length > 0
        ? [{ type: "list", items: shown.map((q) => questionLine(q, t)) }]
        : [{ type: "paragraph", text: t("qa.review.noTargets") }],
    actions: [...rowsOf(into, ctx.capabilities), { type: "buttons", buttons: [back] }],
  };
}

/** The moderator's question picker behind the board's Answer button. */
export function answerPickView(questions: readonly QaQuestion[], ctx: QaViewContext): MessageView {
  const { t } = ctx;
  const open = rankQuestions(questions)
    .filter((q) => q.firstAnsweredAt === null)
    .slice(0, boardSize);
  if (open.length === 0) return { blocks: [{ type: "paragraph", text: t("qa.answer.noneOpen") }] };
  const list: ViewBlock = { type: "list", items: open.map((q) => questionLine(q, t)) };
  if (!ctx.capabilities.modals) {
    return { title: t("qa.answer.pickTitle"), blocks: [list, { type: "paragraph", text: t("qa.answer.pickHint") }] };
  }
  const buttons = open.map(
    (q): ButtonView => ({
      label: t("qa.answer.pickButton", { number: q.number }),
      action: { name: qaActions.answerForm, args: [q.id] },
    }),
  );
  return { title: t("qa.answer.pickTitle"), blocks: [list], actions: rowsOf(buttons, ctx.capabilities) };
}

/** The form (Discord modal) for a question. */
export function askFormView(sessionId: string, t: Translate): FormView {
  return {
    title: t("qa.ask.formTitle"),
    action: { name: qaActions.askForm, args: [sessionId] },
    fields: [
      {
        id: "question",
        label: t("qa.ask.formField"),
        style: "paragraph",
        minLength: questionLength.min,
        maxLength: questionLength.max,
        required: true,
      },
    ],
  };
}

/** The form (Discord modal) for an answer. */
export function answerFormView(question: QaQuestion, t: Translate): FormView {
  return {
    title: t("qa.answer.formTitle", { number: question.number }),
    action: { name: qaActions.answerSubmit, args: [question.id] },
    fields: [
      { id: "answer", label: t("qa.answer.formField"), style: "paragraph", maxLength: answerMaxLength, required: true },
    ],
  };
}

/** Buttons in rows that fit the platform (at most five a row, so they stay readable on phones). */
function rowsOf(buttons: readonly ButtonView[], capabilities: PlatformCapabilities): ActionRowView[] {
  const perRow = Math.max(1, Math.min(5, capabilities.maxButtonsPerRow));
  const rows: ActionRowView[] = [];
  for (let i = 0; i < buttons.length; i += perRow)
    rows.push({ type: "buttons", buttons: buttons.slice(i, i + perRow) });
  return rows;
}
