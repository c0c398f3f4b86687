import type { Locale } from "../domain/platform.ts";
import type { Translate } from "../i18n/translator.ts";
import type { PlatformCapabilities } from "../ports/chat-platform.port.ts";
import type { ActionRowView, ButtonView, MessageView, ViewBlock } from "../ports/view.ts";
import { formatLocal } from "../time/format-local.ts";
import { type Poll, resultsVisible, shares, type Tally } from "./poll.ts";

/** The action names poll buttons carry (short: they travel in Telegram's 64-byte callback data). */
export const pollActions = { vote: "pl_v", results: "pl_r", close: "pl_c" } as const;

/** What every poll view needs to speak the reader's language and the community's time. */
export interface PollViewContext {
  readonly t: Translate;
  readonly locale: Locale;
  readonly timeZone: string;
}

/**
 * The poll as posted in the channel: the question, live counts and shares (or a note that results come at
 * closing), and a button per option plus a results button. Buttons are laid out to fit the platform:
 * as few per row as its row limit allows, one row kept for the results button.
 */
export function pollMessageView(
  poll: Poll,
  tally: Tally,
  ctx: PollViewContext,
  capabilities: Pick<PlatformCapabilities, "maxButtonsPerRow" | "maxActionRows">,
): MessageView {
  const { t } = ctx;
  const visible = resultsVisible(poll);
  const optionButtons: ButtonView[] = poll.options.map((label, index) => ({
    label,
    style: "secondary",
    action: { name: pollActions.vote, args: [String(poll.number), String(index)] },
  }));
  const results: ButtonView = {
    label: visible ? t("polls.resultsButton") : t("polls.myVoteButton"),
    style: "primary",
    action: { name: pollActions.results, args: [String(poll.number)] },
  };
  return {
    title: poll.question,
    blocks: [
      visible ? barsOf(poll, tally) : { type: "list", items: [...poll.options] },
      ...(visible ? [] : [{ type: "paragraph" as const, text: t("polls.hidden") }]),
      {
        type: "paragraph",
        text: [
          t("polls.heading", { number: poll.number }),
          poll.multi ? t("polls.multi") : t("polls.single"),
          t("polls.votes", { count: tally.voters }),
          t("polls.closes", { when: formatLocal(poll.closesAt, ctx.locale, ctx.timeZone) }),
        ].join(" · "),
      },
    ],
    actions: [...rowsOf(optionButtons, capabilities), { type: "buttons", buttons: [results] }],
  };
}

/** The poll message once closed: final counts and shares, no buttons. */
export function closedPollView(poll: Poll, tally: Tally, ctx: PollViewContext): MessageView {
  const { t } = ctx;
  return {
    title: poll.question,
    blocks: [
      barsOf(poll, tally),
      {
        type: "paragraph",
        text: [
          t("polls.heading", { number: poll.number }),
          t("polls.votes", { count: tally.voters }),
          t("polls.closedOn", { when: formatLocal(poll.closedAt ?? poll.closesAt, ctx.locale, ctx.timeZone) }),
        ].join(" · "),
      },
    ],
  };
}

/** The results posted when a poll closes: bars with counts and shares, and the participation rate. */
export function pollResultsView(poll: Poll, tally: Tally, ctx: PollViewContext): MessageView {
  const { t } = ctx;
  // Members who joined after the poll was sent may vote too: a share above 100% would mislead, so then
  // only the count is shown.
  const rate = poll.reach > 0 && tally.voters <= poll.reach ? Math.round((tally.voters / poll.reach) * 100) : null;
  const participation =
    rate === null
      ? t("polls.votes", { count: tally.voters })
      : t("polls.participation", { voters: tally.voters, reach: poll.reach, rate });
  return {
    title: t("polls.resultsTitle", { question: poll.question }),
    blocks: [barsOf(poll, tally), { type: "paragraph", text: participation }],
  };
}

