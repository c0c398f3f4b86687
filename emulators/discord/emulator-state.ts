import { snowflake } from "./snowflake.ts";

/** Permission bits the emulator computes with (Discord's values). */
export const permissions = {
  administrator: 1n << 3n,
  manageGuild: 1n << 5n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  readMessageHistory: 1n << 16n,
  useApplicationCommands: 1n << 31n,
} as const;

const everyonePermissions =
  permissions.viewChannel |
  permissions.sendMessages |
  permissions.embedLinks |
  permissions.readMessageHistory |
  permissions.useApplicationCommands;
const allPermissions = (1n << 53n) - 1n;

export interface EmuUser {
  readonly id: string;
  readonly username: string;
  readonly global_name: string | null;
  readonly discriminator: "0";
  readonly avatar: null;
  readonly bot?: boolean;
  readonly flags: 0;
  readonly public_flags: 0;
}

export interface EmuRole {
  readonly id: string;
  readonly name: string;
  readonly permissions: string;
  readonly position: number;
  readonly color: 0;
  readonly hoist: false;
  readonly managed: false;
  readonly mentionable: false;
  readonly icon: null;
  readonly unicode_emoji: null;
  readonly flags: 0;
}

export interface EmuChannel {
  readonly id: string;
  readonly type: 0 | 1;
  readonly guild_id?: string;
  readonly name?: string;
  readonly position?: number;
  readonly permission_overwrites?: [];
  readonly recipients?: EmuUser[];
  readonly parent_id?: null;
  readonly nsfw?: false;
  readonly topic?: null;
  readonly rate_limit_per_user?: 0;
  readonly last_message_id: null;
}

export interface EmuMember {
  readonly user: EmuUser;
  roles: string[];
  readonly joined_at: string;
  /** The client language of this person (interaction.locale). */
  readonly locale: string;
  /** Whether the person accepts direct messages from the bot. */
  acceptsDirectMessages: boolean;
}

export interface EmuGuild {
  readonly id: string;
  name: string;
  readonly ownerId: string;
  readonly roles: EmuRole[];
  readonly channels: EmuChannel[];
  readonly members: Map<string, EmuMember>;
  /** Whether the bot is in the guild (added and not removed). */
  botPresent: boolean;
  /** False during a guild outage. */
  available: boolean;
  /** Commands a server admin made visible to everyone in Server Settings → Integrations. */
  readonly commandOverrides: Set<string>;
}

/** A message as the emulator stores and returns it. */
export interface EmuMessage {
  readonly id: string;
  readonly channel_id: string;
  readonly guild_id?: string;
  readonly author: EmuUser;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: { id: string; filename: string; size: number; content_type?: string }[];
  flags: number;
  readonly type: number;
  readonly timestamp: string;
  edited_timestamp: string | null;
  readonly webhook_id?: string;
  readonly application_id?: string;
  readonly interaction_metadata?: { id: string; type: number; user: EmuUser; authorizing_integration_owners: object };
  /** Emulator bookkeeping: how many times the message was edited; not sent to clients. */
  edits: number;
  /** Emulator bookkeeping: a deferred reply's placeholder, not yet written by the bot. */
  loading: boolean;
  deleted: boolean;
}

/** A registered application command, as PUT and returned. */
export interface EmuCommand {
  readonly id: string;
  readonly application_id: string;
  readonly guild_id?: string;
  readonly version: string;
  readonly name: string;
  readonly type?: number;
  readonly default_member_permissions?: string | null;
  readonly contexts?: number[];
  readonly options?: { type: number; name: string; options?: { type: number; name: string }[] }[];
  readonly [key: string]: unknown;
}

/** Everything the emulated Discord knows. */
export class EmulatorState {
  readonly applicationId = snowflake();
  readonly botUser: EmuUser = {
    id: this.applicationId,
    username: "circolo-bot",
    global_name: "Circolo",
    discriminator: "0",
    avatar: null,
    bot: true,
    flags: 0,
    public_flags: 0,
  };
  readonly guilds = new Map<string, EmuGuild>();
  readonly users = new Map<string, EmuUser>([[this.botUser.id, this.botUser]]);
  readonly channels = new Map<string, EmuChannel>();
  readonly messages = new Map<string, EmuMessage>();
  readonly globalCommands: EmuCommand[] = [];
  readonly guildCommands = new Map<string, EmuCommand[]>();
  /** The shard count GET /gateway/bot recommends (the client's `shards: "auto"` follows it). */
  recommendedShards = 1;

  createUser(username: string): EmuUser {
    const user: EmuUser = {
      id: snowflake(),
      username,
      global_name: username,
      discriminator: "0",
      avatar: null,
      flags: 0,
      public_flags: 0,
    };
    this.users.set(user.id, user);
    return user;
  }

  createGuild(name: string): EmuGuild {
    const id = snowflake();
    const owner = this.createUser(`owner-of-${id.slice(-4)}`);
    const channel: EmuChannel = {
      id: snowflake(),
      type: 0,
      guild_id: id,
      name: "general",
      position: 0,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
      topic: null,
      rate_limit_per_user: 0,
      last_message_id: null,
    };
    this.channels.set(channel.id, channel);
    const guild: EmuGuild = {
      id,
      name,
      ownerId: owner.id,
      roles: [
        role(id, "@everyone", everyonePermissions, 0),
        role(snowflake(), "Moderators", permissions.manageGuild, 1),
      ],
      channels: [channel],
      members: new Map(),
      botPresent: false,
      available: true,
      commandOverrides: new Set(),
    };
    guild.members.set(owner.id, member(owner, [], "en-US"));
    guild.members.set(this.botUser.id, member(this.botUser, [], "en-US"));
    this.guilds.set(id, guild);
    return guild;
  }

  addRole(guild: EmuGuild, name: string, bits: bigint): EmuRole {
    const created = role(snowflake(), name, bits, guild.roles.length);
    guild.roles.push(created);
    return created;
  }

  addMember(guild: EmuGuild, username: string, roles: string[], locale: string): EmuMember {
    const created = member(this.createUser(username), roles, locale);
    guild.members.set(created.user.id, created);
    return created;
  }

  /** The member's permissions in the guild, as Discord computes them (owner and Administrator get all). */
  permissionsOf(guild: EmuGuild, userId: string): bigint {
    if (userId === guild.ownerId) return allPermissions;
    const roleIds = new Set([guild.id, ...(guild.members.get(userId)?.roles ?? [])]);
    let bits = 0n;
    for (const r of guild.roles) if (roleIds.has(r.id)) bits |= BigInt(r.permissions);
    return bits & permissions.administrator ? allPermissions : bits;
  }

  /** A direct-message channel between the bot and a user, created on first use. */
  dmChannel(user: EmuUser): EmuChannel {
    for (const channel of this.channels.values()) {
      if (channel.type === 1 && channel.recipients?.[0]?.id === user.id) return channel;
    }
    const channel: EmuChannel = { id: snowflake(), type: 1, recipients: [user], last_message_id: null };
    this.channels.set(channel.id, channel);
    return channel;
  }
}

function role(id: string, name: string, bits: bigint, position: number): EmuRole {
  return {
    id,
    name,
    permissions: String(bits),
    position,
    color: 0,
    hoist: false,
    managed: false,
    mentionable: false,
    icon: null,
    unicode_emoji: null,
    flags: 0,
  };
}

function member(user: EmuUser, roles: string[], locale: string): EmuMember {
  return { user, roles, joined_at: new Date().toISOString(), locale, acceptsDirectMessages: true };
}
