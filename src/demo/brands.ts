import { createBrand, setCommunity } from "../app/cli/community-cli.ts";
import type { Community } from "../core/domain/community.ts";
import type { Locale, Platform } from "../core/domain/platform.ts";
import type { Stage } from "./stage.ts";

/** A community of a brand, as the demo plays it. */
export interface CommunityPlan {
  readonly platform: Platform;
  readonly title: string;
  /** Members at full size (scaled down by the demo's `scale`). */
  readonly members: number;
  /** The weekly poll its moderators plan in the campaign file. */
  readonly weeklyPoll: { readonly question: string; readonly options: readonly string[] };
}

/** A brand, its communities and how its members' interest moves over the weeks. */
export interface BrandPlan {
  readonly id: string;
  readonly name: string;
  readonly locale: Locale;
  readonly timeZone: string;
  /** Share of members whose app is in Italian. */
  readonly italianShare: number;
  /** How eager members are in a given week (1-based), relative to their usual. */
  readonly interest: (week: number) => number;
  readonly communities: readonly CommunityPlan[];
}

/**
 * The two brands. The first is the deployment's default brand (DEFAULT_BRAND_NAME): every community the bot
 * meets joins it. A coffee roaster whose communities grow warmer week by week, and an ice-cream maker whose
 * members cool off as autumn comes (from week 5).
 */
export const brandPlans: readonly BrandPlan[] = [
  {
    id: "default",
    name: "Northwind Coffee",
    locale: "en",
    timeZone: "Europe/London",
    italianShare: 0.08,
    interest: (week) => 0.82 + 0.05 * week,
    communities: [
      {
        platform: "discord",
        title: "Northwind Coffee Club",
        members: 100,
        weeklyPoll: { question: "Which roast should we feature next week?", options: ["Espresso", "Filter", "Decaf"] },
      },
      {
        platform: "telegram",
        title: "Northwind Regulars",
        members: 70,
        weeklyPoll: { question: "Your usual this week?", options: ["Flat white", "Cappuccino", "Cold brew"] },
      },
    ],
  },
  {
    id: "gelateria-aurora",
    name: "Gelateria Aurora",
    locale: "it",
    timeZone: "Europe/Rome",
    italianShare: 0.85,
    interest: (week) => (week <= 4 ? 1 : 0.62),
    communities: [
      {
        platform: "discord",
        title: "Aurora Gelato Lab",
        members: 70,
        weeklyPoll: { question: "Gusto della settimana?", options: ["Pistacchio", "Nocciola", "Limone"] },
      },
      {
        platform: "telegram",
        title: "Gelateria Aurora · Amici",
        members: 80,
        weeklyPoll: { question: "Cono o coppetta?", options: ["Cono", "Coppetta"] },
      },
    ],
  },
];

/**
 * Moves a community the bot has joined to its brand, with its time zone and language, through the functions
 * behind `circolo brand create` and `circolo community set` (the brand is created on first use).
 */
export async function assignToBrand(stage: Stage, brand: BrandPlan, community: Community): Promise<Community> {
  const { repositories, scheduler } = stage.app.services;
  if (!(await repositories.brands.get(brand.id))) {
    const created = await createBrand({ id: brand.id, name: brand.name }, repositories);
    if (created.exitCode !== 0) throw new Error(created.errors.join("\n"));
  }
  const set = await setCommunity(
    community.id,
    { brand: brand.id, timeZone: brand.timeZone, locale: brand.locale },
    { repositories, scheduler },
  );
  if (set.exitCode !== 0) throw new Error(set.errors.join("\n"));
  const moved = await repositories.communities.get(community.id);
  if (!moved) throw new Error(`community ${community.title} vanished`);
  return moved;
}
