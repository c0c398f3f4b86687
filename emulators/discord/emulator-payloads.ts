import type { EmuGuild, EmulatorState, EmuMember, EmuMessage } from "./emulator-state.ts";

// Discord's API shapes built from the emulator's state, without the emulator's bookkeeping fields.

/** A member as the API returns it (no emulator bookkeeping). */
export function memberPayload(m: EmuMember): object {
  return {
    user: m.user,
    roles: m.roles,
    joined_at: m.joined_at,
    nick: null,
    avatar: null,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** A message as the API returns it (emulator bookkeeping left out). */
export function messagePayload(message: EmuMessage): object {
  const { edits: _edits, loading: _loading, deleted: _deleted, ...rest } = message;
  return {
    ...rest,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
  };
}

/** The full GUILD_CREATE payload: channels, roles (with @everyone) and the bot's member. */
export function guildCreatePayload(state: EmulatorState, guild: EmuGuild): object {
  const bot = guild.members.get(state.botUser.id);
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: "en-US",
    system_channel_id: guild.channels[0]?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    application_id: null,
    vanity_url_code: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    features: [],
    roles: guild.roles,
    emojis: [],
    stickers: [],
    joined_at: bot?.joined_at ?? new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    members: bot ? [memberPayload(bot)] : [],
    channels: guild.channels,
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}
