import { z } from "zod";
import { wantsSchedule } from "../src/core/campaigns/chat-schedule.ts";
import { type CommandContext, defineAction, defineSubcommands } from "../src/core/commands/command.ts";
import { option } from "../src/core/commands/option-meta.ts";
import { ok } from "../src/core/errors/result.ts";
import {
  claimedView,
  type OfferViewContext,
  offerActions,
  offerCreatedView,
  offerDetailsView,
  offersListView,
} from "../src/core/offers/offer.view.ts";
import { textView } from "../src/core/ports/view.ts";
import { formatLocal } from "../src/core/time/format-local.ts";
import { scheduleFromCommand, scheduleOptions } from "./campaign-options.ts";
import { segmentFromOptions, segmentOptions } from "./segment-options.ts";

/**
 * The options of /offer create. Title and description are positional, so on Telegram an offer reads
 * `/offer create Free espresso | One espresso with any pastry --quantity 20 --ends 7d`. Quantities are
 * checked by the offer service, so a negative one gets the offer's own clear message. With `start` or `repeat`
 * the offer is posted later as a campaign (`--start 2026-12-05 10:00`); `starts` and `ends` then count from
 * each run.
 */
const createOptions = z.object({
  title: option(z.string().trim().min(1).max(100), { en: "What is offered", it: "Cosa viene offerto" }, true),
  description: option(
    z.string().trim().max(1000).optional(),
    { en: "A sentence about the offer", it: "Una frase sull'offerta" },
    true,
  ),
  quantity: option(z.number().int().optional(), {
    en: "How many codes in all (default: as many as the codes given)",
    it: "Quanti codici in tutto (predefinito: quanti i codici forniti)",
  }),
  per_member: option(z.number().int().default(1), {
    en: "Codes one member may claim (default 1)",
    it: "Codici che un membro può richiedere (predefinito 1)",
  }),
  starts: option(z.string().trim().min(1).max(40).optional(), {
    en: "When claims open: now (default), 2h, 3d or a local time like 2026-12-01 09:00",
    it: "Quando si può richiedere: now (predefinito), 2h, 3d o un'ora locale come 2026-12-01 09:00",
  }),
  ends: option(z.string().trim().min(1).max(40).default("7d"), {
    en: "When it ends and codes expire: 7d (default) from the start, or a local time",
    it: "Quando finisce e i codici scadono: 7d (predefinito) dall'inizio, o un'ora locale",
  }),
  terms: option(z.string().trim().max(1000).optional(), {
    en: "Terms shown with the offer and the code",
    it: "Condizioni mostrate con l'offerta e il codice",
  }),
  codes: option(z.string().max(6000).optional(), {
    en: "The brand's own codes, separated by spaces or commas (default: Circolo signs codes)",
    it: "I codici del brand, separati da spazi o virgole (predefinito: Circolo firma i codici)",
  }),
  ...segmentOptions({
    en: "Who may claim (default everyone)",
    it: "Chi può richiederla (predefinito everyone)",
  }),
  ...scheduleOptions,
});

const numberOption = z.object({
  number: option(z.number().int().min(1), { en: "The offer's number", it: "Il numero dell'offerta" }, true),
});

/** Words of a list option: split on spaces, commas and semicolons. */
function words(text: string | undefined): string[] {
  return (text ?? "").split(/[\s,;]+/).filter((part) => part.length > 0);
}

function viewContext(ctx: CommandContext, timeZone: string): OfferViewContext {
  return { t: ctx.t, locale: ctx.actor.locale, timeZone };
}

/** /offer: moderators post an offer in this channel, list the community's offers, or close one early. */
export const offerCommand = defineSubcommands({
  name: "offer",
  description: {
    en: "Post an offer with codes, list offers, or close one",
    it: "Pubblica un'offerta con codici, elenca le offerte o chiudine una",
  },
  audience: "moderator",
  scope: "community",
  subcommands: {
    create: {
      description: {
        en: "Post an offer in this channel with a Claim button",
        it: "Pubblica in questo canale un'offerta con il pulsante Richiedi",
      },
      options: createOptions,
    },
    list: {
      description: {
        en: "The offers with claims, redemptions and conversion",
        it: "Le offerte con richieste, utilizzi e conversione",
      },
      options: z.object({}),
    },
    close: {
      description: { en: "Stop claims of an offer now", it: "Ferma subito le richieste di un'offerta" },
      options: numberOption,
    },
  },
  async run(ctx, input) {
    const { community } = ctx;
    const { offers } = ctx.services.offers;
    const view = viewContext(ctx, community.timeZone);
    if (input.subcommand === "list") {
      const listed = offersListView(await offers.list(community.id), view);
      return ok({ type: "message", visibility: "private", view: listed });
    }
    if (input.subcommand === "close") {
      const closed = await offers.closeNow({ community, number: input.number, at: ctx.now });
      if (!closed.ok) return closed;
      const when = formatLocal(closed.value.endsAt, ctx.actor.locale, community.timeZone);
      return ok({
        type: "message",
        visibility: "private",
        view: textView(ctx.t("offers.closedNow", { number: input.number, when })),
      });
    }
    const offer = {
      title: input.title,
      description: input.description,
      terms: input.terms,
      quantity: input.quantity,
      perMember: input.per_member,
      starts: input.starts,
      ends: input.ends,
      segment: segmentFromOptions(input),
      codes: input.codes === undefined ? undefined : words(input.codes),
    };
    if (wantsSchedule(input)) {
      // Absent fields are left out: the schedule's payload is JSON.
      const defined = Object.fromEntries(Object.entries(offer).filter(([, value]) => value !== undefined));
      return scheduleFromCommand(ctx, input, { kind: "offer", offer: defined });
    }
    const created = await offers.create({
      community,
      at: ctx.now,
      definition: { ...offer, channelId: ctx.channelId ?? "" },
    });
    if (!created.ok) return created;
    return ok({ type: "message", visibility: "private", view: offerCreatedView(created.value, view) });
  },
});

const offerNumber = z.tuple([z.string().regex(/^[1-9]\d{0,8}$/)]).transform(([n]) => ({ number: Number(n) }));

/** The Claim button: the next code, privately. */
export const offerClaimAction = defineAction({
  name: offerActions.claim,
  audience: "member",
  scope: "community",
  args: offerNumber,
  async run(ctx, args) {
    const { community, member } = ctx;
    const claimed = await ctx.services.offers.offers.claim({
      community,
      member,
      number: args.number,
      at: ctx.now,
      interaction: ctx.interaction,
    });
    if (!claimed.ok) return claimed;
    const view = claimedView(claimed.value.offer, claimed.value.held, viewContext(ctx, community.timeZone));
    return ok({ type: "message", visibility: "private", view });
  },
});

/** The Details button: the whole offer and the member's own codes, privately. */
export const offerDetailsAction = defineAction({
  name: offerActions.details,
  audience: "member",
  scope: "community",
  args: offerNumber,
  async run(ctx, args) {
    const { community, member } = ctx;
    const seen = await ctx.services.offers.offers.details({
      community,
      member,
      number: args.number,
      at: ctx.now,
      interaction: ctx.interaction,
    });
    if (!seen.ok) return seen;
    const view = offerDetailsView(seen.value.offer, seen.value.codes, viewContext(ctx, community.timeZone));
    return ok({ type: "message", visibility: "private", view });
  },
});
