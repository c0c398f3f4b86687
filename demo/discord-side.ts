import type {
  Answer,
  DiscordEmulator,
  EmulatedGuild,
  EmulatedMember,
  EmuMessage,
} from "../emulators/discord/discord-emulator.ts";
import type { CommandOptions, DemoCommunity, DemoPerson, Seen } from "./people.ts";

/** Which emulated message a Seen shows, so a press finds its buttons. */
const shown = new WeakMap<Seen, EmuMessage>();

/** How long a person waits for the bot's answer before the demo gives up (a loaded 2-core machine is slow). */
const ANSWER_TIMEOUT_MS = 45_000;

/** Markdown escapes and emphasis removed, as Discord displays them. */
function displayed(markdown: string): string {
  return markdown.replace(/\*\*(.*?)\*\*/g, "$1").replace(/\\(.)/g, "$1");
}

function seenOf(message: EmuMessage): Seen {
  const embeds = message.embeds as { title?: string; description?: string }[];
  const parts = [message.content, ...embeds.flatMap((e) => [e.title ?? "", e.description ?? ""])].filter(Boolean);
  const rows = message.components as { components?: { type: number; label?: string }[] }[];
  const seen: Seen = {
    text: displayed(parts.join("\n")),
    buttons: rows.flatMap((row) => row.components ?? []).flatMap((c) => (c.type === 2 ? [c.label ?? ""] : [])),
  };
  shown.set(seen, message);
  return seen;
}

function answerSeen(answer: Answer): Seen {
  if (answer.kind === "modal") return { text: answer.modal.title, buttons: [] };
  return seenOf(answer.message);
}

class DiscordPerson implements DemoPerson {
  readonly #member: EmulatedMember;

  constructor(member: EmulatedMember) {
    this.#member = member;
  }

  async command(name: string, options: CommandOptions = {}, subcommand?: string): Promise<Seen> {
    const interaction = this.#member.command(name, options, subcommand ? { subcommand } : {});
    return answerSeen(await interaction.answer(0, ANSWER_TIMEOUT_MS));
  }

  async press(message: Seen, label: string): Promise<Seen> {
    const target = shown.get(message);
    if (!target) throw new Error("that message was not seen on Discord");
    return answerSeen(await this.#member.click(target.id, label).answer(0, ANSWER_TIMEOUT_MS));
  }
}

/** A Discord server with the bot in it, played through the Discord emulator. */
export class DiscordCommunity implements DemoCommunity {
  readonly platform = "discord" as const;
  readonly moderator: DemoPerson;
  readonly #guild: EmulatedGuild;

  constructor(
    guild: EmulatedGuild,
    readonly title: string,
  ) {
    this.#guild = guild;
    this.moderator = new DiscordPerson(guild.member({ moderator: true, locale: "en-US", name: "moderator" }));
  }

  /** Creates the server; the bot is invited by `invite` (after the brand registered the server, if it does). */
  static create(emulator: DiscordEmulator, title: string): { community: DiscordCommunity; invite: () => void } {
    const guild = emulator.addGuild(title, { withBot: false });
    return { community: new DiscordCommunity(guild, title), invite: () => emulator.addBot(guild.id) };
  }

  get platformId(): string {
    return this.#guild.id;
  }

  get channelId(): string {
    return this.#guild.channelId;
  }

  join(locale: string): DemoPerson {
    return new DiscordPerson(this.#guild.member({ locale }));
  }

  posts(): Seen[] {
    return this.#guild
      .messages()
      .filter((m) => !m.interaction_metadata && (m.flags & 64) === 0)
      .map(seenOf);
  }

  lastPost(): Seen | null {
    const message = this.#guild
      .messages()
      .filter((m) => !m.interaction_metadata && (m.flags & 64) === 0)
      .at(-1);
    return message ? seenOf(message) : null;
  }
}
