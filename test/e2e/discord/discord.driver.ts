import {
  DiscordEmulator,
  type EmulatedGuild,
  type EmulatedMember,
} from "../../../emulators/discord/discord-emulator.ts";
import type { CommunityHandle, MemberHandle, PlatformDriver, SeenMessage } from "../../scenarios/platform-driver.ts";
import type { TestApp } from "../../support/test-app.ts";
import { type AppOnEmulator, eventually, startAppOnEmulator } from "./support/harness.ts";
import { answerOf, type DiscordSeen, seen } from "./support/seen.ts";

/** A custom_id in Circolo's format whose signature is made up. */
export const forgedCustomId = "1.pv_t.analytics.1~AAAAAAAAAA";

/** The shared platform scenarios on Discord: the real app and discord.js Client against the emulator. */
export class DiscordDriver implements PlatformDriver {
  readonly platform = "discord" as const;
  #running: AppOnEmulator | null = null;

  get app(): TestApp {
    if (!this.#running) throw new Error("the driver is not started");
    return this.#running.app;
  }

  async start(): Promise<void> {
    // The scenarios prove behaviour, not latency: on a loaded 2-core CI machine 200 simultaneous clicks can
    // push a deferral past 3 s. The deadline itself is tested in discord.app.test.ts; latency by the bench.
    const emulator = await DiscordEmulator.start({ responseDeadlineMs: 10_000 });
    try {
      this.#running = await startAppOnEmulator(emulator);
    } catch (error) {
      await emulator.close();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.#running?.stop();
    await this.#running?.emulator.close();
    this.#running = null;
  }

  async createCommunity(title: string): Promise<CommunityHandle> {
    if (!this.#running) throw new Error("the driver is not started");
    const guild = this.#running.emulator.addGuild(title);
    const communities = this.#running.app.services.repositories.communities;
    await eventually(async () => (await communities.findByPlatformId("discord", guild.id))?.active === true);
    return new DiscordCommunity(guild);
  }
}

class DiscordCommunity implements CommunityHandle {
  readonly #guild: EmulatedGuild;

  constructor(guild: EmulatedGuild) {
    this.#guild = guild;
  }

  get platformId(): string {
    return this.#guild.id;
  }

  async lastPost(): Promise<SeenMessage> {
    const message = this.#guild
      .messages()
      .filter((m) => !m.interaction_metadata && (m.flags & 64) === 0)
      .at(-1);
    if (!message) throw new Error("the bot posted nothing in the guild's channel");
    return seen({ kind: "reply", message });
  }

  async member(options: { moderator?: boolean; locale?: string } = {}): Promise<MemberHandle> {
    return new DiscordMember(
      this.#guild.member({ moderator: options.moderator ?? false, locale: options.locale ?? "en-US" }),
    );
  }
}

class DiscordMember implements MemberHandle {
  readonly #member: EmulatedMember;

  constructor(member: EmulatedMember) {
    this.#member = member;
  }

  get userId(): string {
    return this.#member.userId;
  }

  command(
    name: string,
    options: Record<string, string | number | boolean> = {},
    subcommand?: string,
  ): Promise<SeenMessage> {
    return answerOf(this.#member.command(name, options, subcommand ? { subcommand } : {}));
  }

  click(message: SeenMessage, label: string): Promise<SeenMessage> {
    const shown = (message as DiscordSeen).message;
    if (!shown) throw new Error("that answer was not a message");
    return answerOf(this.#member.click(shown.id, label));
  }

  clickForged(): Promise<SeenMessage> {
    return answerOf(this.#member.pressCustomId(forgedCustomId));
  }
}
