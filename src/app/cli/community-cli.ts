import { z } from "zod";
import {
  applyCommunityChanges,
  parseCommunityChanges,
  type SettingsReason,
} from "../../core/community/community-settings.ts";
import type { Community } from "../../core/domain/community.ts";
import type { AppError } from "../../core/errors/error-codes.ts";
import { en } from "../../core/i18n/catalogue.en.ts";
import type { Repositories } from "../../core/ports/repositories.port.ts";
import type { Scheduler } from "../../core/ports/scheduler.port.ts";

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

/** `circolo community set` options: the brand, and the changes /settings makes in chat (same rules). */
const communityOptionsSchema = z
  .object({
    brand: z.string().min(1).optional(),
    timeZone: z.string().optional(),
    locale: z.string().optional(),
    quietHours: z.string().optional(),
    weeklyCap: z.string().optional(),
    kAnonymity: z.string().optional(),
    benchmark: z.string().optional(),
    moderatorRoles: z.string().optional(),
  })
  .strict();

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
 * Changes a community: its brand (which peers its digest compares with), and what /settings changes in chat
 * (time zone, language, quiet hours, weekly cap, k, benchmarking), plus its moderator roles. Everything is
 * validated before anything is written; a bad value changes nothing.
 */
export async function setCommunity(
  communityId: string,
  input: unknown,
  deps: { repositories: Pick<Repositories, "brands" | "communities">; scheduler: Pick<Scheduler, "upsert" | "get"> },
): Promise<CliReport> {
  const { repositories } = deps;
  const options = communityOptionsSchema.safeParse(input);
  if (!options.success) return refused(problems(options.error), 2);
  const { brand, moderatorRoles, ...rest } = options.data;
  const community = await repositories.communities.get(communityId);
  if (!community) return refused([`no community "${communityId}"; see: circolo community list`]);
  if (brand !== undefined && !(await repositories.brands.get(brand))) {
    return refused([`no brand "${brand}"; create it first: circolo brand create --id ${brand} --name …`]);
  }
  const changes = parseCommunityChanges(rest);
  const nothingElse = !changes.ok && changes.error.details?.reason === "nothing";
  if (!changes.ok && !(nothingElse && (brand !== undefined || moderatorRoles !== undefined))) {
    return refused([settingsProblem(changes.error)], 2);
  }
  const roles = moderatorRoles
    ?.split(",")
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
  if (brand !== undefined) await repositories.communities.updateProfile(community.id, { brandId: brand });
  let updated = (await repositories.communities.get(community.id)) ?? community;
  if (changes.ok) {
    const applied = await applyCommunityChanges({
      community: updated,
      changes: changes.value,
      communities: repositories.communities,
      scheduler: deps.scheduler,
    });
    if (!applied.ok) return refused([settingsProblem(applied.error)], 2);
    updated = applied.value;
  }
  if (roles !== undefined) {
    updated = await repositories.communities.updateSettings(community.id, {
      ...updated.settings,
      moderatorRoleIds: roles,
    });
  }
  return ok(describeCommunity(updated));
}

/** The English sentence for a refused setting (the same one /settings answers in chat). */
function settingsProblem(error: AppError): string {
  const reason = String(error.details?.reason ?? "nothing") as SettingsReason;
  return en.settings.invalid[reason] ?? en.settings.invalid.nothing;
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
