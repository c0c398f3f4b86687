// Which earlier weeks a week may be compared with. A week is compared only with weeks alike: weeks the community
// existed for in full (never its launch week or before), and, when its campaigns do not run every week, weeks with
// the same campaign cadence (a week with a poll against earlier weeks with one, a quiet week against quiet weeks).

/** What the digest knows about one week, beside its figures. */
export interface WeekContext {
  /** The community existed for the whole week: it was launched before the week began. */
  readonly existed: boolean;
  /** At least one campaign was sent during the week. */
  readonly campaign: boolean;
}

/**
 * Which weeks a figure is compared with: every week (campaigns ran every week, or never), only weeks with a
 * campaign, or only weeks without one.
 */
export type Cadence = "every_week" | "campaign_weeks" | "weeks_without_campaign";

/** The weeks alike to the reported one, and how they were chosen. */
export interface LikeWeeks {
  readonly cadence: Cadence;
  /** Indexes of earlier weeks alike to the reported one (1 = the week before), most recent first. */
  readonly earlier: readonly number[];
}

/**
 * The earlier weeks (index 1 … weeks − 1) alike to the reported week (index 0). Weeks the community did not exist
 * for in full are never among them; when the weeks that existed mix weeks with and without campaigns, only those
 * with the reported week's cadence are. A missing context reads as a week that did not exist.
 */
export function likeWeeks(context: readonly WeekContext[], weeks: number): LikeWeeks {
  const existed = Array.from({ length: weeks }, (_, i) => i).filter((i) => context[i]?.existed === true);
  const campaign = context[0]?.campaign ?? false;
  const mixed = existed.some((i) => context[i]?.campaign !== campaign);
  return {
    cadence: !mixed ? "every_week" : campaign ? "campaign_weeks" : "weeks_without_campaign",
    earlier: existed.filter((i) => i > 0 && (!mixed || context[i]?.campaign === campaign)),
  };
}

/** Every week existed and had the same cadence: the context of a community with nothing to set weeks apart. */
export function steadyWeeks(weeks: number): WeekContext[] {
  return Array.from({ length: weeks }, () => ({ existed: true, campaign: true }));
}
