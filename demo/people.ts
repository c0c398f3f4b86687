import type { Platform } from "../src/core/domain/platform.ts";

/** A message as the person who acted sees it: text without markup and the labels of its buttons. */
export interface Seen {
  readonly text: string;
  readonly buttons: readonly string[];
}

/** Options of a slash command as a member fills them in. */
export type CommandOptions = Readonly<Record<string, string | number | boolean>>;

/** One person acting through the platform's own interface (emulated), as a member or a moderator. */
export interface DemoPerson {
  /** Runs a command in the community's channel; resolves with what the person sees in answer. */
  command(name: string, options?: CommandOptions, subcommand?: string): Promise<Seen>;
  /** Presses the button with this label on a message the person saw; resolves with what they see next. */
  press(message: Seen, label: string): Promise<Seen>;
}

/** A community (Discord server or Telegram group) with the bot in it, as its people see it. */
export interface DemoCommunity {
  readonly platform: Platform;
  /** The platform's id for it (guild id / chat id). */
  readonly platformId: string;
  readonly title: string;
  /** Where campaigns are posted: the guild's #general, or the group itself. */
  readonly channelId: string;
  /** The administrator who runs campaigns. */
  readonly moderator: DemoPerson;
  /** A new member joins; `locale` is what their app reports ("en-GB", "it"). */
  join(locale: string): DemoPerson;
  /** The latest message the bot posted in the channel on its own (a poll, an offer, a board), if any. */
  lastPost(): Seen | null;
  /** The bot's posts in the channel, oldest first. */
  posts(): Seen[];
}

/** Runs `work` over the items with at most `limit` at a time; resolves when all are done (first error rejects). */
export async function inBatches<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
}
