import type { BrandPlan } from "./brands.ts";

/** How much of their usual interest members keep in the week of the market-wide dip (a 40 % dip). */
export const MARKET_DIP = 0.6;
/** How much the brand whose members stay away keeps in its week (a 50 % drop). */
export const BRAND_DROP = 0.5;
/** The brand whose members stay away one week while its peers' do not. */
export const DROPPING_BRAND = "gelateria-aurora";

/**
 * What the story plants, by week (1-based): a market-wide dip (every community's members stay away, as in a
 * holiday week) and, later, a drop in one brand only. Both need four full weeks before them to compare with, so
 * a run of fewer than seven weeks plants nothing. The brand drop is the last week and the market dip two weeks
 * before it, so the week between shows the market recovering.
 */
export interface Plot {
  readonly marketDip: number | null;
  readonly brandDrop: { readonly brandId: string; readonly week: number } | null;
}

/** The plot of a run of `weeks` weeks. */
export function plotFor(weeks: number): Plot {
  if (weeks < 7) return { marketDip: null, brandDrop: null };
  return { marketDip: weeks - 2, brandDrop: { brandId: DROPPING_BRAND, week: weeks } };
}

/** How eager the brand's members are in `week`, relative to their usual: the brand's own curve times the plot. */
export function interestIn(plot: Plot, brand: BrandPlan, week: number): number {
  let interest = brand.interest(week);
  if (week === plot.marketDip) interest *= MARKET_DIP;
  if (plot.brandDrop?.brandId === brand.id && plot.brandDrop.week === week) interest *= BRAND_DROP;
  return interest;
}

/** What happened in a week of the story, for the summary: a planted dip, the recovery after it, or nothing. */
export type WeekPlant = "market_dip" | "brand_drop" | "recovery" | "quiet";

/** What the story planted for a brand in `week`. */
export function plantOf(plot: Plot, brandId: string, week: number): WeekPlant {
  if (plot.brandDrop?.brandId === brandId && plot.brandDrop.week === week) return "brand_drop";
  if (week === plot.marketDip) return "market_dip";
  if (plot.marketDip !== null && week === plot.marketDip + 1) return "recovery";
  return "quiet";
}
