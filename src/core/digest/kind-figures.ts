import { consentPurposes } from "../domain/consent.ts";
import { countVisible } from "../privacy/k-anonymity.ts";
import type { OfferFacts, QuestionFacts } from "./campaign-metrics.port.ts";
import type { ConsentTally, DailyKindTotal } from "./digest.repository.port.ts";
import type { CommunityDigest, Figure } from "./digest.ts";
import { countFigure, shareFigure, unavailable, valueFigure, withheld } from "./figures.ts";
import { type MetricName, metricDefinitions } from "./metric-definitions.ts";

/** Where the offer and Q&A figures came from. */
export type KindSources = CommunityDigest["sources"];

/**
 * Interactions, the anonymous share, and the offer and Q&A figures of the week. Offers and Q&A come from
 * their features' tables when the CampaignMetricsSource has them, otherwise from the DailyRollup kinds their
 * definitions list (then the medians and the answered share are unavailable).
 */
export function kindFigures(input: {
  daily: readonly DailyKindTotal[];
  offers: OfferFacts | null;
  questions: QuestionFacts | null;
  k: number;
}): { figures: Figure[]; sources: KindSources } {
  const { daily, k } = input;
  // Each figure counts the event kinds its definition lists.
  const counted = (name: MetricName) => {
    const kinds: readonly string[] = metricDefinitions[name].kinds;
    return daily.filter((r) => kinds.includes(r.kind));
  };
  const sum = (name: MetricName) => counted(name).reduce((n, r) => n + r.count, 0);
  const interactions = sum("interactions");
  const anonymous = counted("anonymous_share").reduce((n, r) => n + r.anonymousCount, 0);

  const claims = input.offers?.claims ?? sum("offer_claims");
  const redemptions = input.offers?.redemptions ?? sum("offer_redemptions");
  const questions = input.questions?.questions ?? sum("qa_questions");
  const figures: Figure[] = [
    countFigure("interactions", interactions, k),
    shareFigure("anonymous_share", anonymous, interactions, k),
    countFigure("offer_claims", claims, k),
    countFigure("offer_redemptions", redemptions, k),
    conversion(redemptions, claims, k),
    input.offers
      ? valueFigure("offer_median_hours_to_redeem", input.offers.medianHoursToRedeem)
      : unavailable("offer_median_hours_to_redeem"),
    countFigure("qa_questions", questions, k),
    input.questions
      ? shareFigure("qa_answered_share", input.questions.answered, input.questions.answerable, k)
      : unavailable("qa_answered_share"),
    input.questions
      ? valueFigure("qa_median_hours_to_first_answer", input.questions.medianHoursToFirstAnswer)
      : unavailable("qa_median_hours_to_first_answer"),
  ];
  return {
    figures,
    sources: { offers: input.offers ? "table" : "rollups", questions: input.questions ? "table" : "rollups" },
  };
}

/**
 * Redemptions per claim. From rollups it compares a week's redemptions with the same week's claims, so it may
 * exceed 1 (earlier claims redeemed now): a ratio, shown only when both counts are.
 */
function conversion(redemptions: number, claims: number, k: number): Figure {
  if (claims === 0) return unavailable("offer_conversion");
  if (!countVisible(claims, k) || !countVisible(redemptions, k)) return withheld("offer_conversion");
  return valueFigure("offer_conversion", redemptions / claims);
}

/** Members at the end of the week, and per purpose the share holding a grant then. */
export function consentFigures(tally: ConsentTally, k: number): Figure[] {
  return [
    countFigure("members_total", tally.members, k),
    ...consentPurposes.map((purpose) => shareFigure("consent_rate", tally.granted[purpose], tally.members, k, purpose)),
  ];
}
