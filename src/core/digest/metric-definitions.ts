import { type EngagementKind, engagementKindSchema, interactionKinds } from "../domain/engagement.ts";

/**
 * Every figure of the digest, defined once. The JSON export carries each figure with its name and this
 * definition, so anyone can recompute it; the oracle tests (test/unit/digest) recompute each one from raw
 * synthetic events by exactly these words.
 *
 * Conventions shared by all definitions:
 * - the week is seven local days in the community's time zone (see digest-week.ts);
 * - an event is one interaction (or one redemption at a shop), of its own kind (src/core/domain/engagement.ts);
 *   `kinds` lists, as data, the event kinds a figure counts (none: the figure reads no events);
 * - "active" means at least one recorded interaction: an event of any kind except consent_change;
 * - "consenting members" are those whose events carry a member reference, which the recorder sets only under
 *   an active analytics consent: per-person figures (distinct, returning, lapsed, cohorts) count only them,
 *   while totals and anonymous rates count everyone;
 * - every figure obeys the community's k-anonymity threshold (src/core/privacy/k-anonymity.ts): a group smaller than k is
 *   withheld, and a community with fewer than k members is not reported at all.
 */
export const metricDefinitions = {
  interactions: {
    unit: "count",
    kinds: interactionKinds,
    source: "DailyRollup",
    definition:
      "Interactions recorded during the week (events of every kind except consent_change), with or without consent.",
  },
  anonymous_share: {
    unit: "share",
    kinds: interactionKinds,
    source: "DailyRollup",
    definition:
      "Share of the week's interactions recorded without a member reference (no analytics consent, or an anonymous poll).",
  },
  active_members_7d: {
    unit: "count",
    kinds: interactionKinds,
    source: "MemberActivityDay",
    definition: "Distinct consenting members active on at least one of the week's seven days.",
  },
  active_members_28d: {
    unit: "count",
    kinds: interactionKinds,
    source: "MemberActivityDay",
    definition: "Distinct consenting members active on at least one of the 28 days ending on the week's last day.",
  },
  stickiness: {
    unit: "ratio",
    kinds: interactionKinds,
    source: "MemberActivityDay",
    definition:
      "Average over those 28 days of the distinct consenting members active each day, divided by active_members_28d.",
  },
  members_total: {
    unit: "count",
    kinds: [],
    source: "Member",
    definition: "Members known to Circolo at the end of the week (erased members are gone).",
  },
  members_new: {
    unit: "count",
    kinds: [],
    source: "Member",
    definition: "Members first seen during the week, with or without consent.",
  },
  members_returning: {
    unit: "count",
    kinds: interactionKinds,
    source: "MemberActivityDay",
    definition: "Consenting members active during the week and in at least one of the four weeks before it.",
  },
  members_lapsed: {
    unit: "count",
    kinds: interactionKinds,
    source: "MemberActivityDay",
    definition: "Consenting members active in at least one of the four weeks before the week, but not during it.",
  },
  cohort_size: {
    unit: "count",
    kinds: interactionKinds,
    source: "Member, MemberActivityDay",
    definition:
      "Per join week (one of the six before the reported week): members first seen that week and active in it.",
  },
  cohort_retention: {
    unit: "share",
    kinds: interactionKinds,
    source: "Member, MemberActivityDay",
    definition: "Per join week and each later week up to the reported one: share of the cohort active in that week.",
  },
  participation_rate: {
    unit: "share",
    kinds: [],
    source: "Campaign + the campaign kind's own table",
    definition:
      "Over the campaigns sent during the week with a recorded reach: members who responded / members reached (Campaign.reach). A poll's responders are its distinct voters, an offer's its distinct claimers; a campaign without a reach (a Q&A session, open to the whole channel) counts in no rate.",
  },
  campaign_participation: {
    unit: "share",
    kinds: [],
    source: "Campaign + the campaign kind's own table",
    definition: "Per campaign sent during the week: members who responded / members reached.",
  },
  participation_by_kind: {
    unit: "share",
    kinds: [],
    source: "Campaign + the campaign kind's own table",
    definition: "Per campaign kind, over campaigns of that kind sent during the week: responders / reach.",
  },
  polls_sent: {
    unit: "count",
    kinds: [],
    source: "Campaign",
    definition: "Polls sent during the week.",
  },
  poll_votes: {
    unit: "count",
    kinds: [],
    source: "PollVote",
    definition:
      "Ballots on the polls sent during the week: distinct voters per poll, summed (anonymous polls included).",
  },
  poll_participation: {
    unit: "share",
    kinds: [],
    source: "PollVote, Campaign.reach",
    definition: "poll_votes / the summed reach of the polls sent during the week.",
  },
  offer_claims: {
    unit: "count",
    kinds: ["claim"],
    source: "OfferClaim when the offers table exists, else DailyRollup kind claim",
    definition: "Offer claims recorded during the week.",
  },
  offer_redemptions: {
    unit: "count",
    kinds: ["redeem"],
    source: "OfferClaim when the offers table exists, else DailyRollup kind redeem",
    definition: "Offer redemptions recorded during the week.",
  },
  offer_conversion: {
    unit: "ratio",
    kinds: ["claim", "redeem"],
    source: "as offer_claims and offer_redemptions",
    definition: "offer_redemptions / offer_claims of the same week (redemptions of earlier claims included).",
  },
  offer_median_hours_to_redeem: {
    unit: "hours",
    kinds: [],
    source: "OfferClaim (unavailable from rollups)",
    definition: "Median hours from claim to redemption of the offers redeemed during the week.",
  },
  qa_questions: {
    unit: "count",
    kinds: ["ask"],
    source: "QaQuestion when the Q&A table exists, else DailyRollup kind ask",
    definition: "Questions asked during the week.",
  },
  qa_answered_share: {
    unit: "share",
    kinds: [],
    source: "QaQuestion (unavailable from rollups)",
    definition:
      "Of the week's questions neither rejected nor merged into another, the share that has at least one answer.",
  },
  qa_median_hours_to_first_answer: {
    unit: "hours",
    kinds: [],
    source: "QaQuestion (unavailable from rollups)",
    definition: "Median hours from ask to first answer, over the week's questions answered so far.",
  },
  consent_rate: {
    unit: "share",
    kinds: [],
    source: "ConsentGrant, Member",
    definition: "Per purpose: members whose latest choice at the end of the week is a grant / members_total.",
  },
  engagement_by_hour: {
    unit: "count",
    kinds: interactionKinds,
    source: "HourlyRollup",
    definition:
      "Per local weekday and hour: interactions during the week, each UTC hour placed at the local time it starts.",
  },
} as const satisfies Record<string, MetricDefinition>;

/** What a figure measures and where it comes from. */
export interface MetricDefinition {
  readonly unit: "count" | "share" | "ratio" | "hours";
  /** The event kinds the figure counts, directly or through a rollup; empty when it reads no events. */
  readonly kinds: readonly EngagementKind[];
  readonly source: string;
  readonly definition: string;
}

/** The name of a defined figure. */
export type MetricName = keyof typeof metricDefinitions;

/**
 * Event kinds that make nobody "active" (what the per-person activity reads leave out of MemberActivityDay): every
 * kind the active-member figures do not count.
 */
export const inactiveKinds: ReadonlySet<string> = new Set(
  engagementKindSchema.options.filter((kind) => !metricDefinitions.active_members_7d.kinds.includes(kind)),
);
