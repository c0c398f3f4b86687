import { createBrand, setCommunity } from "../src/app/cli/community-cli.ts";
import type { Community } from "../src/core/domain/community.ts";
import type { Locale, Platform } from "../src/core/domain/platform.ts";
import type { Stage } from "./stage.ts";

/** A community of a brand, as the demo plays it. */
export interface CommunityPlan {
  readonly platform: Platform;
  readonly title: string;
  /** Members at full size (scaled down by the demo's `scale`). */
  readonly members: number;
  /** Whether its moderator opts in to peer comparison (`/settings set benchmark:on`). */
  readonly benchmark: boolean;
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
  /** How eager members are in a given week (1-based), relative to their usual, before the story's dips. */
  readonly interest: (week: number) => number;
  readonly communities: readonly CommunityPlan[];
}

const steady = () => 1;

/** A community on Discord that opts in to peer comparison, with a weekly poll. */
function club(title: string, members: number, question: string, options: readonly string[]): CommunityPlan {
  return { platform: "discord", title, members, benchmark: true, weeklyPoll: { question, options } };
}

/**
 * The brands. The first is the deployment's default brand (DEFAULT_BRAND_NAME): every community the bot meets
 * joins it. A coffee roaster whose members grow warmer week by week (a steady rise), an ice-cream maker, and
 * five smaller brands whose interest holds steady. Every Discord server opts in to peer comparison, so each
 * community has at least five peers of other brands; the Telegram groups do not. The dips the story plants on
 * top of this are in story.ts.
 */
export const brandPlans: readonly BrandPlan[] = [
  {
    id: "default",
    name: "Northwind Coffee",
    locale: "en",
    timeZone: "Europe/London",
    italianShare: 0.08,
    interest: (week) => 0.86 + 0.03 * week,
    communities: [
      club("Northwind Coffee Club", 100, "Which roast should we feature next week?", ["Espresso", "Filter", "Decaf"]),
      {
        platform: "telegram",
        title: "Northwind Regulars",
        members: 70,
        benchmark: false,
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
    interest: steady,
    communities: [
      club("Aurora Gelato Lab", 70, "Gusto della settimana?", ["Pistacchio", "Nocciola", "Limone"]),
      {
        platform: "telegram",
        title: "Gelateria Aurora · Amici",
        members: 80,
        benchmark: false,
        weeklyPoll: { question: "Cono o coppetta?", options: ["Cono", "Coppetta"] },
      },
    ],
  },
  {
    id: "forno-bianchi",
    name: "Forno Bianchi",
    locale: "it",
    timeZone: "Europe/Rome",
    italianShare: 0.9,
    interest: steady,
    communities: [club("Forno Bianchi Club", 55, "Il pane della settimana?", ["Ciabatta", "Focaccia", "Pane nero"])],
  },
  {
    id: "riverside-books",
    name: "Riverside Books",
    locale: "en",
    timeZone: "Europe/London",
    italianShare: 0.03,
    interest: steady,
    communities: [club("Riverside Book Circle", 55, "Next month's read?", ["A classic", "Something new", "Poetry"])],
  },
  {
    id: "hopfield-brewing",
    name: "Hopfield Brewing",
    locale: "en",
    timeZone: "Europe/Dublin",
    italianShare: 0.02,
    interest: steady,
    communities: [club("Hopfield Taproom", 55, "Which beer should we brew next?", ["Stout", "Pale ale", "Lager"])],
  },
  {
    id: "lumen-yoga",
    name: "Lumen Yoga",
    locale: "en",
    timeZone: "Europe/Lisbon",
    italianShare: 0.05,
    interest: steady,
    communities: [club("Lumen Yoga Studio", 50, "Which class should we add?", ["Sunrise flow", "Yin", "Power"])],
  },
  {
    id: "cima-outdoor",
    name: "Cima Outdoor",
    locale: "it",
    timeZone: "Europe/Rome",
    italianShare: 0.8,
    interest: steady,
    communities: [club("Cima Outdoor Crew", 50, "Prossima uscita?", ["Trekking", "Arrampicata", "Bici"])],
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
