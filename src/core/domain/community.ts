import { z } from "zod";
import type { Locale, Platform } from "./platform.ts";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (24-hour)");

/** A community's settings, stored as JSON and re-parsed on every read. Defaults make a new community usable. */
export const communitySettingsSchema = z.object({
  /** Local times between which no prompt is delivered (may wrap past midnight). */
  quietHours: z.object({ start: hhmm, end: hhmm }).nullable().default({ start: "22:00", end: "08:00" }),
  /** Direct prompts a member may receive per week. */
  weeklyPromptCap: z.number().int().min(0).max(50).default(3),
  /** Where marketers and moderators read digests and the moderation queue. */
  staffChannelId: z.string().min(1).nullable().default(null),
  /** Smallest group a report may show: smaller groups are suppressed. */
  kAnonymity: z.number().int().min(2).max(100).default(5),
  /** Platform role ids whose holders are moderators in addition to the platform's administrators. */
  moderatorRoleIds: z.array(z.string().min(1)).default([]),
  /** Whether this community's aggregate figures may be compared with peers on the same deployment. */
  benchmarkOptIn: z.boolean().default(false),
});
export type CommunitySettings = z.infer<typeof communitySettingsSchema>;

/** Settings of a community the bot has just joined. */
export function defaultCommunitySettings(): CommunitySettings {
  return communitySettingsSchema.parse({});
}

/** A Discord server or Telegram group that belongs to a brand. */
export interface Community {
  readonly id: string;
  readonly brandId: string;
  readonly platform: Platform;
  readonly platformId: string;
  /** The id the place had before the platform changed it (a Telegram group that became a supergroup). */
  readonly formerPlatformId?: string;
  readonly title: string;
  readonly timeZone: string;
  readonly locale: Locale;
  readonly settings: CommunitySettings;
  readonly active: boolean;
}

/** A brand: the owner of one or more communities on either platform. */
export interface Brand {
  readonly id: string;
  readonly name: string;
}
