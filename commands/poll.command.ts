import { z } from "zod";
import { wantsSchedule } from "../src/core/campaigns/chat-schedule.ts";
import { type CommandContext, defineAction, defineCommand, defineSubcommands } from "../src/core/commands/command.ts";
import { option } from "../src/core/commands/option-meta.ts";
import { ok } from "../src/core/errors/result.ts";
import type { Translate } from "../src/core/i18n/translator.ts";
import { defaultPollCloses } from "../src/core/polls/poll.schema.ts";
import type { VoteReceipt } from "../src/core/polls/poll.service.ts";
import {
  memberResultsView,
  openPollsView,
  optionList,
  type PollViewContext,
  pollActions,
  pollCreatedView,
} from "../src/core/polls/poll.view.ts";
import { textView } from "../src/core/ports/view.ts";
import { scheduleFromCommand, scheduleOptions } from "./campaign-options.ts";
import { segmentFromOptions, segmentOptions } from "./segment-options.ts";

const answer = (n: number, required: boolean) => {
  const schema = z.string().trim().max(100);
  const descriptions = { en: `Answer ${n}`, it: `Risposta ${n}` };
  return required ? option(schema.min(1), descriptions, true) : option(schema.optional(), descriptions, true);
};

/**
 * The options of /poll. Question and answers are positional, so on Telegram a poll reads
 * `/poll Best flavour? | Vanilla | Pistachio --multi --closes 2d`; on Discord they are the fields
 * question, option1, option2, ... Everything else is a named option with a default. With `start` or `repeat`
 * the poll is scheduled instead (`--repeat 0 18 * * 1`): 24 options in all, within Discord's 25.
 */
const pollOptions = z.object({
  question: option(z.string().trim().min(1).max(300), { en: "The question", it: "La domanda" }, true),
  option1: answer(1, true),
  option2: answer(2, true),
  option3: answer(3, false),
  option4: answer(4, false),
  option5: answer(5, false),
  option6: answer(6, false),
  option7: answer(7, false),
  option8: answer(8, false),
  option9: answer(9, false),
  option10: answer(10, false),
  multi: option(z.boolean().default(false), {
    en: "Members may choose several answers",
    it: "I membri possono scegliere più risposte",
  }),
  results: option(z.enum(["live", "after_close"]).default("live"), {
    en: "Show counts while open (live) or only after closing",
    it: "Mostra i voti mentre è aperto (live) o solo alla chiusura",
  }),
  anonymity: option(z.enum(["anonymous", "attributed"]).default("anonymous"), {
    en: "anonymous: never linked to anyone; attributed: only with analytics consent",
    it: "anonymous: mai collegato a nessuno; attributed: solo con consenso alle statistiche",
  }),
  closes: option(z.string().trim().min(1).max(40).default(defaultPollCloses), {
    en: "When it closes: 90m, 2h, 3d, 1w or a local time like 2026-12-01 18:00",
    it: "Quando chiude: 90m, 2h, 3d, 1w o un'ora locale come 2026-12-01 18:00",
  }),
  ...segmentOptions({
    en: "Who may vote (default everyone)",
    it: "Chi può votare (predefinito everyone)",
  }),
  mention: option(z.boolean().default(false), {
    en: "Mention the segment's role when posting",
    it: "Menziona il ruolo del segmento nel messaggio",
  }),
  direct: option(z.boolean().default(false), {
    en: "Also send it privately to members who allow direct messages",
    it: "Invialo anche in privato a chi accetta messaggi privati",
  }),
  ...scheduleOptions,
});

function viewContext(ctx: CommandContext, timeZone: string): PollViewContext {
  return { t: ctx.t, locale: ctx.actor.locale, timeZone };
}

/** /poll: a moderator posts a targeted poll in this channel. */
export const pollCommand = defineCommand({
  name: "poll",
  description: { en: "Post a poll in this channel", it: "Pubblica un sondaggio in questo canale" },
  audience: "moderator",
  scope: "community",
  options: pollOptions,
  async run(ctx, input) {
    const { community } = ctx;
    const answers = [
      input.option1,
      input.option2,
      input.option3,
      input.option4,
      input.option5,
      input.option6,
      input.option7,
      input.option8,
      input.option9,
      input.option10,
    ].filter((text): text is string => text !== undefined && text.length > 0);
    const poll = {
      question: input.question,
      options: answers,
      multi: input.multi,
      results: input.results,
      anonymity: input.anonymity,
      closes: input.closes,
      segment: segmentFromOptions(input),
      mentionRole: input.mention,
      direct: input.direct,
    };
    if (wantsSchedule(input)) {
      // The closing time then counts from each run.
      return scheduleFromCommand(ctx, input, { kind: "poll", poll });
    }
    const created = await ctx.services.polls.create({
      community,
      at: ctx.now,
      definition: { ...poll, channelId: ctx.channelId ?? "" },
    });
    if (!created.ok) return created;
    return ok({
      type: "message",
      visibility: "private",
      view: pollCreatedView(created.value, viewContext(ctx, community.timeZone)),
    });
  },
});

