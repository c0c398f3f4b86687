import type { Locale, Platform } from "../domain/platform.ts";
import type { Cadence } from "./cadence.ts";
import type { CampaignKind } from "./campaign-metrics.port.ts";
import type { DigestWeek } from "./digest-week.ts";
import type { MetricName } from "./metric-definitions.ts";

/** Shown; withheld by the k-anonymity rule; or unavailable (nothing to compute it from). */
export type FigureStatus = "shown" | "withheld" | "unavailable";

/** One figure of the digest, named by its definition in metric-definitions.ts. */
export interface Figure {
  readonly metric: MetricName;
  /** For breakdowns, the cell: a campaign id, a kind, a purpose, a join week, "mon-18", … */
  readonly key: string | null;
  /** Null unless shown. */
  readonly value: number | null;
  /** For shares: the part and the whole (null unless shown). */
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly status: FigureStatus;
}

/** What a headline figure is compared with. */
export type ComparisonBasis = "previous_week" | "baseline_4w";

/**
 * A headline figure against one reference period, with the test suited to it. The reference is the latest earlier
 * week alike to the reported one (previous_week) or the four latest (baseline_4w): weeks the community existed
 * for in full and, when campaigns do not run every week, weeks of the same cadence (cadence.ts). A comparison
 * whose reference is missing or withheld has no reference, no change and no p-value: it is never tested.
 */
export interface Comparison {
  readonly basis: ComparisonBasis;
  /** Which earlier weeks were alike to the reported one. */
  readonly cadence: Cadence;
  /** The earlier weeks compared with (1 = the week before), most recent first; empty when none was alike. */
  readonly weeksBack: readonly number[];
  /** That week's value, or the 4-week reference (average weekly count, or the pooled rate of the four weeks). */
  readonly reference: number | null;
  /** Relative change: value / reference − 1; null when either is missing, withheld, or the reference is zero. */
  readonly change: number | null;
  readonly test: "two_proportion" | "poisson_rate";
  /** Raw two-sided p-value; null when the comparison was not tested (no change to test, or too little data). */
  readonly pValue: number | null;
  /** The p-value after Holm's adjustment across the headline's comparisons, doubled for the trends beside them. */
  readonly adjustedPValue: number | null;
  /** Adjusted p below 0.05 and the change large enough to matter (headline.ts). */
  readonly calledOut: boolean;
}

/** What a trend says: a clear rise or fall, neither, or why it was not tested. */
export type TrendCall = "rising" | "falling" | "no_clear_trend" | "too_few_weeks" | "withheld" | "unavailable";

/**
 * A headline figure's trend over the last weeks alike to the reported one (at most TREND_WEEKS), tested as a
 * straight line through the weekly figures (trend.ts). `from` and `to` are the line at the oldest week and at the
 * reported one, so a rising trend always reads from a lower value to a higher one.
 */
export interface Trend {
  readonly test: "cochran_armitage" | "poisson_trend";
  readonly cadence: Cadence;
  /** The weeks in the trend (1 = the week before, 0 the reported week), most recent first. */
  readonly weeksBack: readonly number[];
  /** Weeks from the oldest in the trend to the reported one, both included. */
  readonly span: number;
  readonly from: number | null;
  readonly to: number | null;
  /** to / from − 1. */
  readonly change: number | null;
  readonly statistic: number | null;
  readonly pValue: number | null;
  /** After Holm's adjustment across the trends of the headline figures, doubled for the comparisons beside them. */
  readonly adjustedPValue: number | null;
  readonly calledOut: boolean;
  readonly call: TrendCall;
}

/** A headline figure and what the digest says about it. */
export interface Headline {
  readonly figure: Figure;
  readonly comparisons: readonly Comparison[];
  /** "mixed" when called-out comparisons point different ways (up on last week, down on the 4-week average). */
  readonly call: "up" | "down" | "mixed" | "no_significant_change" | "withheld";
  readonly trend: Trend;
}

/** Which figure the peer comparison uses: participation when the community has it, else active members. */
export type PeerMetric = "participation_rate" | "active_members_7d";

/** The four verdicts the issue names, plus "no_data" when the community itself has nothing to compare. */
export type PeerVerdict = "in_line" | "better" | "worse" | "not_enough_peers" | "no_data";

/** Where peers came from: opted-in communities of other brands on this deployment, or an imported benchmark snapshot. */
export type PeerOrigin =
  | { readonly kind: "deployment" }
  | {
      readonly kind: "benchmark";
      /** Who published the snapshot ("Agency X"). */
      readonly source: string;
      /** The ISO week the snapshot describes ("2026-W47"). */
      readonly week: string;
    };

