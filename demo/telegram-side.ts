import { registry } from "../commands/index.ts";
import type { EmulatedMessage } from "../emulators/telegram/emulator-state.ts";
import type { EmulatedGroup, EmulatedPerson } from "../emulators/telegram/emulator-user.ts";
import type { TelegramEmulator } from "../emulators/telegram/telegram-emulator.ts";
import { readOptionMeta } from "../src/core/commands/option-meta.ts";
import { commandSchema } from "../src/core/pipeline/update-pipeline.ts";
import type { CommandOptions, DemoCommunity, DemoPerson, Seen } from "./people.ts";

/** Which emulated message a Seen shows, so a press finds its buttons. */
const shown = new WeakMap<Seen, EmulatedMessage>();

/** How long a person waits for the bot's answer before the demo gives up (a loaded 2-core machine is slow). */
const ANSWER_TIMEOUT_MS = 45_000;

/**
 * A command in Telegram's text syntax, as a member types it: positional options in declared order separated by
 * `|`, the others as `--name value` (booleans as a bare `--name`).
 */
export function commandText(name: string, options: CommandOptions, subcommand?: string): string {
  const command = registry.commands.find((c) => c.name === name);
  const schema = command ? commandSchema(command, subcommand ?? null) : null;
  const positional: string[] = [];
  const flags: string[] = [];
  for (const [key, field] of Object.entries(schema?.shape ?? {})) {
    const value = options[key];
    if (value === undefined) continue;
    if (readOptionMeta(field as never)?.positional) positional.push(quote(String(value)));
    else if (value === true) flags.push(`--${key}`);
    else if (value !== false) flags.push(`--${key} ${quote(String(value))}`);
  }
  return [`/${name}`, subcommand ?? "", positional.join(" | "), ...flags].filter(Boolean).join(" ");
}

function quote(value: string): string {
  return /[|"]|--/.test(value) ? `"${value.replace(/"/g, "'")}"` : value;
}

class TelegramPerson implements DemoPerson {
  readonly #emulator: TelegramEmulator;
  readonly #group: EmulatedGroup;
  readonly #person: EmulatedPerson;

  constructor(emulator: TelegramEmulator, group: EmulatedGroup, person: EmulatedPerson) {
    this.#emulator = emulator;
    this.#group = group;
    this.#person = person;
  }

  async command(name: string, options: CommandOptions = {}, subcommand?: string): Promise<Seen> {
    const before = this.#emulator.botMessages(this.#person.id).length;
    const typed = this.#person.say(commandText(name, options, subcommand), this.#group);
    const answer = await this.#emulator.waitFor(
      () =>
        this.#emulator.botMessages(this.#person.id)[before] ??
        this.#emulator.botMessages(this.#group.id).find((m) => m.replyTo === typed.messageId),
      `the answer to /${name}`,
      ANSWER_TIMEOUT_MS,
    );
    return this.#see(answer);
  }

  /**
   * Presses a button and resolves once the bot answered it: with the toast, a new message in their private chat
   * (a personal answer to a group button is sent before the press is answered), a new message, or else the
   * pressed message as it is then (the bot edits it right after answering).
   */
  async press(message: Seen, label: string): Promise<Seen> {
    const target = shown.get(message);
    if (!target) throw new Error("that message was not seen on Telegram");
    const count = this.#emulator.botMessages(target.chatId).length;
    const privateCount = this.#emulator.botMessages(this.#person.id).length;
    const queryId = this.#person.press(target, label);
    return this.#emulator.waitFor(
      () => {
        const answer = this.#emulator.callbackAnswer(queryId);
        if (!answer) return null;
        // A toast leaves the message as it was: the next press goes to the same message.
        if (answer.text) return this.#remember({ text: answer.text, buttons: [] }, target);
        const personal = target.chatId !== this.#person.id && this.#emulator.botMessages(this.#person.id)[privateCount];
        if (personal) return this.#see(personal);
        const added = this.#emulator.botMessages(target.chatId)[count];
        if (added) return this.#see(added);
        // An edit of the pressed message follows the answer (coalesced, up to a second later): the press is done.
        return this.#see(target);
      },
      `the answer to pressing ${label}`,
      ANSWER_TIMEOUT_MS,
    );
  }

  #see(message: EmulatedMessage): Seen {
    const seen = this.#emulator.seen(message);
    return this.#remember({ text: seen.text, buttons: seen.buttons }, message);
  }

  #remember(seen: Seen, message: EmulatedMessage): Seen {
    shown.set(seen, message);
    return seen;
  }
}

/** A Telegram group with the bot in it, played through the Bot API emulator. */
export class TelegramCommunity implements DemoCommunity {
  readonly platform = "telegram" as const;
  readonly moderator: DemoPerson;
  readonly #emulator: TelegramEmulator;
  readonly #group: EmulatedGroup;

  constructor(
    emulator: TelegramEmulator,
    group: EmulatedGroup,
    owner: EmulatedPerson,
    readonly title: string,
  ) {
    this.#emulator = emulator;
    this.#group = group;
    this.moderator = new TelegramPerson(emulator, group, owner);
  }

  /** Creates the group with its owner; the owner adds the bot with `invite`. */
  static create(emulator: TelegramEmulator, title: string): { community: TelegramCommunity; invite: () => void } {
    const owner = emulator.person({ firstName: "Owner", languageCode: "en" });
    owner.hasStartedBot();
    const group = emulator.group(title, owner);
    return { community: new TelegramCommunity(emulator, group, owner, title), invite: () => group.addBot(owner) };
  }

  get platformId(): string {
    return String(this.#group.id);
  }

  get channelId(): string {
    return String(this.#group.id);
  }

  join(locale: string): DemoPerson {
    const person = this.#emulator.person({ languageCode: locale });
    this.#group.join(person, "member");
    // They opened the bot's private chat once, so it may answer them privately.
    person.hasStartedBot();
    return new TelegramPerson(this.#emulator, this.#group, person);
  }

  posts(): Seen[] {
    return this.#emulator
      .botMessages(this.#group.id)
      .filter((m) => m.replyTo === null)
      .map((m) => this.#see(m));
  }

  lastPost(): Seen | null {
    const message = this.#emulator
      .botMessages(this.#group.id)
      .filter((m) => m.replyTo === null)
      .at(-1);
    return message ? this.#see(message) : null;
  }

  #see(message: EmulatedMessage): Seen {
    const seen = this.#emulator.seen(message);
    const result: Seen = { text: seen.text, buttons: seen.buttons };
    shown.set(result, message);
    return result;
  }
}
