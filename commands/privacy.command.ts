import { z } from "zod";
import { type CommandContext, defineAction, defineCommand } from "../src/core/commands/command.ts";
import {
  type ConsentPurpose,
  type ConsentState,
  consentPurposeSchema,
  consentPurposes,
  currentNoticeVersion,
} from "../src/core/domain/consent.ts";
import type { Member } from "../src/core/domain/member.ts";
import { ok } from "../src/core/errors/result.ts";
import type { Translate } from "../src/core/i18n/translator.ts";
import type { MessageView } from "../src/core/ports/view.ts";
import { consentAnswerAction } from "../src/core/privacy/consent-prompt.ts";
import { privacyEn } from "../src/core/privacy/privacy.catalogue.en.ts";
import type { StoredSummary } from "../src/core/privacy/privacy.service.ts";

type KnownSection = keyof typeof privacyEn.section;

/** A section's label; a source added without a label of its own shows its name. */
export function sectionLabel(t: Translate, section: string): string {
  return section in privacyEn.section ? t(`privacy.section.${section as KnownSection}`) : section;
}

/** The privacy panel: versioned notice, what is stored now, and a grant/withdraw button per purpose. */
function privacyView(ctx: CommandContext, state: ConsentState, stored: readonly StoredSummary[]): MessageView {
  const { t } = ctx;
  const kept = stored.filter((s) => s.records > 0);
  return {
    title: t("privacy.title"),
    blocks: [
      { type: "paragraph", text: t("privacy.notice", { days: ctx.services.privacy.retention.days }) },
      { type: "paragraph", text: t("privacy.noticeVersion", { version: currentNoticeVersion }) },
      { type: "paragraph", text: t("privacy.stored") },
      {
        type: "list",
        items: kept.map((s) => t("privacy.storedLine", { section: sectionLabel(t, s.section), count: s.records })),
      },
      {
        type: "list",
        items: consentPurposes.map(
          (p) => `${t(`privacy.purpose.${p}`)}: ${state[p] ? t("privacy.stateOn") : t("privacy.stateOff")}`,
        ),
      },
    ],
    actions: [
      {
        type: "buttons",
        buttons: consentPurposes.map((p) => {
          const on = state[p] !== null;
          const purpose = t(`privacy.purposeShort.${p}`);
          return {
            label: on ? t("privacy.withdraw", { purpose }) : t("privacy.grant", { purpose }),
            style: on ? ("secondary" as const) : ("primary" as const),
            action: { name: privacyToggleAction.name, args: [p, on ? "0" : "1"] },
          };
        }),
      },
    ],
  };
}

/**
 * Records a choice. Allowing direct messages also stores, sealed, where a private message reaches the member
 * (withdrawing deletes it: the privacy feature listens to every withdrawal).
 */
async function choose(
  ctx: CommandContext,
  member: Member,
  communityId: string,
  purpose: ConsentPurpose,
  granted: boolean,
) {
  const state = await ctx.services.consent.set({
    communityId,
    memberId: member.id,
    purpose,
    granted,
    at: ctx.now,
    interaction: ctx.interaction,
  });
  if (granted && purpose === "direct_messages" && ctx.actor.contact) {
    await ctx.services.privacy.contacts.remember(member.id, ctx.actor.contact, ctx.now);
  }
  return state;
}

async function panel(ctx: CommandContext, member: Member, state: ConsentState): Promise<MessageView> {
  const privacy = ctx.services.privacy;
  await privacy.prompt.markAnswered(member, ctx.now);
  return privacyView(ctx, state, await privacy.service.summary(member));
}

/** /privacy: a member's consent panel, shown privately. */
export const privacyCommand = defineCommand({
  name: "privacy",
  description: {
    en: "See and change what Circolo keeps about you",
    it: "Vedi e cambia cosa conserva Circolo su di te",
  },
  audience: "member",
  scope: "community",
  options: z.object({}),
  async run(ctx) {
    const { member } = ctx;
    const state = await ctx.services.consent.state(member.id);
    return ok({ type: "message", visibility: "private", view: await panel(ctx, member, state) });
  },
});

/** The grant/withdraw button of one purpose on the privacy panel. */
export const privacyToggleAction = defineAction({
  name: "pv_t",
  audience: "member",
  scope: "community",
  args: z.tuple([consentPurposeSchema, z.enum(["0", "1"])]),
  async run(ctx, [purpose, wanted]: [ConsentPurpose, "0" | "1"]) {
    const { member } = ctx;
    const state = await choose(ctx, member, ctx.community.id, purpose, wanted === "1");
    return ok({ type: "update", view: await panel(ctx, member, state) });
  },
});

/** An answer to the question new members are asked once: allow one purpose, or "no, thanks". */
export const consentAnswerActionDefinition = defineAction({
  name: consentAnswerAction,
  audience: "member",
  scope: "community",
  args: z.tuple([z.union([consentPurposeSchema, z.literal("none")])]),
  async run(ctx, [answer]: [ConsentPurpose | "none"]) {
    const { member } = ctx;
    if (answer === "none") {
      // Declining changes no consent (none was given), but it is a consent choice all the same, not an interaction.
      ctx.interaction.record({ kind: "consent_change" });
      return ok({ type: "notice", text: ctx.t("privacy.ask.declined") });
    }
    await choose(ctx, member, ctx.community.id, answer, true);
    return ok({
      type: "notice",
      text: ctx.t("privacy.ask.granted", { purpose: ctx.t(`privacy.purposeShort.${answer}`) }),
    });
  },
});
