import {
  ApplicationCommandOptionType,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  ComponentType,
  GuildMember,
  type Interaction,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  type StringSelectMenuInteraction,
} from "discord.js";
import type { ActionCodec } from "../../core/actions/action-codec.ts";
import type { Inbound, InboundRequest } from "../../core/pipeline/inbound.ts";
import { decodeCustomId, guildOfDirectCustomId } from "./discord.ids.ts";

/** The interactions Circolo answers: slash commands, buttons, string selects and modal submits. */
export type RoutedInteraction =
  | ChatInputCommandInteraction
  | ButtonInteraction
  | StringSelectMenuInteraction
  | ModalSubmitInteraction;

/** Whether the adapter routes this interaction to the core (autocomplete, context menus and others are not used). */
export function isRouted(interaction: Interaction): interaction is RoutedInteraction {
  return (
    interaction.isChatInputCommand() ||
    interaction.isButton() ||
    interaction.isStringSelectMenu() ||
    interaction.isModalSubmit()
  );
}

/** An interaction decoded for the core, or refused because its custom_id does not verify. */
export type DecodedInteraction = { readonly ok: true; readonly inbound: Inbound } | { readonly ok: false };

/**
 * Turns an interaction into the core's Inbound. Moderator status comes from Discord's Manage Server
 * permission (the pipeline adds the community's moderator roles); the raw user id only travels to the
 * pipeline, which derives the pseudonym from it and stores nothing else, and sealed as the notify address.
 */
export function toInbound(
  interaction: RoutedInteraction,
  input: {
    actions: ActionCodec;
    receivedAt: Date;
    guildTitle: string | null;
    /** For a button in a direct message that acts for a guild: that guild, if Circolo still serves it. */
    actsFor?: { readonly platformId: string; readonly title: string; readonly roles: readonly string[] } | null;
  },
): DecodedInteraction {
  const request = toRequest(interaction, input.actions);
  if (!request) return { ok: false };
  const guildId = interaction.guildId;
  const claimed = guildId === null && "customId" in interaction ? guildOfDirectCustomId(interaction.customId) : null;
  if (claimed !== null && input.actsFor?.platformId !== claimed) return { ok: false };
  return {
    ok: true,
    inbound: {
      platform: "discord",
      updateId: interaction.id,
      receivedAt: input.receivedAt,
      community: guildId
        ? { platformId: guildId, title: input.guildTitle ?? guildId }
        : claimed !== null && input.actsFor
          ? { platformId: input.actsFor.platformId, title: input.actsFor.title }
          : null,
      channelId: interaction.channelId,
      user: {
        id: interaction.user.id,
        languageTag: interaction.locale ?? null,
        isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
        roles: input.actsFor && claimed !== null ? [...input.actsFor.roles] : memberRoles(interaction),
      },
      request,
      // Sealed: a later answer mentions this person without Circolo keeping their id in clear.
      notifyAddress: input.actions.seal(interaction.user.id),
    },
  };
}

/** The slash command's subcommand and option values, by name (users, channels and roles as their ids). */
export function commandOptions(data: readonly CommandInteractionOption[]): {
  subcommand: string | null;
  options: Record<string, unknown>;
} {
  const sub = data.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const group = data.find((o) => o.type === ApplicationCommandOptionType.SubcommandGroup);
  // The registry declares no subcommand groups; a group's subcommand is still read, so nothing is lost.
  const nested = sub ?? group?.options?.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const values = nested ? (nested.options ?? []) : data;
  const options: Record<string, unknown> = {};
  for (const option of values) if (option.value !== undefined) options[option.name] = option.value;
  return { subcommand: nested?.name ?? null, options };
}

/** The text fields of a submitted modal, by field id. */
export function modalFields(interaction: ModalSubmitInteraction): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [id, field] of interaction.fields.fields) {
    if (field.type === ComponentType.TextInput) fields[id] = field.value;
  }
  return fields;
}

function toRequest(interaction: RoutedInteraction, actions: ActionCodec): InboundRequest | null {
  if (interaction.isChatInputCommand()) {
    const { subcommand, options } = commandOptions(interaction.options.data);
    return { type: "command", name: interaction.commandName, subcommand, options };
  }
  const action = decodeCustomId(actions, interaction.customId, interaction.guildId);
  if (!action) return null;
  if (interaction.isStringSelectMenu()) return { type: "action", ...action, values: interaction.values };
  if (interaction.isModalSubmit()) return { type: "action", ...action, fields: modalFields(interaction) };
  return { type: "action", ...action };
}

/** The member's role ids (without @everyone, whose id is the guild's). */
function memberRoles(interaction: RoutedInteraction): string[] {
  const member = interaction.member;
  if (!member) return [];
  if (member instanceof GuildMember) return [...member.roles.cache.keys()].filter((id) => id !== interaction.guildId);
  return [...member.roles];
}
