/** The kinds of campaign the digest compares. */
export type CampaignKind = "poll" | "offer" | "qa";

/** A campaign sent during a period, as its feature's tables describe it. */
export interface CampaignFacts {
  readonly id: string;
  readonly kind: CampaignKind;
  readonly title: string;
  /** The number moderators call it by in its community ("poll 3"), when it has one. */
  readonly number: number | null;
  readonly sentAt: Date;
  /** Members the campaign's segment held when it was sent. */
  readonly reach: number;
  /**
   * Members who responded (voted, claimed, asked), anonymous responses included; null when the kind's feature
   * keeps no per-campaign record of responses (then the campaign counts in no participation rate).
   */
  readonly responders: number | null;
}

/** Offer figures from the offers feature's own table. */
export interface OfferFacts {
  readonly claims: number;
  readonly redemptions: number;
  /** Median hours from claim to redemption of the period's redemptions; null when there were none. */
  readonly medianHoursToRedeem: number | null;
}

/** Q&A figures from the Q&A feature's own table. */
export interface QuestionFacts {
  /** Questions asked during the period, whatever became of them. */
  readonly questions: number;
  /** Of those, the ones meant to be answered: neither rejected by a moderator nor merged into another. */
  readonly answerable: number;
  /** Of the answerable ones, how many have at least one answer. */
  readonly answered: number;
  /** Median hours from a question to its first answer, over the answered ones; null when none was answered. */
  readonly medianHoursToFirstAnswer: number | null;
}

/** Questions still waiting for an answer. */
export interface OpenQuestions {
  readonly count: number;
  readonly oldestAskedAt: Date | null;
}

/** A live offer and how close it is to running out. */
export interface LiveOffer {
  readonly title: string;
  readonly closesAt: Date | null;
  /** Codes or units left; null when the offers feature does not say. */
  readonly remaining: number | null;
}

/**
 * Campaign-specific facts for the digest, read from each campaign kind's own tables (Campaign, PollVote, and
 * the offers' and Q&A's tables once those features keep them). Methods answer null where the kind keeps no
 * table yet; the digest then falls back to the DailyRollup kinds (claim, redeem, ask, answer) and says so in
 * the figure's source. Never computed by scanning raw engagement events.
 */
export interface CampaignMetricsSource {
  /** Campaigns of the community sent (started) in [from, to), with a known reach. */
  campaignsSent(communityId: string, from: Date, to: Date): Promise<CampaignFacts[]>;
  /** Offer figures for [from, to) from the offers table; null when there is none. */
  offers(communityId: string, from: Date, to: Date): Promise<OfferFacts | null>;
  /** Q&A figures for questions asked in [from, to) from the Q&A table; null when there is none. */
  questions(communityId: string, from: Date, to: Date): Promise<QuestionFacts | null>;
  /** Unanswered questions at `at`; null when there is no Q&A table. */
  openQuestions(communityId: string, at: Date): Promise<OpenQuestions | null>;
  /** Offers live at `at`, soonest closing first. */
  liveOffers(communityId: string, at: Date): Promise<LiveOffer[]>;
}
