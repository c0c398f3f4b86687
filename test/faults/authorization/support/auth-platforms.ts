import {
  DiscordEmulator,
  type EmulatedGuild,
  type EmulatedMember,
} from "../../../../emulators/discord/discord-emulator.ts";
import type { EmulatedGroup, EmulatedPerson } from "../../../../emulators/telegram/emulator-user.ts";
import { databaseUrl } from "../../../../src/app/config.ts";
import { ActionCodec } from "../../../../src/core/actions/action-codec.ts";
import type { Platform } from "../../../../src/core/domain/platform.ts";
import type { ActionRef } from "../../../../src/core/ports/view.ts";
import { actionEncoder } from "../../../../src/platforms/discord/discord.ids.ts";
import { callbackEncoder } from "../../../../src/platforms/telegram/telegram.ids.ts";
import { type AppOnEmulator, eventually, startAppOnEmulator } from "../../../e2e/discord/support/harness.ts";
import { answerOf } from "../../../e2e/discord/support/seen.ts";
import { commandText } from "../../../e2e/telegram/telegram.driver.ts";
import { startTelegramApp, type TelegramTestApp } from "../../../e2e/telegram/telegram-harness.ts";
import { type TestApp, testSecret } from "../../../support/test-app.ts";
import { ChangeLog } from "../../bad-input/support/change-log.ts";

/** Who acts in a community: its moderator (a platform administrator) or a plain member. */
export type Role = "moderator" | "member" | "asker";

/** Option values as both platforms' clients send them. */
export type Options = Record<string, string | number | boolean>;

/**
 * One platform, through its real client and emulator, with two communities "a" and "b": people there run
 * commands and press buttons carrying any action, signed as Circolo signs them for a community.
 */
export interface AuthPlatform {
  readonly platform: Platform;
  readonly app: TestApp;
  readonly changes: ChangeLog;
  /** The platform's id of a community. */
  communityId(community: "a" | "b"): string;
  /** Runs a command; resolves with the text the person sees in answer. */
  command(community: "a" | "b", role: Role, name: string, options?: Options, subcommand?: string): Promise<string>;
  /** Presses a button carrying `data` (custom_id / callback_data) in a community; resolves with the answer's text. */
  press(community: "a" | "b", role: Role, data: string): Promise<string>;
  /** The data of a button for an action, signed for a community's channel as Circolo signs it. */
  sign(community: "a" | "b", action: ActionRef): string;
  stop(): Promise<void>;
}

const codec = new ActionCodec(testSecret);

/** How many plain members each community has; each must be seen once before changes are watched. */
export const membersPerCommunity = 4;

/** Telegram: the real grammY Bot against the Bot API emulator. */
export async function startTelegramPlatform(): Promise<AuthPlatform> {
  const running: TelegramTestApp = await startTelegramApp("polling");
  const { emulator, app } = running;
  const owner = emulator.person({ firstName: "Owner", languageCode: "en" });
  const groups = { a: emulator.group("Gelateria A", owner), b: emulator.group("Gelateria B", owner) };
  const people = new Map<string, EmulatedPerson>();
  for (const group of Object.values(groups)) group.addBot(owner);
  await eventually(async () => (await app.database.prisma.community.count()) === 2);
  let turn = 0;
  /** Plain members take turns: Telegram allows about one message a second in each private chat. */
  const person = (community: "a" | "b", role: Role): EmulatedPerson => {
    if (role === "moderator") return owner;
    turn += 1;
    const key = `${community}:${role}:${role === "member" ? turn % membersPerCommunity : 0}`;
    if (!people.has(key)) {
      const someone = emulator.person({ languageCode: "en" });
      groups.a.join(someone, "member");
      groups.b.join(someone, "member");
      someone.hasStartedBot();
      people.set(key, someone);
    }
    return people.get(key)!;
  };
  owner.hasStartedBot();
  const say = async (group: EmulatedGroup, who: EmulatedPerson, text: string) => {
    const before = emulator.botMessages(who.id).length;
    const typed = who.say(text, group);
    const answer = await emulator.waitFor(
      () =>
        emulator.botMessages(who.id)[before] ??
        emulator.botMessages(group.id).find((m) => m.replyTo === typed.messageId),
      `the answer to ${text.slice(0, 40)}`,
      60_000,
    );
    return emulator.seen(answer).text;
  };
  let changes: ChangeLog | null = null;
  return {
    platform: "telegram",
    app,
    get changes() {
      changes ??= ChangeLog.install(databaseUrl(app.config));
      return changes;
    },
    communityId: (community) => String(groups[community].id),
    command: (community, role, name, options = {}, subcommand) =>
      say(groups[community], person(community, role), commandText(name, options, subcommand)),
    async press(community, role, data) {
      const group = groups[community];
      const target = emulator.botMessages(group.id).at(-1) ?? emulator.botMessages(owner.id).at(-1);
      if (!target) throw new Error("no bot message to press a button on");
      const id = person(community, role).pressData(target, data);
      const answer = await emulator.waitFor(() => emulator.callbackAnswer(id), "the answer to a button press", 60_000);
      return answer.text ?? "";
    },
    sign: (community, action) =>
      callbackEncoder(codec, { kind: "group", chatId: String(groups[community].id) })(action),
    async stop() {
      changes?.close();
      await running.stop();
    },
  };
}

/** Discord: the real discord.js Client against the Discord emulator. */
export async function startDiscordPlatform(): Promise<AuthPlatform> {
  const emulator = await DiscordEmulator.start({ responseDeadlineMs: 10_000 });
  const running: AppOnEmulator = await startAppOnEmulator(emulator);
  const guilds = { a: emulator.addGuild("Gelateria A"), b: emulator.addGuild("Gelateria B") };
  const communities = running.app.services.repositories.communities;
  for (const guild of Object.values(guilds))
    await eventually(async () => (await communities.findByPlatformId("discord", guild.id))?.active === true);
  const members = new Map<string, EmulatedMember>();
  const member = (community: "a" | "b", role: Role) => {
    const key = `${community}:${role}`;
    if (!members.has(key))
      members.set(key, guilds[community].member({ moderator: role === "moderator", locale: "en-US" }));
    return members.get(key)!;
  };
  const guild = (community: "a" | "b"): EmulatedGuild => guilds[community];
  let changes: ChangeLog | null = null;
  return {
    platform: "discord",
    app: running.app,
    get changes() {
      changes ??= ChangeLog.install(databaseUrl(running.app.config));
      return changes;
    },
    communityId: (community) => guilds[community].id,
    async command(community, role, name, options = {}, subcommand) {
      // A server's admins can open any command to everyone in Discord's settings: Circolo must still refuse.
      guild(community).allowCommandForEveryone(name);
      const seen = await answerOf(member(community, role).command(name, options, subcommand ? { subcommand } : {}));
      return seen.text || seen.modalTitle || "";
    },
    async press(community, role, data) {
      const seen = await answerOf(member(community, role).pressCustomId(data));
      return seen.text || seen.modalTitle || "";
    },
    sign: (community, action) => actionEncoder(codec, guilds[community].id)(action),
    async stop() {
      changes?.close();
      await running.stop();
      await emulator.close();
    },
  };
}
