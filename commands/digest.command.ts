import { z } from "zod";
import { type CommunityContext, defineSubcommands, type HandlerResult } from "../src/core/commands/command.ts";
import { option } from "../src/core/commands/option-meta.ts";
import type { DigestScope } from "../src/core/digest/digest.repository.port.ts";
import { sevenDaysToYesterday } from "../src/core/digest/digest-week.ts";
import { fail } from "../src/core/errors/error-codes.ts";
import { ok } from "../src/core/errors/result.ts";
import { textView } from "../src/core/ports/view.ts";

const scopeOption = z.object({
  scope: option(
    z.enum(["community", "brand"]).default("community"),
    {
      en: "community (this one) or brand (all communities of the brand)",
      it: "community (questa) o brand (tutte le community del brand)",
    },
    true,
  ),
});

function reply(text: string): HandlerResult {
  return ok({ type: "message", visibility: "private", view: textView(text) });
}

/** /digest now: this week's digest (the seven full days to yesterday), privately, with its chart. */
async function now(ctx: CommunityContext, scope: DigestScope): Promise<HandlerResult> {
  const { community } = ctx;
  const { service, delivery } = ctx.services.digest;
  await delivery.ensureSchedule(community);
  const week = sevenDaysToYesterday(ctx.now, community.timeZone);
  if (scope === "brand") {
    const brand = await service.brand(community.brandId, week, { now: ctx.now });
    if (!brand) return fail("COMMUNITY_NOT_FOUND");
    return ok({ type: "message", visibility: "private", view: await service.brandView(brand, ctx.actor.locale) });
  }
  const digest = await service.community(community, week, { now: ctx.now });
  return ok({ type: "message", visibility: "private", view: await service.communityView(digest, ctx.actor.locale) });
}

/** /digest subscribe: the digest privately every Monday, with an honest word when it cannot arrive yet. */
async function subscribe(ctx: CommunityContext, scope: DigestScope): Promise<HandlerResult> {
  const { community, member } = ctx;
  const { service, delivery } = ctx.services.digest;
  await delivery.ensureSchedule(community);
  const what = ctx.t(`digest.scope.${scope}`);
  const created = await service.repository.subscribe({
    communityId: community.id,
    memberId: member.id,
    scope,
    createdAt: ctx.now,
  });
  if (!created) return reply(ctx.t("digest.alreadySubscribed", { what }));
  const consent = await ctx.services.consent.state(member.id);
  if (!consent.direct_messages) return reply(ctx.t("digest.subscribedNeedsConsent", { what }));
  if (!(await delivery.canReach(member.id))) return reply(ctx.t("digest.subscribedNoContact", { what }));
  return reply(ctx.t("digest.subscribed", { what, timeZone: community.timeZone }));
}

/** /digest: moderators get the weekly digest now, subscribe to it privately, or choose the staff channel. */
export const digestCommand = defineSubcommands({
  name: "digest",
  description: {
    en: "The weekly engagement digest: now, by private message, or in this channel",
    it: "Il digest settimanale: subito, in privato o in questo canale",
  },
  audience: "moderator",
  scope: "community",
  subcommands: {
    now: {
      description: { en: "This week's digest, privately", it: "Il digest di questa settimana, in privato" },
      options: scopeOption,
    },
    subscribe: {
      description: { en: "Receive the digest privately every Monday", it: "Ricevi il digest in privato ogni lunedì" },
      options: scopeOption,
    },
    unsubscribe: {
      description: { en: "Stop receiving the digest privately", it: "Smetti di ricevere il digest in privato" },
      options: scopeOption,
    },
    channel: {
      description: {
        en: "Post the weekly digest in this channel",
        it: "Pubblica il digest settimanale in questo canale",
      },
      options: z.object({}),
    },
  },
  async run(ctx, input) {
    const { community } = ctx;
    switch (input.subcommand) {
      case "now":
        return now(ctx, input.scope);
      case "subscribe":
        return subscribe(ctx, input.scope);
      case "unsubscribe": {
        const what = ctx.t(`digest.scope.${input.scope}`);
        const removed = await ctx.services.digest.service.repository.unsubscribe(
          community.id,
          ctx.member.id,
          input.scope,
        );
        return reply(ctx.t(removed ? "digest.unsubscribed" : "digest.notSubscribed", { what }));
      }
      case "channel": {
        if (!ctx.channelId) return fail("DIGEST_CHANNEL_UNKNOWN");
        const updated = await ctx.services.repositories.communities.updateSettings(community.id, {
          ...community.settings,
          staffChannelId: ctx.channelId,
        });
        await ctx.services.digest.delivery.ensureSchedule(updated);
        return reply(ctx.t("digest.channelSet", { timeZone: updated.timeZone }));
      }
    }
  },
});
