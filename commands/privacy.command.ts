import { z } from "zod";
import { type CommandContext, defineAction, defineCommand } from "../src/core/commands/command.ts";
import {
  type ConsentPurpose,
  type ConsentState,
  consentPurposeSchema,
  consentPurposes,
} from "../src/core/domain/consent.ts";
import { fail } from "../src/core/errors/error-codes.ts";
import { ok } from "../src/core/errors/result.ts";
import type { MessageView } from "../src/core/ports/view.ts";

/** The privacy panel: notice, what is stored, and a grant/withdraw button per purpose. */
function privacyView(ctx: CommandContext, state: ConsentState): MessageView {
  const { t } = ctx;
  return {
    title: t("privacy.title"),
    blocks: [
      { type: "paragraph", text: t("privacy.notice") },
      { type: "paragraph", text: t("privacy.stored", { summary: t("privacy.storedNothing") }) },
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
    const member = ctx.actor.member;
    if (!member) return fail("COMMUNITY_ONLY");
    const state = await ctx.services.consent.state(member.id);
    return ok({ type: "message", visibility: "private", view: privacyView(ctx, state) });
  },
});

/** The grant/withdraw button of one purpose on the privacy panel. */
export const privacyToggleAction = defineAction({
  name: "pv_t",
  audience: "member",
  scope: "community",
  args: z.tuple([consentPurposeSchema, z.enum(["0", "1"])]),
  async run(ctx, [purpose, wanted]: [ConsentPurpose, "0" | "1"]) {
    const member = ctx.actor.member;
    if (!member || !ctx.community) return fail("COMMUNITY_ONLY");
    const state = await ctx.services.consent.set({
      communityId: ctx.community.id,
      memberId: member.id,
      purpose,
      granted: wanted === "1",
      at: ctx.now,
    });
    return ok({ type: "update", view: privacyView(ctx, state) });
  },
});
