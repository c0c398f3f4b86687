import { z } from "zod";
import { type CommandContext, defineAction, defineCommand } from "../src/core/commands/command.ts";
import { option } from "../src/core/commands/option-meta.ts";
import { ok } from "../src/core/errors/result.ts";
import type { ActionRowView, MessageView } from "../src/core/ports/view.ts";
import type { Membership } from "../src/core/privacy/privacy.repository.port.ts";

const platformNames = { discord: "Discord", telegram: "Telegram" } as const;

/** "Telegram · Gelateria, Discord · Gelateria HQ": where the linked accounts are members. */
async function describeAccounts(ctx: CommandContext, memberships: readonly Membership[]): Promise<string> {
  const labels = await Promise.all(
    memberships.map(async (m) => {
      const community = await ctx.services.repositories.communities.get(m.communityId);
      return ctx.t("privacy.link.account", { platform: platformNames[m.platform], community: community?.title ?? "" });
    }),
  );
  return [...new Set(labels)].join(", ");
}

function unlinkRow(ctx: CommandContext): ActionRowView {
  return {
    type: "buttons",
    buttons: [
      { label: ctx.t("privacy.link.unlinkButton"), style: "secondary", action: { name: unlinkAction.name, args: [] } },
    ],
  };
}

/**
 * /link: without a code, a one-time code (10 minutes, signed) to type on the member's other account; with the
 * code, typed there, the two accounts become one person of the brand for export, erasure and (with analytics
 * consent on both) its figures.
 */
export const linkCommand = defineCommand({
  name: "link",
  description: {
    en: "Link your accounts on Discord and Telegram",
    it: "Collega i tuoi account su Discord e Telegram",
  },
  audience: "member",
  scope: "community",
  options: z.object({
    code: option(
      z.string().trim().min(1).max(40).optional(),
      { en: "The code /link gave your other account", it: "Il codice che /link ha dato all'altro account" },
      true,
    ),
  }),
  async run(ctx, input) {
    const { member } = ctx;
    const links = ctx.services.privacy.links;
    if (input.code) {
      const linked = await links.redeem(member, input.code, ctx.now);
      if (!linked.ok) return linked;
      const view: MessageView = {
        title: ctx.t("privacy.link.title"),
        blocks: [
          {
            type: "paragraph",
            text: ctx.t("privacy.link.linked", { accounts: await describeAccounts(ctx, linked.value) }),
          },
        ],
        actions: [unlinkRow(ctx)],
      };
      return ok({ type: "message", visibility: "private", view });
    }
    const issued = await links.issue(member, ctx.now);
    const current = await links.linked(member);
    const view: MessageView = {
      title: ctx.t("privacy.link.title"),
      blocks: [
        { type: "paragraph", text: ctx.t("privacy.link.code") },
        { type: "code", text: ctx.t("privacy.link.command", { code: issued.code }) },
        {
          type: "paragraph",
          text:
            current.length > 0
              ? ctx.t("privacy.link.current", { accounts: await describeAccounts(ctx, current) })
              : ctx.t("privacy.link.none"),
        },
      ],
      ...(current.length > 0 ? { actions: [unlinkRow(ctx)] } : {}),
    };
    return ok({ type: "message", visibility: "private", view });
  },
});

/** "Unlink my accounts": separates this account from the others. */
export const unlinkAction = defineAction({
  name: "lk_u",
  audience: "member",
  scope: "community",
  args: z.tuple([]),
  async run(ctx) {
    const { member } = ctx;
    const removed = await ctx.services.privacy.links.unlink(member);
    const text = removed > 0 ? ctx.t("privacy.link.unlinked") : ctx.t("privacy.link.notLinked");
    return ok({ type: "update", view: { blocks: [{ type: "paragraph", text }] } });
  },
});
