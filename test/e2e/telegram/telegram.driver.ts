import { commandText } from "../../../demo/telegram-side.ts";
import type { EmulatedMessage } from "../../../emulators/telegram/emulator-state.ts";
import type { EmulatedGroup, EmulatedPerson } from "../../../emulators/telegram/emulator-user.ts";
import type { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import type { CommunityHandle, MemberHandle, PlatformDriver, SeenMessage } from "../../scenarios/platform-driver.ts";
import type { TestApp } from "../../support/test-app.ts";
import { type DeliveryMode, startTelegramApp, type TelegramTestApp } from "./telegram-harness.ts";

/**
 * Runs the platform-neutral scenarios on Telegram: the real app and the real grammY Bot against the
 * Bot API emulator. Members type commands in the documented text syntax; what they see is the bot's
 * answer in their private chat or under their message in the group, or the toast of a button.
 */
export class TelegramDriver implements PlatformDriver {
  readonly platform = "telegram" as const;
  readonly #mode: DeliveryMode;
  #running: TelegramTestApp | null = null;

  constructor(mode: DeliveryMode = "polling") {
    this.#mode = mode;
  }

  get app(): TestApp {
    return this.#started.app;
  }

  get emulator(): TelegramEmulator {
    return this.#started.emulator;
  }

  async start(): Promise<void> {
    this.#running = await startTelegramApp(this.#mode);
  }

  async stop(): Promise<void> {
    await this.#running?.stop();
    this.#running = null;
  }

  async createCommunity(title: string): Promise<CommunityHandle> {
    const { emulator, app } = this.#started;
    const owner = emulator.person({ firstName: "Owner" });
    const group = emulator.group(title, owner);
    group.addBot(owner);
    const platformId = String(group.id);
    await waitUntil(
      async () => (await app.database.repositories.communities.findByPlatformId("telegram", platformId)) !== null,
      `community ${title}`,
    );
    return {
      platformId,
      member: async (options = {}) => {
        const person = emulator.person({ ...(options.locale ? { languageCode: options.locale } : {}) });
        group.join(person, options.moderator ? "administrator" : "member");
        person.hasStartedBot();
        return new TelegramMember(emulator, group, person);
      },
      lastPost: async () => {
        const message = emulator
          .botMessages(group.id)
          .filter((m) => m.replyTo === null)
          .at(-1);
        if (!message) throw new Error("the bot posted nothing in the group");
        const seenText = emulator.seen(message);
        const result: SeenMessage = { text: seenText.text, buttons: seenText.buttons, private: false };
        shown.set(result, message);
        return result;
      },
    };
  }

  get #started(): TelegramTestApp {
    if (!this.#running) throw new Error("the Telegram driver is not started");
    return this.#running;
  }
}

/** Which emulator message a SeenMessage shows, so a click can find its buttons. */
const shown = new WeakMap<SeenMessage, EmulatedMessage>();

class TelegramMember implements MemberHandle {
  readonly #emulator: TelegramEmulator;
  readonly #group: EmulatedGroup;
  readonly #person: EmulatedPerson;

  constructor(emulator: TelegramEmulator, group: EmulatedGroup, person: EmulatedPerson) {
    this.#emulator = emulator;
    this.#group = group;
    this.#person = person;
  }

  get userId(): string {
    return String(this.#person.id);
  }

  async command(
    name: string,
    options: Record<string, string | number | boolean> = {},
    subcommand?: string,
  ): Promise<SeenMessage> {
    const before = this.#emulator.botMessages(this.#person.id).length;
    const typed = this.#person.say(commandText(name, options, subcommand), this.#group);
    const answer = await this.#emulator.waitFor(
      () =>
        this.#emulator.botMessages(this.#person.id)[before] ??
        this.#emulator.botMessages(this.#group.id).find((m) => m.replyTo === typed.messageId),
      `the answer to /${name}`,
    );
    return this.#see(answer);
  }

  async click(message: SeenMessage, label: string): Promise<SeenMessage> {
    const target = shown.get(message);
    if (!target) throw new Error("this message was not seen through the Telegram driver");
    return this.#press(target, (m) => this.#person.press(m, label));
  }

  async clickForged(): Promise<SeenMessage> {
    let target = this.#emulator.botMessages(this.#person.id).at(-1);
    if (!target) target = shown.get(await this.command("help"));
    // Well-formed callback data naming the group, with a signature Circolo never made.
    return this.#press(target!, (m) => this.#person.pressData(m, `${this.#group.id}@1.pv_t.analytics.1~AAAAAAAAAA`));
  }

  /**
   * Presses a button; what the person sees next is a toast, a new message in their private chat (a personal
   * answer to a group button, sent before the press is answered), the message edited, or a new message.
   */
  async #press(target: EmulatedMessage, press: (message: EmulatedMessage) => string): Promise<SeenMessage> {
    const edits = target.edits;
    const count = this.#emulator.botMessages(target.chatId).length;
    const privateCount = this.#emulator.botMessages(this.#person.id).length;
    const queryId = press(target);
    return this.#emulator.waitFor(() => {
      const answer = this.#emulator.callbackAnswer(queryId);
      if (!answer) return null;
      if (answer.text) return { text: answer.text, buttons: [], private: true };
      const personal = target.chatId !== this.#person.id && this.#emulator.botMessages(this.#person.id)[privateCount];
      if (personal) return this.#see(personal);
      if (target.edits > edits) return this.#see(target);
      const added = this.#emulator.botMessages(target.chatId)[count];
      return added ? this.#see(added) : null;
    }, "the answer to a button press");
  }

  #see(message: EmulatedMessage): SeenMessage {
    const seen = this.#emulator.seen(message);
    const result: SeenMessage = { text: seen.text, buttons: seen.buttons, private: message.chatId === this.#person.id };
    shown.set(result, message);
    return result;
  }
}

/** Polls an async condition (the database is not an event source). */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The typed form of a command, shared with the demo (demo/telegram-side.ts). */
export { commandText };