/** /polls: moderators list the open polls or close one early. */
export const pollsCommand = defineSubcommands({
  name: "polls",
  description: { en: "See open polls or close one early", it: "Vedi i sondaggi aperti o chiudine uno prima" },
  audience: "moderator",
  scope: "community",
  subcommands: {
    list: {
      description: { en: "List the open polls", it: "Elenca i sondaggi aperti" },
      options: z.object({}),
    },
    close: {
      description: {
        en: "Close a poll now and post its results",
        it: "Chiudi ora un sondaggio e pubblica i risultati",
      },
      options: z.object({
        number: option(z.number().int().min(1), { en: "The poll's number", it: "Il numero del sondaggio" }, true),
      }),
    },
  },
  async run(ctx, input) {
    const { community } = ctx;
    const polls = ctx.services.polls;
    if (input.subcommand === "list") {
      const open = await polls.listOpen(community.id);
      const view = openPollsView(open, viewContext(ctx, community.timeZone), ctx.capabilities);
      return ok({ type: "message", visibility: "private", view });
    }
    const closed = await polls.closeNow({ community, number: input.number, at: ctx.now });
    if (!closed.ok) return closed;
    return ok({
      type: "message",
      visibility: "private",
      view: textView(ctx.t("polls.closedNow", { number: input.number })),
    });
  },
});

const pollNumber = z.string().regex(/^[1-9]\d{0,8}$/);

/** A vote button: the poll's number in its community and the option's index. */
export const pollVoteAction = defineAction({
  name: pollActions.vote,
  audience: "member",
  scope: "community",
  args: z
    .tuple([pollNumber, z.string().regex(/^\d$/)])
    .transform(([n, o]) => ({ number: Number(n), option: Number(o) })),
  async run(ctx, args) {
    const { community, member } = ctx;
    const voted = await ctx.services.polls.vote({
      community,
      member,
      ...args,
      at: ctx.now,
      interaction: ctx.interaction,
    });
    if (!voted.ok) return voted;
    return ok({ type: "notice", text: voteNotice(ctx.t, voted.value, args.option) });
  },
});

/** The results button: the counts when visible, and the member's own choices, privately. */
export const pollResultsAction = defineAction({
  name: pollActions.results,
  audience: "member",
  scope: "community",
  args: z.tuple([pollNumber]).transform(([n]) => ({ number: Number(n) })),
  async run(ctx, args) {
    const { community, member } = ctx;
    const seen = await ctx.services.polls.results({
      community,
      member,
      number: args.number,
      interaction: ctx.interaction,
    });
    if (!seen.ok) return seen;
    const { poll, tally, choices } = seen.value;
    const view = memberResultsView(poll, tally, choices, viewContext(ctx, community.timeZone));
    return ok({ type: "message", visibility: "private", view });
  },
});

/** The moderator's "close now" button (on the confirmation and on /polls list). */
export const pollCloseAction = defineAction({
  name: pollActions.close,
  audience: "moderator",
  scope: "community",
  args: z.tuple([pollNumber]).transform(([n]) => ({ number: Number(n) })),
  async run(ctx, args) {
    const { community } = ctx;
    const closed = await ctx.services.polls.closeNow({ community, number: args.number, at: ctx.now });
    if (!closed.ok) return closed;
    return ok({ type: "update", view: textView(ctx.t("polls.closedNow", { number: args.number })) });
  },
});

/** What the voter is told: counted, changed, added or removed, with their choices on a multiple-choice poll. */
function voteNotice(t: Translate, receipt: VoteReceipt, chosen: number): string {
  const { poll, before, after } = receipt;
  const text = poll.options[chosen] ?? "";
  if (!poll.multi)
    return before.length === 0 ? t("polls.counted", { option: text }) : t("polls.changed", { option: text });
  if (after.includes(chosen)) return t("polls.added", { option: text, choices: optionList(poll, after) });
  if (after.length === 0) return t("polls.removedAll", { option: text });
  return t("polls.removed", { option: text, choices: optionList(poll, after) });
}
