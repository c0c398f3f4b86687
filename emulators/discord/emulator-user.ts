import type { GatewayServer } from "./emulator-gateway.ts";
import { EmuInteraction, type InteractionDesk } from "./emulator-interactions.ts";
import { storeMessage } from "./emulator-messages.ts";
import { memberPayload, messagePayload } from "./emulator-payloads.ts";
import {
  type EmuChannel,
  type EmuCommand,
  type EmuGuild,
  type EmulatorState,
  type EmuMember,
  type EmuMessage,
  permissions,
} from "./emulator-state.ts";

/** The emulator's parts the user side drives. */
export interface UserSideContext {
  readonly state: EmulatorState;
  readonly gateway: GatewayServer;
  readonly desk: InteractionDesk;
  readonly limits: { responseDeadlineMs: number; tokenLifetimeMs: number };
}

type OptionValue = string | number | boolean;

/** A guild the bot is in, seen from the people using it. */
export class EmulatedGuild {
  constructor(
    readonly context: UserSideContext,
    readonly state: EmuGuild,
  ) {}

  get id(): string {
    return this.state.id;
  }

  /** The guild's text channel (#general). */
  get channelId(): string {
    return (this.state.channels[0] as EmuChannel).id;
  }

  /** A new person in the guild; `moderator` gives the Moderators role, which has Manage Server. */
  member(options: { moderator?: boolean; locale?: string; roles?: string[]; name?: string } = {}): EmulatedMember {
    const moderatorRole = this.state.roles.find((r) => r.name === "Moderators")?.id;
    const roles = [...(options.roles ?? []), ...(options.moderator && moderatorRole ? [moderatorRole] : [])];
    const name = options.name ?? `member${this.state.members.size}`;
    const created = this.context.state.addMember(this.state, name, roles, options.locale ?? "en-US");
    return new EmulatedMember(this.context, this.state, created);
  }

  /** Creates a role (GUILD_ROLE_CREATE reaches the bot) and returns its id. */
  addRole(name: string, bits = 0n): string {
    const created = this.context.state.addRole(this.state, name, bits);
    this.context.gateway.dispatch("GUILD_ROLE_CREATE", { guild_id: this.id, role: created }, this.id);
    return created.id;
  }

  /** What a server admin does in Server Settings → Integrations: shows a moderator command to everyone. */
  allowCommandForEveryone(name: string): void {
    this.state.commandOverrides.add(name);
  }

  /** The messages in #general, oldest first (deleted ones left out). */
  messages(): EmuMessage[] {
    return [...this.context.state.messages.values()].filter((m) => m.channel_id === this.channelId && !m.deleted);
  }
}

/**
 * One person acting through Discord's UI: each method dispatches an INTERACTION_CREATE as Discord
 * would (member, permissions, roles, locale) and returns the interaction to await answers on.
 */
export class EmulatedMember {
  constructor(
    readonly context: UserSideContext,
    readonly guild: EmuGuild,
    readonly member: EmuMember,
  ) {}

  get userId(): string {
    return this.member.user.id;
  }

  /** Whether the bot may open a direct message with this person. */
  set acceptsDirectMessages(value: boolean) {
    this.member.acceptsDirectMessages = value;
  }

  /** Runs a slash command; Discord refuses commands the member cannot see or options the command lacks. */
  command(
    name: string,
    options: Readonly<Record<string, OptionValue>> = {},
    extra: { subcommand?: string; direct?: boolean } = {},
  ): EmuInteraction {
    const command = this.#findCommand(name, extra.direct ?? false);
    const subcommand = extra.subcommand
      ? command.options?.find((o) => o.type === 1 && o.name === extra.subcommand)
      : undefined;
    if (extra.subcommand && !subcommand) throw new Error(`/${name} has no subcommand ${extra.subcommand}`);
    // A subcommand without options (`/mydata export`) has no options array at all.
    const declared = extra.subcommand ? (subcommand?.options ?? []) : command.options;
    const values = Object.entries(options).map(([key, value]) => {
      const option = declared?.find((o) => o.name === key);
      if (!option) throw new Error(`/${name} has no option ${key}`);
      return { name: key, type: option.type, value };
    });
    const data = {
      id: command.id,
      name,
      type: 1,
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      options: extra.subcommand ? [{ type: 1, name: extra.subcommand, options: values }] : values,
    };
    return this.#dispatch(2, data, null, extra.direct ?? false);
  }

  /** Clicks the button with this label on a message. */
  click(message: EmuMessage | string, label: string): EmuInteraction {
    const target = this.#message(message);
    const buttons = components(target).filter((c) => c.type === 2);
    const button = buttons.find((b) => b.label === label);
    if (!button?.custom_id)
      throw new Error(`no button "${label}"; the message has ${buttons.map((b) => b.label).join(", ")}`);
    return this.#dispatch(3, { custom_id: button.custom_id, component_type: 2 }, target);
  }