/** How many of the compared peers came from one origin. */
export type PeerOriginCount = PeerOrigin & { readonly peers: number };

/** The community's change against the median change of peer communities: aggregates only. */
export interface PeerComparison {
  readonly metric: PeerMetric;
  readonly verdict: PeerVerdict;
  /** Opted-in peer communities with a figure for both periods. */
  readonly peers: number;
  /** Those peers by origin: this deployment first, then each benchmark snapshot. */
  readonly origins: readonly PeerOriginCount[];
  /** Relative change of the figure against the 4-week baseline. */
  readonly ownChange: number | null;
  readonly peerMedianChange: number | null;
  /** Two-sided p-value of the community's change differing from the peers' median change. */
  readonly pValue: number | null;
}

/** A local hour of the week: weekday 0 (Monday) … 6, hour 0 … 23. */
export interface HourSlot {
  readonly weekday: number;
  readonly hour: number;
  readonly count: number;
  /** Share of the period's interactions. */
  readonly share: number;
}

/** Participation of one campaign kind over a period. */
export interface KindRate {
  readonly kind: CampaignKind;
  readonly responders: number;
  readonly reach: number;
  readonly campaigns: number;
}

/** A suggestion and the evidence it rests on. */
export type Recommendation =
  | { readonly type: "best_hours"; readonly slots: readonly HourSlot[]; readonly total: number; readonly weeks: number }
  | {
      readonly type: "best_campaign_kind";
      readonly best: KindRate;
      readonly runnerUp: KindRate;
      /** Two-proportion test of best against runner-up; null when too small to test. */
      readonly pValue: number | null;
      readonly weeks: number;
    }
  | { readonly type: "try_another_kind"; readonly only: KindRate; readonly weeks: number }
  | { readonly type: "unanswered_questions"; readonly count: number; readonly oldestHours: number | null }
  | {
      readonly type: "offers_running_out";
      readonly offers: readonly { title: string; hoursLeft: number | null; remaining: number | null }[];
    };

/** One campaign of the week, for the per-campaign table. */
export interface CampaignLine {
  readonly id: string;
  readonly kind: CampaignKind;
  readonly title: string;
  readonly number: number | null;
  readonly participation: Figure;
}

/**
 * The weekly figures the digest's charts draw, oldest week first: from the community's first week (at most
 * twelve weeks back) to the reported one. Null where a week has no value or its value is withheld by k.
 */
export interface DigestSeries {
  readonly labels: readonly string[];
  /** Participation (responders / reach of the week's campaigns). */
  readonly own: readonly (number | null)[];
  /** The peers' median participation (null where fewer than MIN_PEERS peers have one). */
  readonly peerMedian: readonly (number | null)[];
  /** Distinct consenting members active in the week (active_members_7d). */
  readonly activeMembers: readonly (number | null)[];
  /** Interactions recorded in the week (interactions). */
  readonly interactions: readonly (number | null)[];
  /** Participation per campaign kind, for each kind that ran in those weeks. */
  readonly byKind: readonly { readonly kind: CampaignKind; readonly values: readonly (number | null)[] }[];
}

/** Which community a digest is about. */
export interface DigestCommunity {
  readonly id: string;
  readonly brandId: string;
  readonly title: string;
  readonly platform: Platform;
  readonly timeZone: string;
  readonly locale: Locale;
  readonly k: number;
}

/** One community's weekly digest. */
export interface CommunityDigest {
  readonly community: DigestCommunity;
  readonly week: DigestWeek;
  readonly generatedAt: Date;
  /** The community has fewer than k members: nothing but this fact is reported. */
  readonly withheld: boolean;
  readonly headline: readonly Headline[];
  /** Every figure, breakdowns included, in a stable order. */
  readonly figures: readonly Figure[];
  readonly campaigns: readonly CampaignLine[];
  readonly peers: PeerComparison;
  readonly recommendations: readonly Recommendation[];
  readonly series: DigestSeries;
  /** Where offer and Q&A figures came from: the features' own tables, or the DailyRollup fallback. */
  readonly sources: { readonly offers: "table" | "rollups"; readonly questions: "table" | "rollups" };
}

/** A brand's digest: one per community, each in its own time zone, for the same week. */
export interface BrandDigest {
  readonly brandId: string;
  readonly brandName: string;
  readonly weekLabel: string;
  readonly communities: readonly CommunityDigest[];
}

/** The figure with that name (and key), if the digest has it. */
export function figureOf(digest: CommunityDigest, metric: MetricName, key: string | null = null): Figure | undefined {
  return digest.figures.find((f) => f.metric === metric && f.key === key);
}
