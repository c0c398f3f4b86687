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
import type { QaSession } from "../src/core/qa/qa.ts";
import { askFormView, qaActions } from "../src/core/qa/qa.view.ts";

/** A session or question id as buttons carry it. */
export const qaIdSchema = z.string().regex(/^[0-9a-z]{6,16}$/);

/** Asks in a session and tells the asker where the question went. */
async function askIn(ctx: CommunityContext, session: QaSession, text: string): Promise<HandlerResult> {
  const { community, member } = ctx;
  const asked = await ctx.services.qa.sessions.ask({
    community,
    member,
    session,
    text,
    at: ctx.now,
    interaction: ctx.interaction,
    notifyAddress: ctx.actor.notifyAddress ?? null,
  });
  if (!asked.ok) return asked;
  const { number, state } = asked.value;
  const key = state === "published" ? "qa.ask.published" : "qa.ask.pending";
  // The asker's own message already shows the question in the channel: its number says nothing more.
  const said = ctx.t(key, { number });
  return ok({ type: "message", visibility: "private", view: textView(said), publicNote: said });
}

/**
 * /ask: a member asks the Q&A session open in this channel. Declared once with an optional text: on
 * Telegram the text follows the command (`/ask When does the new flavour arrive?`); on Discord, where
 * forms exist, leaving it empty opens a form instead. Without forms, an empty /ask says how to ask.
 */
export const askCommand = defineCommand({
  name: "ask",
  description: {
    en: "Ask a question in this channel's Q&A session",
    it: "Fai una domanda nella sessione di domande e risposte di questo canale",
  },
  audience: "member",
  scope: "community",
  options: z.object({
    question: option(
      z.string().trim().max(4_000).optional(),
      {
        en: "Your question, 10 to 500 characters (on Discord, leave it empty for a form)",
        it: "La tua domanda, da 10 a 500 caratteri (su Discord lasciala vuota per un modulo)",
      },
      true,
    ),
  }),
  async run(ctx, input) {
    const session = await ctx.services.qa.sessions.sessionIn(ctx.community, ctx.channelId);
    if (!session.ok) return session;
    if (input.question) return askIn(ctx, session.value, input.question);
    if (!ctx.capabilities.modals) return fail("QA_TEXT_REQUIRED");
    return ok({ type: "form", form: askFormView(session.value.id, ctx.t) });
  },
});

/** The board's "Ask a question" button: a form where there are forms, else how to ask with /ask. */
export const qaAskButtonAction = defineAction({
  name: qaActions.askButton,
  audience: "member",
  scope: "community",
  args: z.tuple([qaIdSchema]),
  async run(ctx, [sessionId]) {
    const session = await ctx.services.qa.sessions.openSession(ctx.community, sessionId);
    if (!session.ok) return session;
    if (!ctx.capabilities.modals) return ok({ type: "notice", text: ctx.t("qa.ask.hint") });
    return ok({ type: "form", form: askFormView(session.value.id, ctx.t) });
  },
});

/** The question form, submitted. */
export const qaAskFormAction = defineAction({
  name: qaActions.askForm,
  audience: "member",
  scope: "community",
  args: z.tuple([qaIdSchema]),
  async run(ctx, [sessionId], submitted) {
    const session = await ctx.services.qa.sessions.openSession(ctx.community, sessionId);
    if (!session.ok) return session;
    return askIn(ctx, session.value, submitted.fields?.question ?? "");
  },
});

/**
 * An upvote button on the board. A second press does not count twice: the member is told so privately,
 * with a button to take the upvote back.
 */
export const qaUpvoteAction = defineAction({
  name: qaActions.upvote,
  audience: "member",
  scope: "community",
  args: z.tuple([qaIdSchema]),
  async run(ctx, [questionId]) {
    const { community, member } = ctx;
    const voted = await ctx.services.qa.sessions.upvote({
      community,
      member,
      questionId,
      at: ctx.now,
      interaction: ctx.interaction,
    });
    if (!voted.ok) return voted;
    const { question, counted } = voted.value;
    if (counted) return ok({ type: "notice", text: ctx.t("qa.upvote.counted", { number: question.number }) });
    return ok({
      type: "message",
      visibility: "private",
      view: {
        blocks: [{ type: "paragraph", text: ctx.t("qa.upvote.already", { number: question.number }) }],
        actions: [
          {
            type: "buttons",
            buttons: [
              { label: ctx.t("qa.upvote.withdrawButton"), action: { name: qaActions.withdraw, args: [question.id] } },
            ],
          },
        ],
      },
    });
  },
});

/** Takes an upvote back. */
export const qaWithdrawAction = defineAction({
  name: qaActions.withdraw,
  audience: "member",
  scope: "community",
  args: z.tuple([qaIdSchema]),
  async run(ctx, [questionId]) {
    const { community, member } = ctx;
    const withdrawn = await ctx.services.qa.sessions.withdraw({ community, member, questionId });
    if (!withdrawn.ok) return withdrawn;
    return ok({ type: "update", view: textView(ctx.t("qa.upvote.withdrawn", { number: withdrawn.value.number })) });
  },
});
