import type { Locale, Platform } from "../domain/platform.ts";
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

/** A headline figure against one reference period, with the test suited to it. */
export interface Comparison {
  readonly basis: ComparisonBasis;
  /** Last week's value, or the 4-week reference (average weekly count, or the pooled rate of the four weeks). */
  readonly reference: number | null;
  /** Relative change: value / reference − 1; null when either is missing or the reference is zero. */
  readonly change: number | null;
  readonly test: "two_proportion" | "poisson_rate";
  /** Raw two-sided p-value; null when the test could not run (too little data, or the figure is withheld). */
  readonly pValue: number | null;
  /** The p-value after Holm's adjustment across all the digest's headline comparisons. */
  readonly adjustedPValue: number | null;
  /** Adjusted p below 0.05 and the change large enough to matter (significance.ts). */
  readonly calledOut: boolean;
}

/** A headline figure and what the digest says about it. */
export interface Headline {
  readonly figure: Figure;
  readonly comparisons: readonly Comparison[];
  readonly call: "up" | "down" | "no_significant_change" | "withheld";
}

/** Which figure the peer comparison uses: participation when the community has it, else active members. */
export type PeerMetric = "participation_rate" | "active_members_7d";

/** The four verdicts the issue names, plus "no_data" when the community itself has nothing to compare. */
export type PeerVerdict = "in_line" | "better" | "worse" | "not_enough_peers" | "no_data";

/** The community's change against the median change of peer communities: aggregates only. */
export interface PeerComparison {
  readonly metric: PeerMetric;
  readonly verdict: PeerVerdict;
  /** Opted-in peer communities with a figure for both periods. */
  readonly peers: number;
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
