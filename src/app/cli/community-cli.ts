import { z } from "zod";
import { digestScheduleId, digestWeeklyCron, digestWeeklyJob } from "../../core/digest/digest-delivery.ts";
import { type Community, type CommunitySettings, communitySettingsSchema } from "../../core/domain/community.ts";
import { localeSchema } from "../../core/domain/platform.ts";
import type { CommunityProfileChanges, Repositories } from "../../core/ports/repositories.port.ts";
import type { Scheduler } from "../../core/ports/scheduler.port.ts";
import { isValidTimeZone } from "../../core/time/local-time.ts";

/** What a CLI command prints, and how it exits. */
export interface CliReport {
  readonly exitCode: number;
  readonly lines: readonly string[];
  readonly errors: readonly string[];
}

const ok = (lines: readonly string[]): CliReport => ({ exitCode: 0, lines, errors: [] });
const refused = (errors: readonly string[], exitCode = 1): CliReport => ({ exitCode, lines: [], errors });

/** `circolo brand create`: an id people can type, and a display name. */
export const brandInputSchema = z.object({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{1,39}$/,
      "2 to 40 lower-case letters, digits or hyphens, starting with a letter or digit",
    ),
  name: z.string().trim().min(1, "a name is required").max(100, "at most 100 characters"),
});

const quietHoursText = z.union([
  z.literal("off"),
  z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, "HH:MM-HH:MM (24-hour) or off"),
]);
const onOff = z.enum(["on", "off"]);

/**
 * `circolo community set` options, as typed. Each one is optional; what is not given stays as it is. The
 * settings themselves are checked again by communitySettingsSchema, the single source of their rules.
 */
export const communityChangesSchema = z
  .object({
    brand: z.string().min(1).optional(),
    timeZone: z.string().refine(isValidTimeZone, "an IANA time zone such as Europe/Rome").optional(),
    locale: localeSchema.optional(),
    quietHours: quietHoursText.optional(),
    weeklyCap: z.coerce.number().int().min(0).max(50).optional(),
    kAnonymity: z.coerce.number().int().min(2).max(100).optional(),
    benchmark: onOff.optional(),
    moderatorRoles: z.string().optional(),
  })
  .strict();
export type CommunityChangesInput = z.input<typeof communityChangesSchema>;

/** Creates a brand; refuses an id already taken. */
export async function createBrand(input: unknown, repositories: Pick<Repositories, "brands">): Promise<CliReport> {
  const parsed = brandInputSchema.safeParse(input);
  if (!parsed.success) return refused(problems(parsed.error), 2);
  if (await repositories.brands.get(parsed.data.id)) return refused([`brand "${parsed.data.id}" already exists`]);
  const brand = await repositories.brands.create(parsed.data);
  return ok([`created brand "${brand.id}" (${brand.name})`]);
}

/** Lists brands with how many communities each has. */
export async function listBrands(repositories: Pick<Repositories, "brands" | "communities">): Promise<CliReport> {
  const lines = ["brand\tcommunities\tname"];
  for (const brand of await repositories.brands.list()) {
    const communities = await repositories.communities.listByBrand(brand.id);
    lines.push(`${brand.id}\t${communities.length}\t${brand.name}`);
  }
  return ok(lines);
}

/** Lists communities (of one brand, or all), with what an operator sets. */
export async function listCommunities(
  brandId: string | undefined,
  repositories: Pick<Repositories, "brands" | "communities">,
): Promise<CliReport> {
  const brands = brandId ? [brandId] : (await repositories.brands.list()).map((b) => b.id);
  if (brandId && !(await repositories.brands.get(brandId))) return refused([`no brand "${brandId}"`]);
  const lines = ["community\tbrand\tplatform\tactive\ttime zone\tlanguage\ttitle"];
  for (const id of brands) {
    for (const c of await repositories.communities.listByBrand(id)) {
      lines.push([c.id, c.brandId, c.platform, c.active ? "yes" : "no", c.timeZone, c.locale, c.title].join("\t"));
    }
  }
  return ok(lines);
}