/** What a member sees privately when asking for results: the bars when visible, and their own choices. */
export function memberResultsView(
  poll: Poll,
  tally: Tally,
  choices: readonly number[],
  ctx: PollViewContext,
): MessageView {
  const { t } = ctx;
  const mine =
    choices.length === 0 ? t("polls.noVote") : t("polls.yourChoices", { choices: optionList(poll, choices) });
  const blocks: ViewBlock[] = resultsVisible(poll)
    ? [barsOf(poll, tally), { type: "paragraph", text: t("polls.votes", { count: tally.voters }) }]
    : [{ type: "paragraph", text: t("polls.hidden") }];
  return { title: poll.question, blocks: [...blocks, { type: "paragraph", text: mine }] };
}

/** The moderator's confirmation after creating a poll, with a button to close it early. */
export function pollCreatedView(poll: Poll, ctx: PollViewContext): MessageView {
  const { t } = ctx;
  return {
    blocks: [
      {
        type: "paragraph",
        text: t("polls.created", {
          number: poll.number,
          when: formatLocal(poll.closesAt, ctx.locale, ctx.timeZone),
          reach: poll.reach,
        }),
      },
    ],
    actions: [{ type: "buttons", buttons: [closeButton(poll, ctx)] }],
  };
}

/** The open polls of a community, each with a button to close it. */
export function openPollsView(
  polls: readonly { poll: Poll; voters: number }[],
  ctx: PollViewContext,
  capabilities: Pick<PlatformCapabilities, "maxButtonsPerRow" | "maxActionRows">,
): MessageView {
  const { t } = ctx;
  if (polls.length === 0)
    return { title: t("polls.openTitle"), blocks: [{ type: "paragraph", text: t("polls.noneOpen") }] };
  const buttons = polls.map(({ poll }) => closeButton(poll, ctx));
  return {
    title: t("polls.openTitle"),
    blocks: [
      {
        type: "list",
        items: polls.map(({ poll, voters }) =>
          t("polls.openLine", {
            number: poll.number,
            question: poll.question,
            votes: voters,
            when: formatLocal(poll.closesAt, ctx.locale, ctx.timeZone),
          }),
        ),
      },
    ],
    actions: rowsOf(buttons.slice(0, capabilities.maxActionRows * capabilities.maxButtonsPerRow), {
      maxButtonsPerRow: capabilities.maxButtonsPerRow,
      maxActionRows: capabilities.maxActionRows + 1,
    }),
  };
}

/** "Vanilla, Pistachio": the chosen options' texts in option order. */
export function optionList(poll: Poll, choices: readonly number[]): string {
  return choices.map((i) => poll.options[i] ?? "?").join(", ");
}

function closeButton(poll: Poll, ctx: PollViewContext): ButtonView {
  return {
    label: ctx.t("polls.closeButton", { number: poll.number }),
    style: "danger",
    action: { name: pollActions.close, args: [String(poll.number)] },
  };
}

function barsOf(poll: Poll, tally: Tally): ViewBlock {
  const percent = shares(tally);
  return {
    type: "bars",
    rows: poll.options.map((label, i) => ({ label, count: tally.counts[i] ?? 0, percent: percent[i] ?? 0 })),
  };
}

/** Buttons in as many rows as the platform allows after one reserved row, as few per row as that permits. */
function rowsOf(
  buttons: readonly ButtonView[],
  capabilities: Pick<PlatformCapabilities, "maxButtonsPerRow" | "maxActionRows">,
): ActionRowView[] {
  const rowsAvailable = Math.max(1, capabilities.maxActionRows - 1);
  const perRow = Math.min(capabilities.maxButtonsPerRow, Math.max(1, Math.ceil(buttons.length / rowsAvailable)));
  const rows: ActionRowView[] = [];
  for (let i = 0; i < buttons.length; i += perRow)
    rows.push({ type: "buttons", buttons: buttons.slice(i, i + perRow) });
  return rows;
}
