import { z } from "zod";
import { wantsSchedule } from "../src/core/campaigns/chat-schedule.ts";
import {
  type CommunityContext,
  defineAction,
  defineSubcommands,
  type HandlerResult,
} from "../src/core/commands/command.ts";
import { option } from "../src/core/commands/option-meta.ts";
import { ok } from "../src/core/errors/result.ts";
import { textView } from "../src/core/ports/view.ts";
import { defaultMaxOpenPerMember, reviewChannelOf } from "../src/core/qa/qa.ts";
import { endLine, mergeMenuView, qaActions, type ReviewMode, reviewCardView } from "../src/core/qa/qa.view.ts";
import type { ReviewDecision } from "../src/core/qa/qa-moderation.ts";
import { afterDecision, replyContext, reviewQueueView } from "../src/core/qa/qa-replies.ts";
import { qaIdSchema } from "./ask.command.ts";
import { scheduleFromCommand, scheduleOptions } from "./campaign-options.ts";

const questionNumber = (descriptions: { en: string; it: string }) =>
  option(z.number().int().min(1).max(100_000), descriptions, true);

/** /qa: moderators open, review and close Q&A sessions, one per channel. */
export const qaCommand = defineSubcommands({
  name: "qa",
  description: { en: "Run a Q&A session in this channel", it: "Gestisci una sessione di domande e risposte" },
  audience: "moderator",
  scope: "community",
  subcommands: {
    open: {
      description: { en: "Open a Q&A session in this channel", it: "Apri una sessione in questo canale" },
      options: z.object({
        topic: option(
          z.string().trim().min(3).max(200),
          { en: "What the session is about", it: "Il tema della sessione" },
          true,
        ),
        ends: option(z.string().trim().min(1).max(40).optional(), {
          en: "When it ends: 90m, 2h, 1d or a local time like 2026-12-01 18:00",
          it: "Quando termina: 90m, 2h, 1d o un'ora locale come 2026-12-01 18:00",
        }),
        queue: option(z.boolean().default(false), {
          en: "Questions wait for a moderator's approval",
          it: "Le domande attendono l'approvazione di un moderatore",
        }),
        limit: option(z.number().int().min(1).max(20).default(defaultMaxOpenPerMember), {
          en: "Open questions per member (default 3)",
          it: "Domande aperte per membro (predefinito 3)",
        }),
        // With start or repeat the session opens later, as a campaign; `ends` then counts from each opening.
        ...scheduleOptions,
      }),
    },
    close: {
      description: { en: "Close this channel's session now", it: "Chiudi ora la sessione di questo canale" },
      options: z.object({}),
    },
    queue: {
      description: { en: "Review the questions waiting for approval", it: "Revisiona le domande in attesa" },
      options: z.object({}),
    },
    hide: {
      description: { en: "Hide a question from the board", it: "Nascondi una domanda dalla bacheca" },
      options: z.object({ number: questionNumber({ en: "The question's number", it: "Il numero della domanda" }) }),
    },
    merge: {
      description: { en: "Merge a duplicate into another question", it: "Unisci un duplicato a un'altra domanda" },
      options: z.object({
        from: questionNumber({ en: "The duplicate's number", it: "Il numero del duplicato" }),
        into: questionNumber({ en: "The number of the question to keep", it: "Il numero della domanda da tenere" }),
      }),
    },
  },
  async run(ctx, input) {
    const { community } = ctx;
    const qa = ctx.services.qa;
    const privately = (text: string): HandlerResult =>
      ok({ type: "message", visibility: "private", view: textView(text) });
    if (input.subcommand === "open" && wantsSchedule(input)) {
      const session = {
        topic: input.topic,
        ends: input.ends ?? null,
        moderated: input.queue,
        maxOpenPerMember: input.limit,
      };
      return scheduleFromCommand(ctx, input, { kind: "qa", qa: session });
    }
    if (input.subcommand === "open") {
      const opened = await qa.sessions.open({
        community,
        channelId: ctx.channelId,
        topic: input.topic,
        ends: input.ends ?? null,
        moderated: input.queue,
        maxOpenPerMember: input.limit,
        at: ctx.now,
      });
      if (!opened.ok) return opened;
      const session = opened.value;
      const lines = [ctx.t("qa.opened", { topic: session.topic, end: endLine(session, replyContext(ctx, community)) })];
      if (session.moderated) {
        const where = reviewChannelOf(community, session) ? ctx.t("qa.queueStaff") : ctx.t("qa.queuePrivate");
        lines.push(ctx.t("qa.openedQueue", { where }));
      }
      return privately(lines.join("\n"));
    }
    if (input.subcommand === "close") {
      const closed = await qa.closing.closeNow({ community, channelId: ctx.channelId, at: ctx.now });
      return closed.ok ? privately(ctx.t("qa.closedNow")) : closed;
    }
    const session = await qa.sessions.sessionIn(community, ctx.channelId);
    if (!session.ok) return session;
    if (input.subcommand === "queue") {
      const view = await reviewQueueView(qa, ctx, session.value, community);
      return ok({ type: "message", visibility: "private", view });
    }
    if (input.subcommand === "hide") {
      const question = await qa.sessions.questionNumbered(session.value, input.number);
      if (!question.ok) return question;
      const hidden = await qa.moderation.hide(session.value, question.value, ctx.now);
      return hidden.ok ? privately(ctx.t("qa.hidden", { number: input.number })) : hidden;
    }
    const [from, into] = await Promise.all([
      qa.sessions.questionNumbered(session.value, input.from),
      qa.sessions.questionNumbered(session.value, input.into),
    ]);
    if (!from.ok) return from;
    if (!into.ok) return into;
    const merged = await qa.moderation.merge(
      { question: from.value, session: session.value, community },
      into.value.id,
      ctx.now,
    );
    return merged.ok ? privately(ctx.t("qa.review.merged", { number: input.from, into: input.into })) : merged;
  },
});

