import type { EmulatedMessage } from "../../../emulators/telegram/emulator-state.ts";
import type { EmulatedGroup, EmulatedPerson } from "../../../emulators/telegram/emulator-user.ts";
import type { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { waitUntil } from "./wait.ts";

/** Groups with the bot in them, each with an open poll posted by its owner (an administrator). */
export interface PollGroups {
  readonly owner: EmulatedPerson;
  readonly groups: readonly { readonly group: EmulatedGroup; readonly poll: EmulatedMessage }[];
}

/** Adds the bot to `count` new groups; call once the app is connected, then `postPolls`. */
export function addGroups(
  emulator: TelegramEmulator,
  count: number,
): { owner: EmulatedPerson; groups: EmulatedGroup[] } {
  const owner = emulator.person({ firstName: "Owner" });
  const groups = Array.from({ length: count }, (_, i) => {
    const group = emulator.group(`Fault group ${i + 1}`, owner);
    group.addBot(owner);
    return group;
  });
  return { owner, groups };
}

/** The owner posts a two-option poll in each group; resolves with each group's poll message. */
export async function postPolls(
  emulator: TelegramEmulator,
  owner: EmulatedPerson,
  groups: readonly EmulatedGroup[],
): Promise<PollGroups> {
  const posted = [];
  for (const group of groups) {
    owner.say("/poll Favourite flavour? | Vanilla | Pistachio", group);
    const poll = await waitUntil(
      () =>
        emulator
          .botMessages(group.id)
          .find((m) => m.replyMarkup?.inline_keyboard.flat().some((b) => b.text === "Vanilla")),
      `the poll in ${group.chat.title}`,
    );
    posted.push({ group, poll });
  }
  return { owner, groups: posted };
}

/** One vote sent: the update id Telegram gave it and the callback query to answer. */
export interface SentVote {
  readonly updateId: number;
  readonly queryId: string;
}

/**
 * Sends `count` votes, each by a new person, spread over the groups' polls round-robin. Every vote is
 * a first vote on a single-choice poll, so each one the bot handles must be counted exactly once.
 */
export function sendVotes(emulator: TelegramEmulator, polls: PollGroups, count: number): SentVote[] {
  const sent: SentVote[] = [];
  for (let i = 0; i < count; i++) {
    const target = polls.groups[i % polls.groups.length]!;
    const voter = emulator.person({ firstName: `Voter ${i}` });
    const queryId = voter.press(target.poll, i % 2 === 0 ? "Vanilla" : "Pistachio");
    sent.push({ updateId: emulator.lastUpdateId, queryId });
  }
  return sent;
}

/** The highest getUpdates offset the bot has sent: every update below it is confirmed, and Telegram forgets it. */
export function confirmedOffset(emulator: TelegramEmulator): number {
  let offset = 0;
  for (const call of emulator.calls("getUpdates")) {
    const value = Number(call.params.offset ?? 0);
    if (value > offset) offset = value;
  }
  return offset;
}
