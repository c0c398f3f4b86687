import { localDay } from "../time/local-time.ts";
import type { CampaignFacts, CampaignKind } from "./campaign-metrics.port.ts";
import type { CampaignLine, Figure, KindRate } from "./digest.ts";
import { type DigestWeek, weekOffset } from "./digest-week.ts";
import { countFigure, shareFigure, unavailable, valueFigure } from "./figures.ts";

/** Weeks of participation the digest reads: the chart's twelve, which hold the 4-week baseline too. */
export const PARTICIPATION_WEEKS = 12;
/** Weeks (the reported one and three before) over which campaign kinds are compared for a recommendation. */
export const KIND_COMPARISON_WEEKS = 4;

const kinds: readonly CampaignKind[] = ["poll", "offer", "qa"];

/** Responders and reach summed over a week's campaigns whose responders are known. */
export interface WeekRate {
  readonly responders: number;
  readonly reach: number;
}

/** Participation figures of the reported week and the weekly rates behind the tests and the chart. */
export interface ParticipationResult {
  readonly figures: Figure[];
  readonly campaigns: CampaignLine[];
  /** Index 0: the reported week, 1: the week before, … 11. */
  readonly weekly: readonly WeekRate[];
  /** Campaigns sent per week, of every kind (responders known or not), indexed the same way. */
  readonly weeklyCampaigns: readonly number[];
  /** Per kind with known responders, over the last KIND_COMPARISON_WEEKS weeks. */
  readonly kindRates: readonly KindRate[];
}

/**
 * Participation per campaign, per kind and overall (responders / reach of the campaigns sent in a week), and
 * the poll figures, from the campaigns sent during the PARTICIPATION_WEEKS weeks ending with the reported one.
 * A campaign whose kind keeps no record of responders is listed but counts in no rate.
 */
export function participationFigures(input: {
  week: DigestWeek;
  timeZone: string;
  campaigns: readonly CampaignFacts[];
  k: number;
}): ParticipationResult {
  const { week, k } = input;
  const weekly = Array.from({ length: PARTICIPATION_WEEKS }, () => ({ responders: 0, reach: 0 }));
  const weeklyCampaigns = Array.from({ length: PARTICIPATION_WEEKS }, () => 0);
  const kindTotals = new Map<CampaignKind, { responders: number; reach: number; campaigns: number }>();
  const thisWeek: CampaignFacts[] = [];
  for (const campaign of input.campaigns) {
    const index = -weekOffset(localDay(campaign.sentAt, input.timeZone), week);
    if (index < 0 || index >= PARTICIPATION_WEEKS) continue;
    if (index === 0) thisWeek.push(campaign);
    weeklyCampaigns[index] = (weeklyCampaigns[index] ?? 0) + 1;
    if (campaign.responders === null) continue;
    const slot = weekly[index] as { responders: number; reach: number };
    slot.responders += campaign.responders;
    slot.reach += campaign.reach;
    if (index < KIND_COMPARISON_WEEKS) {
      const total = kindTotals.get(campaign.kind) ?? { responders: 0, reach: 0, campaigns: 0 };
      total.responders += campaign.responders;
      total.reach += campaign.reach;
      total.campaigns += 1;
      kindTotals.set(campaign.kind, total);
    }
  }
  thisWeek.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || (a.id < b.id ? -1 : 1));
  const current = weekly[0] as WeekRate;
  const polls = thisWeek.filter((c) => c.kind === "poll");
  const pollVoters = polls.reduce((sum, c) => sum + (c.responders ?? 0), 0);
  const pollReach = polls.reduce((sum, c) => sum + c.reach, 0);
  const figures: Figure[] = [
    shareFigure("participation_rate", current.responders, current.reach, k),
    ...kinds.map((kind) => kindFigure(kind, thisWeek, k)),
    valueFigure("polls_sent", polls.length),
    countFigure("poll_votes", pollVoters, k),
    shareFigure("poll_participation", pollVoters, pollReach, k),
  ];
  const campaigns = thisWeek.map(
    (c): CampaignLine => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      number: c.number,
      participation:
        c.responders === null
          ? unavailable("campaign_participation", c.id)
          : shareFigure("campaign_participation", c.responders, c.reach, k, c.id),
    }),
  );
  const kindRates = kinds.flatMap((kind): KindRate[] => {
    const total = kindTotals.get(kind);
    return total && total.reach > 0 ? [{ kind, ...total }] : [];
  });
  return { figures, campaigns, weekly, weeklyCampaigns, kindRates };
}

function kindFigure(kind: CampaignKind, campaigns: readonly CampaignFacts[], k: number): Figure {
  const known = campaigns.filter((c) => c.kind === kind && c.responders !== null);
  if (known.length === 0) return unavailable("participation_by_kind", kind);
  const responders = known.reduce((sum, c) => sum + (c.responders ?? 0), 0);
  const reach = known.reduce((sum, c) => sum + c.reach, 0);
  return shareFigure("participation_by_kind", responders, reach, k, kind);
}
