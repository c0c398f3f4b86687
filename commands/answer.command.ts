import { z } from "zod";
import {
  type CommunityContext,
  defineAction,
  defineCommand,
  type HandlerResult,
} from "../src/core/commands/command.ts";
import { option } from "../src/core/commands/option-meta.ts";
import { fail } from "../src/core/errors/error-codes.ts";
import { ok } from "../src/core/errors/result.ts";
import { textView } from "../src/core/ports/view.ts";
import { answerFormView, answerPickView, qaActions } from "../src/core/qa/qa.view.ts";
import { replyContext } from "../src/core/qa/qa-replies.ts";
import { qaIdSchema } from "./ask.command.ts";

/** Posts a moderator's answer and confirms it privately. */
async function answerWith(ctx: CommunityContext, questionId: string, text: string): Promise<HandlerResult> {
  const { community, member } = ctx;
  const answered = await ctx.services.qa.sessions.answer({
    community,
    member,
    questionId,
    text,
    at: ctx.now,
    interaction: ctx.interaction,
  });
  if (!answered.ok) return answered;
  const confirmation = ctx.t("qa.answer.posted", { number: answered.value.number });
  return ok({ type: "message", visibility: "private", view: textView(confirmation) });
}

/**
 * /answer: a moderator answers a question of this channel's session. The answer is posted in the channel
 * in reply to the question and the asker is notified (a mention on Discord, a reply on Telegram). On
 * Telegram: `/answer 3 | Next week!`; on Discord the text may be left empty to write it in a form.
 */
export const answerCommand = defineCommand({
  name: "answer",
  description: { en: "Answer a question of this channel's Q&A session", it: "Rispondi a una domanda della sessione" },
  audience: "moderator",
  scope: "community",
  options: z.object({
    number: option(
      z.number().int().min(1).max(100_000),
      { en: "The question's number", it: "Il numero della domanda" },
      true,
    ),
    text: option(
      z.string().trim().max(4_000).optional(),
      {
        en: "Your answer (on Discord, leave it empty for a form)",
        it: "La tua risposta (su Discord lasciala vuota per un modulo)",
      },
      true,
    ),
  }),
  async run(ctx, input) {
    const qa = ctx.services.qa;
    const session = await qa.sessions.sessionIn(ctx.community, ctx.channelId);
    if (!session.ok) return session;
    const question = await qa.sessions.questionNumbered(session.value, input.number);
    if (!question.ok) return question;
    if (input.text) return answerWith(ctx, question.value.id, input.text);
    if (!ctx.capabilities.modals) return fail("QA_ANSWER_REQUIRED");
    return ok({ type: "form", form: answerFormView(question.value, ctx.t) });
  },
});

/** The board's Answer button: the unanswered questions to pick from (or how to answer with /answer). */
export const qaAnswerPickAction = defineAction({
  name: qaActions.answerPick,
  audience: "moderator",
  scope: "community",
  args: z.tuple([qaIdSchema]),
  async run(ctx, [sessionId]) {
    const qa = ctx.services.qa;
    const session = await qa.sessions.openSession(ctx.community, sessionId);
    if (!session.ok) return session;
    const view = answerPickView(await qa.sessions.questions(session.value.id), replyContext(ctx, ctx.community));
    return ok({ type: "message", visibility: "private", view });
  },
});

/** A picked question: the answer form (only offered where forms exist). */
export const qaAnswerFormAction = defineAction({
  name: qaActions.answerForm,
  audience: "moderator",
  scope: "community",
  args: z.tuple([qaIdSchema]),
  async run(ctx, [questionId]) {
    const found = await ctx.services.qa.sessions.questionIn(ctx.community, questionId);
    if (!found.ok) return found;
    if (!ctx.capabilities.modals) return fail("QA_ANSWER_REQUIRED");
    return ok({ type: "form", form: answerFormView(found.value.question, ctx.t) });
  },
});

/** The answer form, submitted. */
export const qaAnswerSubmitAction = defineAction({
  name: qaActions.answerSubmit,
  audience: "moderator",
  scope: "community",
  args: z.tuple([qaIdSchema]),
  run: (ctx, [questionId], submitted) => answerWith(ctx, questionId, submitted.fields?.answer ?? ""),
});
