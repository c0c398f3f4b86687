import type { CommandContext } from "../commands/command.ts";
import type { Community } from "../domain/community.ts";
import type { MessageView } from "../ports/view.ts";
import type { QuestionInContext } from "./qa.service.ts";
import type { QaSession } from "./qa.ts";
import { type QaViewContext, type ReviewMode, reviewCardView, settledCardView } from "./qa.view.ts";
import type { QaFeature } from "./qa-feature.ts";

/** The view context of a reply: the reader's language, the community's time zone, the platform's limits. */
export function replyContext(ctx: CommandContext, community: Community): QaViewContext {
  return { t: ctx.t, locale: ctx.actor.locale, timeZone: community.timeZone, capabilities: ctx.capabilities };
}

/** The private review queue: the oldest waiting question with its buttons, or that nothing waits. */
export async function reviewQueueView(
  qa: QaFeature,
  ctx: CommandContext,
  session: QaSession,
  community: Community,
  note?: string,
): Promise<MessageView> {
  const waiting = await qa.moderation.waiting(session.id);
  const first = waiting[0];
  if (!first) {
    return {
      title: ctx.t("qa.review.queueTitle", { topic: session.topic }),
      blocks: [
        ...(note ? [{ type: "paragraph" as const, text: note }] : []),
        { type: "paragraph", text: ctx.t("qa.review.queueEmpty") },
      ],
    };
  }
  const card = reviewCardView(session, first, "p", replyContext(ctx, community), note);
  return {
    ...card,
    blocks: [...card.blocks, { type: "paragraph", text: ctx.t("qa.review.queueLeft", { count: waiting.length - 1 }) }],
  };
}

/**
 * What a moderator sees after deciding: the settled card where the staff channel's card was, or the next
 * waiting question in the private queue (and then the staff channel's card, if any, is settled too).
 */
export async function afterDecision(
  qa: QaFeature,
  ctx: CommandContext,
  found: QuestionInContext,
  mode: ReviewMode,
  note: string,
): Promise<MessageView> {
  const settled = settledCardView(found.session, found.question, note, ctx.t);
  if (mode === "c") return settled;
  qa.moderation.settleReviewCard(found, settled);
  return reviewQueueView(qa, ctx, found.session, found.community, note);
}
