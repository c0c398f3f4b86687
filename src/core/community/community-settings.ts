import { z } from "zod";
import { digestScheduleId, digestWeeklyCron, digestWeeklyJob } from "../digest/digest-delivery.ts";
import { type Community, type CommunitySettings, communitySettingsSchema } from "../domain/community.ts";
import { supportedLocales } from "../domain/platform.ts";
import { type AppError, fail } from "../errors/error-codes.ts";
import { ok, type Result } from "../errors/result.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import { isValidTimeZone } from "../time/local-time.ts";

/** Why a change of settings was refused: catalogue key `settings.invalid.<reason>`. */
export const settingsReasons = [
  "time_zone",
  "language",
  "quiet_hours",
  "weekly_cap",
  "k_anonymity",
  "benchmark",
  "nothing",
] as const;
export type SettingsReason = (typeof settingsReasons)[number];

const quietHours = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * A change to a community's profile and settings, as people type it (in chat or on the command line); every
 * field is optional and what is not given stays as it is. Each field's failure names its reason, so the
 * answer says which value is wrong in the member's language. The stored settings are then checked once more
 * by communitySettingsSchema, the single source of their rules.
 */
export const communityChangesSchema = z.object({
  timeZone: z.string().trim().refine(isValidTimeZone, "time_zone").optional(),
  locale: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(supportedLocales, { error: "language" }))
    .optional(),
  quietHours: z
    .string()
    .trim()
    .toLowerCase()
    .refine((q) => q === "off" || quietHours.test(q), "quiet_hours")
    .optional(),
  weeklyCap: z.coerce.number().int("weekly_cap").min(0, "weekly_cap").max(50, "weekly_cap").optional(),
  kAnonymity: z.coerce.number().int("k_anonymity").min(2, "k_anonymity").max(100, "k_anonymity").optional(),
  benchmark: z
    .union(
      [
        z.boolean(),
        z
          .string()
          .trim()
          .toLowerCase()
          .pipe(z.enum(["on", "off", "yes", "no", "true", "false", "sì", "si"])),
      ],
      { error: "benchmark" },
    )
    .transform((b) => b === true || b === "on" || b === "yes" || b === "true" || b === "sì" || b === "si")
    .optional(),
});
export type CommunityChanges = z.output<typeof communityChangesSchema>;

/** Reads a change, or the first reason it is refused. */
export function parseCommunityChanges(input: unknown): Result<CommunityChanges, AppError> {
  const parsed = communityChangesSchema.safeParse(input);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .map((issue) => issue.message)
      .find((m): m is SettingsReason => (settingsReasons as readonly string[]).includes(m));
    return fail("INVALID_SETTINGS", { reason: reason ?? fieldReason(parsed.error.issues[0]?.path[0]) });
  }
  const given = Object.values(parsed.data).some((v) => v !== undefined);
  return given ? ok(parsed.data) : fail("INVALID_SETTINGS", { reason: "nothing" });
}

/**
 * Applies a parsed change: the profile (time zone, language) and the settings together, after checking the
 * result; a new time zone moves the weekly digest to Monday 09:00 there (a paused or cancelled one stays so).
 */
export async function applyCommunityChanges(input: {
  community: Community;
  changes: CommunityChanges;
  communities: Pick<CommunityRepository, "updateProfile" | "updateSettings">;
  scheduler: Pick<Scheduler, "get" | "upsert">;
}): Promise<Result<Community, AppError>> {
  const { community, changes } = input;
  const settings = communitySettingsSchema.safeParse(mergedSettings(community.settings, changes));
  if (!settings.success) return fail("INVALID_SETTINGS", { reason: fieldReason(settings.error.issues[0]?.path[0]) });
  const profile = {
    ...(changes.timeZone !== undefined ? { timeZone: changes.timeZone } : {}),
    ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
  };
  if (Object.keys(profile).length > 0) await input.communities.updateProfile(community.id, profile);
  const updated = await input.communities.updateSettings(community.id, settings.data);
  if (updated.timeZone !== community.timeZone) await rearmDigest(updated, input.scheduler);
  return ok(updated);
}

function mergedSettings(current: CommunitySettings, changes: CommunityChanges): CommunitySettings {
  const quiet = changes.quietHours;
  return {
    ...current,
    ...(quiet !== undefined
      ? { quietHours: quiet === "off" ? null : { start: quiet.slice(0, 5), end: quiet.slice(6) } }
      : {}),
    ...(changes.weeklyCap !== undefined ? { weeklyPromptCap: changes.weeklyCap } : {}),
    ...(changes.kAnonymity !== undefined ? { kAnonymity: changes.kAnonymity } : {}),
    ...(changes.benchmark !== undefined ? { benchmarkOptIn: changes.benchmark } : {}),
  };
}

/** Moves the weekly digest to Monday 09:00 in the community's new time zone, if it has one. */
async function rearmDigest(community: Community, scheduler: Pick<Scheduler, "get" | "upsert">): Promise<void> {
  const id = digestScheduleId(community.id);
  if (!(await scheduler.get(id))) return;
  await scheduler.upsert({
    id,
    job: digestWeeklyJob,
    payload: { communityId: community.id },
    timeZone: community.timeZone,
    cron: digestWeeklyCron,
    communityId: community.id,
  });
}

function fieldReason(field: PropertyKey | undefined): SettingsReason {
  const byField: Record<string, SettingsReason> = {
    timeZone: "time_zone",
    locale: "language",
    quietHours: "quiet_hours",
    weeklyCap: "weekly_cap",
    weeklyPromptCap: "weekly_cap",
    kAnonymity: "k_anonymity",
    benchmark: "benchmark",
    benchmarkOptIn: "benchmark",
  };
  return byField[String(field)] ?? "nothing";
}
