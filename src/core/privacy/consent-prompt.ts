import { consentPurposes } from "../domain/consent.ts";
import type { Member } from "../domain/member.ts";
import type { Translate } from "../i18n/translator.ts";
import type { PlatformCapabilities } from "../ports/chat-platform.port.ts";
import type { ActionRowView, MessageView, Reply } from "../ports/view.ts";
import type { PrivacyRepository } from "./privacy.repository.port.ts";

/**
 * The action behind the new-member question's buttons (registered by commands/privacy.command.ts).
 * Arguments: a purpose to allow, or "none".
 */
export const consentAnswerAction = "pv_a";

/** The row of buttons that asks a new member: one per purpose, and "no, thanks". */
export function consentQuestionRow(t: Translate): ActionRowView {
  return {
    type: "buttons",
    buttons: [
      ...consentPurposes.map((purpose) => ({
        label: t("privacy.grant", { purpose: t(`privacy.purposeShort.${purpose}`) }),
        style: "secondary" as const,
        action: { name: consentAnswerAction, args: [purpose] },
      })),
      {
        label: t("privacy.ask.noThanks"),
        style: "secondary" as const,
        action: { name: consentAnswerAction, args: ["none"] },
      },
    ],
  };
}

/**
 * Asks each member once, briefly, which consents they give: the first personal reply a member gets (a private
 * message, or on platforms with ephemeral replies a button's acknowledgement) carries one short question with a
 * button per purpose. Nothing is assumed: without an answer no consent exists. A member who already answered
 * through /privacy is not asked.
 */
export class ConsentPrompt {
  readonly #privacy: PrivacyRepository;

  constructor(privacy: PrivacyRepository) {
    this.#privacy = privacy;
  }

  /** The reply, with the question added when this is the member's first personal reply. */
  async decorate(input: {
    member: Member | null;
    reply: Reply;
    t: Translate;
    capabilities: PlatformCapabilities;
    at: Date;
  }): Promise<Reply> {
    const { member, reply, t, capabilities } = input;
    if (!member) return reply;
    const view = personalView(reply, capabilities);
    if (!view || (view.actions?.length ?? 0) + 1 > capabilities.maxActionRows) return reply;
    if (!(await this.#privacy.markAsked(member.id, input.at))) return reply;
    if ((await this.#privacy.consentHistories([member.id])).length > 0) return reply;
    return {
      type: "message",
      visibility: "private",
      ...(reply.type === "message" && reply.publicNote ? { publicNote: reply.publicNote } : {}),
      view: {
        ...view,
        blocks: [...view.blocks, { type: "paragraph", text: t("privacy.ask.question") }],
        actions: [...(view.actions ?? []), consentQuestionRow(t)],
      },
    };
  }

  /** Marks the member asked without showing anything (they opened /privacy themselves). */
  async markAnswered(member: Member, at: Date): Promise<void> {
    await this.#privacy.markAsked(member.id, at);
  }
}

/** The view of a reply only the member sees, if the question can be added to it. */
function personalView(reply: Reply, capabilities: PlatformCapabilities): MessageView | null {
  if (reply.type === "message" && reply.visibility === "private") return reply.view;
  if (reply.type === "notice" && capabilities.ephemeralReplies) {
    return { blocks: [{ type: "paragraph", text: reply.text }] };
  }
  return null;
}
