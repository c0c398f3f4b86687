import { shareVisible } from "../privacy/k-anonymity.ts";
import type { LiveOffer, OpenQuestions } from "./campaign-metrics.port.ts";
import type { KindRate, Recommendation } from "./digest.ts";
import { busiestSlots } from "./hour-of-week.ts";
import { KIND_COMPARISON_WEEKS } from "./participation-figures.ts";
import { twoProportionTest } from "./statistics.ts";

/** Weeks of hourly engagement the "best hours" advice looks at. */
export const HOUR_ADVICE_WEEKS = 4;
/** An offer closing within this many hours is "close to running out". */
export const OFFER_CLOSING_HOURS = 72;
/** …as is one with this many codes or units left, or fewer. */
export const OFFER_LOW_STOCK = 10;

const HOUR_MS = 3_600_000;

/**
 * What to try next, each with the figures it rests on: questions waiting for an answer, offers about to run
 * out, the busiest hours of the last four weeks (to post in), and the campaign kind with the best
 * participation over the last four weeks. Only figures that obey k are used.
 */
export function recommend(input: {
  now: Date;
  k: number;
  hourSlots: readonly number[];
  kindRates: readonly KindRate[];
  openQuestions: OpenQuestions | null;
  liveOffers: readonly LiveOffer[];
}): Recommendation[] {
  const { now, k } = input;
  const recommendations: Recommendation[] = [];
  if (input.openQuestions && input.openQuestions.count > 0) {
    const oldest = input.openQuestions.oldestAskedAt;
    recommendations.push({
      type: "unanswered_questions",
      count: input.openQuestions.count,
      oldestHours: oldest ? Math.floor((now.getTime() - oldest.getTime()) / HOUR_MS) : null,
    });
  }
  const runningOut = input.liveOffers
    .map((offer) => ({
      title: offer.title,
      hoursLeft: offer.closesAt ? Math.max(0, Math.floor((offer.closesAt.getTime() - now.getTime()) / HOUR_MS)) : null,
      remaining: offer.remaining,
    }))
    .filter(
      (o) =>
        (o.hoursLeft !== null && o.hoursLeft <= OFFER_CLOSING_HOURS) ||
        (o.remaining !== null && o.remaining <= OFFER_LOW_STOCK),
    );
  if (runningOut.length > 0) recommendations.push({ type: "offers_running_out", offers: runningOut });

  const busiest = busiestSlots(input.hourSlots, k);
  if (busiest.slots.length > 0) {
    recommendations.push({ type: "best_hours", slots: busiest.slots, total: busiest.total, weeks: HOUR_ADVICE_WEEKS });
  }

  const rates = input.kindRates
    .filter((r) => shareVisible(r.responders, r.reach, k))
    .sort((a, b) => b.responders / b.reach - a.responders / a.reach);
  const [best, runnerUp] = rates;
  if (best && runnerUp) {
    const test = twoProportionTest(best.responders, best.reach, runnerUp.responders, runnerUp.reach);
    recommendations.push({
      type: "best_campaign_kind",
      best,
      runnerUp,
      pValue: test?.pValue ?? null,
      weeks: KIND_COMPARISON_WEEKS,
    });
  } else if (best) {
    recommendations.push({ type: "try_another_kind", only: best, weeks: KIND_COMPARISON_WEEKS });
  }
  return recommendations;
}
