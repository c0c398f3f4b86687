import type { Locale } from "../domain/platform.ts";
import type { Translate } from "../i18n/translator.ts";
import type { ButtonView, MessageView, ViewBlock } from "../ports/view.ts";
import { formatLocal } from "../time/format-local.ts";
import { conversionOf, type Offer, type OfferClaim, type OfferStats, remainingOf } from "./offer.ts";

/** The action names offer buttons carry (short: they travel in Telegram's 64-byte callback data). */
export const offerActions = { claim: "of_c", details: "of_d" } as const;

/** What every offer view needs to speak the reader's language and the community's time. */
export interface OfferViewContext {
  readonly t: Translate;
  readonly locale: Locale;
  readonly timeZone: string;
}

/** A code a member holds, as shown to them. */
export interface HeldCode {
  readonly code: string;
  readonly claim: OfferClaim;
}

function when(at: Date, ctx: OfferViewContext): string {
  return formatLocal(at, ctx.locale, ctx.timeZone);
}

function paragraphs(...texts: (string | false)[]): ViewBlock[] {
  return texts
    .filter((text): text is string => text !== false && text.length > 0)
    .map((text) => ({
      type: "paragraph",
      text,
    }));
}

/**
 * The offer as posted in the channel: what it is, how many codes are left, until when, and a Claim button
 * while codes are left (the code itself always comes privately), plus Details.
 */
export function offerPostView(offer: Offer, ctx: OfferViewContext): MessageView {
  const { t } = ctx;
  const remaining = remainingOf(offer);
  const claim: ButtonView = {
    label: t("offers.claimButton"),
    style: "primary",
    action: { name: offerActions.claim, args: [String(offer.number)] },
  };
  const details: ButtonView = {
    label: t("offers.detailsButton"),
    style: "secondary",
    action: { name: offerActions.details, args: [String(offer.number)] },
  };
  return {
    title: offer.title,
    blocks: paragraphs(
      offer.description,
      offer.terms.length > 0 && t("offers.terms", { terms: offer.terms }),
      [
        t("offers.heading", { number: offer.number }),
        remaining > 0 ? t("offers.left", { remaining, quantity: offer.quantity }) : t("offers.allClaimed"),
        t("offers.validUntil", { when: when(offer.endsAt, ctx) }),
      ].join(" · "),
      remaining > 0 && t("offers.privately"),
    ),
    actions: [{ type: "buttons", buttons: remaining > 0 ? [claim, details] : [details] }],
  };
}

/** The posted offer once it ended: final counts, Details only (members can still see their code). */
export function offerEndedView(offer: Offer, ctx: OfferViewContext): MessageView {
  const { t } = ctx;
  return {
    title: offer.title,
    blocks: paragraphs(
      offer.description,
      `${t("offers.heading", { number: offer.number })} · ${t("offers.ended")} ${t("offers.endedCounts", {
        claimed: offer.claimed,
        quantity: offer.quantity,
      })}`,
    ),
    actions: [
      {
        type: "buttons",
        buttons: [
          {
            label: t("offers.detailsButton"),
            style: "secondary",
            action: { name: offerActions.details, args: [String(offer.number)] },
          },
        ],
      },
    ],
  };
}

function codeBlocks(codes: readonly HeldCode[], ctx: OfferViewContext): ViewBlock[] {
  return codes.flatMap(({ code, claim }): ViewBlock[] => [
    { type: "code", text: code },
    ...(claim.redeemedAt ? paragraphs(ctx.t("offers.redeemedOn", { when: when(claim.redeemedAt, ctx) })) : []),
  ]);
}

/** The private answer to a claim: the code, how to use it, until when, and the terms. */
export function claimedView(offer: Offer, held: HeldCode, ctx: OfferViewContext): MessageView {
  const { t } = ctx;
  return {
    title: t("offers.claimedTitle", { title: offer.title }),
    blocks: [
      { type: "code", text: held.code },
      ...paragraphs(
        t("offers.claimedHow", { when: when(offer.endsAt, ctx) }),
        offer.terms.length > 0 && t("offers.terms", { terms: offer.terms }),
      ),
    ],
  };
}

/** The private Details answer: the whole offer and the member's own codes. */
export function offerDetailsView(offer: Offer, codes: readonly HeldCode[], ctx: OfferViewContext): MessageView {
  const { t } = ctx;
  const opensLater = offer.state === "scheduled";
  return {
    title: offer.title,
    blocks: [
      ...paragraphs(
        offer.description,
        offer.terms.length > 0 && t("offers.terms", { terms: offer.terms }),
        opensLater && t("offers.opens", { when: when(offer.startsAt, ctx) }),
        t("offers.validUntil", { when: when(offer.endsAt, ctx) }),
        codes.length > 0 ? t("offers.yourCode") : t("offers.noClaimYet"),
      ),
      ...codeBlocks(codes, ctx),
    ],
  };
}

/** The moderator's confirmation of a new offer. */
export function offerCreatedView(offer: Offer, ctx: OfferViewContext): MessageView {
  const { t } = ctx;
  const until = when(offer.endsAt, ctx);
  const text =
    offer.state === "scheduled"
      ? t("offers.scheduled", { number: offer.number, starts: when(offer.startsAt, ctx), when: until })
      : t("offers.created", {
          number: offer.number,
          quantity: offer.quantity,
          perMember: offer.perMember,
          when: until,
          reach: offer.reach ?? 0,
        });
  return { blocks: paragraphs(text) };
}

/** /offer list: each offer with its stock, redemptions, conversion and median time to redeem. */
export function offersListView(
  items: readonly { offer: Offer; stats: OfferStats }[],
  ctx: OfferViewContext,
): MessageView {
  const { t } = ctx;
  if (items.length === 0) return { title: t("offers.listTitle"), blocks: paragraphs(t("offers.none")) };
  const lines = items.map(({ offer, stats }) => {
    const conversion = conversionOf(stats);
    const medianHours = stats.medianMsToRedeem === null ? null : stats.medianMsToRedeem / 3_600_000;
    return t("offers.listLine", {
      number: offer.number,
      title: offer.title,
      state: t(`offers.state.${offer.state}`),
      claimed: offer.claimed,
      quantity: offer.quantity,
      redeemed: stats.redeemed,
      conversion: conversion === null ? t("offers.notAvailable") : `${Math.round(conversion * 100)}%`,
      median: medianHours === null ? t("offers.notAvailable") : t("offers.hours", { hours: medianHours.toFixed(1) }),
      when: when(offer.endsAt, ctx),
    });
  });
  return { title: t("offers.listTitle"), blocks: [{ type: "list", items: lines }] };
}