  /**
   * Presses a button carrying any custom_id (forged or from an old message). Without a message, a bot
   * message with that button is made up, as if it had been posted long ago.
   */
  pressCustomId(customId: string, message?: EmuMessage): EmuInteraction {
    const channel = this.#channel(false);
    const target =
      message ??
      storeMessage(
        this.context.state,
        channel,
        {
          content: "an old message",
          components: [{ type: 1, components: [{ type: 2, style: 1, label: "Old", custom_id: customId }] }],
        },
        [],
      );
    return this.#dispatch(3, { custom_id: customId, component_type: 2 }, target);
  }

  /** Picks values in the (first) select menu of a message; only offered values can be picked. */
  select(message: EmuMessage | string, values: readonly string[]): EmuInteraction {
    const target = this.#message(message);
    const menu = components(target).find((c) => c.type === 3);
    if (!menu?.custom_id) throw new Error("the message has no select menu");
    const offered = new Set((menu.options ?? []).map((o) => o.value));
    for (const value of values) if (!offered.has(value)) throw new Error(`the select menu offers no "${value}"`);
    return this.#dispatch(3, { custom_id: menu.custom_id, component_type: 3, values }, target);
  }

  /** Fills in and submits the modal an interaction answered with. */
  submitModal(opened: EmuInteraction, fields: Readonly<Record<string, string>>): EmuInteraction {
    const shown = opened.answers.find((a) => a.kind === "modal");
    if (shown?.kind !== "modal") throw new Error("that interaction showed no modal");
    const submitted = shown.modal.components.map((c) =>
      c.component
        ? {
            type: 18,
            component: { type: 4, custom_id: c.component.custom_id, value: fields[c.component.custom_id] ?? "" },
          }
        : {
            type: 1,
            components: (c.components ?? []).map((x) => ({
              type: 4,
              custom_id: x.custom_id,
              value: fields[x.custom_id] ?? "",
            })),
          },
    );
    const source = opened.sourceMessageId ? this.context.state.messages.get(opened.sourceMessageId) : undefined;
    return this.#dispatch(5, { custom_id: shown.modal.custom_id, components: submitted }, source ?? null);
  }

  #findCommand(name: string, direct: boolean): EmuCommand {
    const { state } = this.context;
    const guildCommand = direct ? undefined : state.guildCommands.get(this.guild.id)?.find((c) => c.name === name);
    const command = guildCommand ?? state.globalCommands.find((c) => c.name === name);
    if (!command) throw new Error(`/${name} is not registered`);
    if (direct && !(command.contexts ?? [0, 1, 2]).includes(1)) throw new Error(`/${name} is not offered in DMs`);
    const needed = command.default_member_permissions;
    if (!direct && needed && !this.guild.commandOverrides.has(name)) {
      const has = state.permissionsOf(this.guild, this.userId);
      if ((has & BigInt(needed)) !== BigInt(needed)) throw new Error(`/${name} is hidden from this member`);
    }
    return command;
  }

  #message(message: EmuMessage | string): EmuMessage {
    const found = typeof message === "string" ? this.context.state.messages.get(message) : message;
    if (!found || found.deleted) throw new Error("no such message");
    return found;
  }

  #channel(direct: boolean): EmuChannel {
    return direct ? this.context.state.dmChannel(this.member.user) : (this.guild.channels[0] as EmuChannel);
  }

  #dispatch(type: 2 | 3 | 5, data: object, message: EmuMessage | null, direct = false): EmuInteraction {
    const { state, desk, gateway, limits } = this.context;
    const channel = message ? (state.channels.get(message.channel_id) as EmuChannel) : this.#channel(direct);
    const interaction = new EmuInteraction(type, channel, this.member.user, message?.id ?? null, { ...limits });
    desk.track(interaction);
    const inGuild = channel.type === 0;
    const payload = {
      id: interaction.id,
      application_id: state.applicationId,
      type,
      token: interaction.token,
      version: 1,
      data,
      channel_id: channel.id,
      channel,
      locale: this.member.locale,
      app_permissions: String(state.permissionsOf(this.guild, state.botUser.id) | permissions.sendMessages),
      entitlements: [],
      attachment_size_limit: 10_485_760,
      ...(message ? { message: messagePayload(message) } : {}),
      ...(inGuild
        ? {
            guild_id: this.guild.id,
            guild: { id: this.guild.id, locale: "en-US", features: [] },
            guild_locale: "en-US",
            member: {
              ...memberPayload(this.member),
              permissions: String(state.permissionsOf(this.guild, this.userId)),
            },
            authorizing_integration_owners: { "0": this.guild.id },
            context: 0,
          }
        : { user: this.member.user, authorizing_integration_owners: { "0": this.guild.id }, context: 1 }),
    };
    gateway.dispatch("INTERACTION_CREATE", payload, inGuild ? this.guild.id : null);
    return interaction;
  }
}

interface SeenComponent {
  type: number;
  label?: string;
  custom_id?: string;
  options?: { value: string }[];
}

function components(message: EmuMessage): SeenComponent[] {
  return (message.components as { components?: SeenComponent[] }[]).flatMap((row) => row.components ?? []);
}