const reviewMode = z.enum(["c", "p"]);
const reviewArgs = z.tuple([qaIdSchema, reviewMode]);

/** Approve or reject, from a review card (staff channel) or the private queue. */
async function decide(
  ctx: CommunityContext,
  [questionId, mode]: [string, ReviewMode],
  decision: ReviewDecision,
): Promise<HandlerResult> {
  const qa = ctx.services.qa;
  const found = await qa.moderation.reviewable(ctx.community, ctx.channelId, questionId);
  if (!found.ok) return found;
  const decided = await qa.moderation.decide(found.value, decision, ctx.now);
  if (!decided.ok) return decided;
  const note = ctx.t(decision === "approve" ? "qa.review.approved" : "qa.review.rejected", {
    number: decided.value.number,
  });
  return ok({ type: "update", view: await afterDecision(qa, ctx, found.value, mode, note) });
}

/** Approves a waiting question. */
export const qaApproveAction = defineAction({
  name: qaActions.approve,
  audience: "moderator",
  scope: "community",
  args: reviewArgs,
  run: (ctx, args) => decide(ctx, args, "approve"),
});

/** Rejects a waiting question. */
export const qaRejectAction = defineAction({
  name: qaActions.reject,
  audience: "moderator",
  scope: "community",
  args: reviewArgs,
  run: (ctx, args) => decide(ctx, args, "reject"),
});

/** Shows the questions a waiting one can be merged into. */
export const qaMergeMenuAction = defineAction({
  name: qaActions.mergeMenu,
  audience: "moderator",
  scope: "community",
  args: reviewArgs,
  async run(ctx, [questionId, mode]) {
    const qa = ctx.services.qa;
    const found = await qa.moderation.reviewable(ctx.community, ctx.channelId, questionId);
    if (!found.ok) return found;
    const targets = await qa.moderation.mergeTargets(found.value.question);
    const view = mergeMenuView(found.value.question, targets, mode, replyContext(ctx, found.value.community));
    return ok({ type: "update", view });
  },
});

/** Merges a waiting question into the one picked. */
export const qaMergeIntoAction = defineAction({
  name: qaActions.mergeInto,
  audience: "moderator",
  scope: "community",
  args: z.tuple([qaIdSchema, qaIdSchema, reviewMode]),
  async run(ctx, [questionId, intoId, mode]) {
    const qa = ctx.services.qa;
    const found = await qa.moderation.reviewable(ctx.community, ctx.channelId, questionId);
    if (!found.ok) return found;
    const merged = await qa.moderation.merge(found.value, intoId, ctx.now);
    if (!merged.ok) return merged;
    const note = ctx.t("qa.review.merged", { number: merged.value.from.number, into: merged.value.into.number });
    return ok({ type: "update", view: await afterDecision(qa, ctx, found.value, mode, note) });
  },
});

/** Back from the merge menu to the review card. */
export const qaReviewBackAction = defineAction({
  name: qaActions.back,
  audience: "moderator",
  scope: "community",
  args: reviewArgs,
  async run(ctx, [questionId, mode]) {
    const found = await ctx.services.qa.moderation.reviewable(ctx.community, ctx.channelId, questionId);
    if (!found.ok) return found;
    const { session, question, community } = found.value;
    return ok({ type: "update", view: reviewCardView(session, question, mode, replyContext(ctx, community)) });
  },
});

/** The board's review button: the private review queue. */
export const qaReviewQueueAction = defineAction({
  name: qaActions.reviewQueue,
  audience: "moderator",
  scope: "community",
  args: z.tuple([qaIdSchema]),
  async run(ctx, [sessionId]) {
    const qa = ctx.services.qa;
    const session = await qa.sessions.openSession(ctx.community, sessionId);
    if (!session.ok) return session;
    const view = await reviewQueueView(qa, ctx, session.value, ctx.community);
    return ok({ type: "message", visibility: "private", view });
  },
});