/**
 * Changes a community: its brand (which peers its digest compares with), time zone, language and settings.
 * Everything is validated before anything is written; a bad value changes nothing. A new time zone re-arms
 * the weekly digest (Monday 09:00 in that zone); running instances pick the schedule up from the database.
 */
export async function setCommunity(
  communityId: string,
  input: unknown,
  deps: { repositories: Pick<Repositories, "brands" | "communities">; scheduler: Pick<Scheduler, "upsert" | "get"> },
): Promise<CliReport> {
  const { repositories } = deps;
  const parsed = communityChangesSchema.safeParse(input);
  if (!parsed.success) return refused(problems(parsed.error), 2);
  const changes = parsed.data;
  const community = await repositories.communities.get(communityId);
  if (!community) return refused([`no community "${communityId}"; see: circolo community list`]);
  if (changes.brand !== undefined && !(await repositories.brands.get(changes.brand))) {
    return refused([
      `no brand "${changes.brand}"; create it first: circolo brand create --id ${changes.brand} --name …`,
    ]);
  }
  const settings = communitySettingsSchema.safeParse(mergedSettings(community.settings, changes));
  if (!settings.success) return refused(problems(settings.error), 2);

  const profile: CommunityProfileChanges = {
    ...(changes.brand !== undefined ? { brandId: changes.brand } : {}),
    ...(changes.timeZone !== undefined ? { timeZone: changes.timeZone } : {}),
    ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
  };
  if (Object.keys(profile).length > 0) await repositories.communities.updateProfile(community.id, profile);
  const updated = await repositories.communities.updateSettings(community.id, settings.data);
  if (changes.timeZone !== undefined && changes.timeZone !== community.timeZone) {
    await rearmDigest(updated, deps.scheduler);
  }
  return ok(describeCommunity(updated));
}

function mergedSettings(current: CommunitySettings, changes: z.output<typeof communityChangesSchema>): unknown {
  const roles = changes.moderatorRoles
    ?.split(",")
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
  return {
    ...current,
    ...(changes.quietHours !== undefined
      ? {
          quietHours:
            changes.quietHours === "off"
              ? null
              : { start: changes.quietHours.slice(0, 5), end: changes.quietHours.slice(6) },
        }
      : {}),
    ...(changes.weeklyCap !== undefined ? { weeklyPromptCap: changes.weeklyCap } : {}),
    ...(changes.kAnonymity !== undefined ? { kAnonymity: changes.kAnonymity } : {}),
    ...(changes.benchmark !== undefined ? { benchmarkOptIn: changes.benchmark === "on" } : {}),
    ...(roles !== undefined ? { moderatorRoleIds: roles } : {}),
  };
}

/** Moves the weekly digest to Monday 09:00 in the community's new time zone, keeping a pause or a cancel. */
async function rearmDigest(community: Community, scheduler: Pick<Scheduler, "upsert" | "get">): Promise<void> {
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

function describeCommunity(c: Community): string[] {
  const s = c.settings;
  return [
    `community ${c.id} (${c.platform} · ${c.title})`,
    `  brand:            ${c.brandId}`,
    `  time zone:        ${c.timeZone}`,
    `  language:         ${c.locale}`,
    `  quiet hours:      ${s.quietHours ? `${s.quietHours.start}-${s.quietHours.end}` : "off"}`,
    `  weekly DM cap:    ${s.weeklyPromptCap}`,
    `  k-anonymity:      ${s.kAnonymity}`,
    `  peer benchmark:   ${s.benchmarkOptIn ? "on" : "off"}`,
    `  moderator roles:  ${s.moderatorRoleIds.length > 0 ? s.moderatorRoleIds.join(", ") : "none"}`,
    `  staff channel:    ${s.staffChannelId ?? "none (a moderator sets it with /digest channel)"}`,
  ];
}

function problems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.length > 0 ? `--${kebab(issue.path.join("."))}` : "input";
    return `${path}: ${issue.message}`;
  });
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
