import type { Community } from "../domain/community.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import { activityFigures, WEEKLY_COUNTS_BACK } from "./activity-figures.ts";
import type { WeekContext } from "./cadence.ts";
import type { CampaignMetricsSource } from "./campaign-metrics.port.ts";
import { CHART_WEEKS, digestSeries } from "./chart-series.ts";
import type { DigestRepository } from "./digest.repository.port.ts";
import type { CommunityDigest, DigestCommunity, PeerComparison } from "./digest.ts";
import { type DigestWeek, dayStart, weeksBefore } from "./digest-week.ts";
import { assessHeadline } from "./headline.ts";
import { hourFigures, hourOfWeek } from "./hour-of-week.ts";
import { consentFigures, kindFigures } from "./kind-figures.ts";
import { inactiveKinds } from "./metric-definitions.ts";
import { PARTICIPATION_WEEKS, participationFigures } from "./participation-figures.ts";
import { PeerCache } from "./peer-cache.ts";
import { peersFor } from "./peer-inputs.ts";
import { comparePeers, type PeerInput, peerMedianSeries } from "./peers.ts";
import { HOUR_ADVICE_WEEKS, recommend } from "./recommendations.ts";
import { TREND_WEEKS } from "./trend.ts";

/** Where the digest reads from. */
export interface DigestSources {
  readonly communities: CommunityRepository;
  readonly digests: DigestRepository;
  readonly campaigns: CampaignMetricsSource;
}

/**
 * Builds digests from rollups and campaign tables. Peers' figures go through a PeerCache: one of its own by
 * default (a brand or a CLI run reads every peer once), or the service's, shared by every digest of a Monday.
 */
export class DigestBuilder {
  readonly #sources: DigestSources;
  readonly #cache: PeerCache;

  constructor(sources: DigestSources, cache: PeerCache = new PeerCache({ now: () => 0 })) {
    this.#sources = sources;
    this.#cache = cache;
  }

  /** The digest of one community for one week; `now` is when it is generated (advice looks ahead from it). */
  async build(community: Community, week: DigestWeek, now: Date): Promise<CommunityDigest> {
    const { digests, campaigns } = this.#sources;
    const k = community.settings.kAnonymity;
    const tz = community.timeZone;
    const end = dayStart(week.endDay, tz);
    const tally = await digests.consentTally(community.id, end);
    const about = describe(community);
    // A community smaller than k is not reported at all: any figure could point at one of its few members.
    if (tally.members < k) return withheldDigest(about, week, now);

    const oldestActivity = weeksBefore(week, WEEKLY_COUNTS_BACK).startDay;
    // The charts reach further back than the figures: their weeks' activity and event totals are read too.
    const oldestCharted = weeksBefore(week, Math.max(CHART_WEEKS - 1, WEEKLY_COUNTS_BACK)).startDay;
    const [activeDays, joins, chartedDaily, hourly, sent, offers, questions, openQuestions, liveOffers] =
      await Promise.all([
        digests.activeDays(community.id, oldestCharted, week.endDay, [...inactiveKinds]),
        digests.joins(community.id, dayStart(oldestActivity, tz), end),
        digests.dailyTotals(community.id, oldestCharted, week.endDay),
        digests.hourlyTotals(community.id, dayStart(weeksBefore(week, HOUR_ADVICE_WEEKS - 1).startDay, tz), end),
        campaigns.campaignsSent(community.id, dayStart(weeksBefore(week, PARTICIPATION_WEEKS - 1).startDay, tz), end),
        campaigns.offers(community.id, dayStart(week.startDay, tz), end),
        campaigns.questions(community.id, dayStart(week.startDay, tz), end),
        campaigns.openQuestions(community.id, now),
        campaigns.liveOffers(community.id, now),
      ]);

    const daily = chartedDaily.filter((row) => row.day >= week.startDay);
    const activity = activityFigures({ week, timeZone: tz, activeDays, joins, k });
    const participation = participationFigures({ week, timeZone: tz, campaigns: sent, k });
    const kinds = kindFigures({ daily, offers, questions, k });
    const [membersTotal, ...consentRates] = consentFigures(tally, k);
    const weekSlots = hourOfWeek(hourly, dayStart(week.startDay, tz), end, tz);
    const adviceSlots = hourOfWeek(hourly, dayStart(weeksBefore(week, HOUR_ADVICE_WEEKS - 1).startDay, tz), end, tz);

    const headline = assessHeadline(
      [
        { metric: "participation_rate", kind: "rate", weeks: participation.weekly },
        { metric: "active_members_7d", kind: "count", weeks: activity.weeklyActive },
        { metric: "members_new", kind: "count", weeks: activity.weeklyNew },
      ],
      k,
      weekContexts(week, tz, { members: tally.members, joins }, participation.weeklyCampaigns),
    );
    const own: PeerInput = { participation: participation.weekly, active: activity.weeklyActive };
    const peerInputs = await peersFor(this.#sources, this.#cache, community, week);
    const shown = (metric: string) => headline.find((h) => h.figure.metric === metric)?.figure.status === "shown";
    const peers = comparePeers({
      own,
      ownVisible: { participation: shown("participation_rate"), active: shown("active_members_7d") },
      peers: peerInputs,
    });
    const series = digestSeries({
      week,
      timeZone: tz,
      k,
      participation: participation.weekly,
      peerMedian: peerMedianSeries(peerInputs, PARTICIPATION_WEEKS),
      campaigns: sent,
      activeDays,
      daily: chartedDaily,
    });
    return {
      community: about,
      week,
      generatedAt: now,
      withheld: false,
      headline,
      figures: [
        ...(membersTotal ? [membersTotal] : []),
        ...activity.figures,
        ...participation.figures,
        ...kinds.figures,
        ...consentRates,
        ...hourFigures(weekSlots, k),
      ],
      campaigns: participation.campaigns,
      peers,
      recommendations: recommend({
        now,
        k,
        hourSlots: adviceSlots,
        kindRates: participation.kindRates,
        openQuestions,
        liveOffers,
      }),
      series,
      sources: kinds.sources,
    };
  }
}

/**
 * Per week of the trend window, whether the community existed for all of it and whether a campaign was sent in
 * it. A community began when its first member was seen: before the window when it has more members than joined
 * during the window (`joins` covers the window, `members` every member first seen before its end), else at the
 * earliest of those joins.
 */
function weekContexts(
  week: DigestWeek,
  timeZone: string,
  seen: { readonly members: number; readonly joins: readonly { joinedAt: Date }[] },
  weeklyCampaigns: readonly number[],
): WeekContext[] {
  let launch = seen.members > seen.joins.length ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  // A loop, not Math.min(...): a large community has more members than a call takes arguments.
  for (const join of seen.joins) launch = Math.min(launch, join.joinedAt.getTime());
  return Array.from({ length: TREND_WEEKS }, (_, i) => ({
    existed: launch <= dayStart(weeksBefore(week, i).startDay, timeZone).getTime(),
    campaign: (weeklyCampaigns[i] ?? 0) > 0,
  }));
}

function describe(community: Community): DigestCommunity {
  return {
    id: community.id,
    brandId: community.brandId,
    title: community.title,
    platform: community.platform,
    timeZone: community.timeZone,
    locale: community.locale,
    k: community.settings.kAnonymity,
  };
}

const noPeers: PeerComparison = {
  metric: "participation_rate",
  verdict: "no_data",
  peers: 0,
  origins: [],
  ownChange: null,
  peerMedianChange: null,
  pValue: null,
};

/** A community below k: the digest says only that. */
function withheldDigest(community: DigestCommunity, week: DigestWeek, now: Date): CommunityDigest {
  return {
    community,
    week,
    generatedAt: now,
    withheld: true,
    headline: [],
    figures: [],
    campaigns: [],
    peers: noPeers,
    recommendations: [],
    series: { labels: [], own: [], peerMedian: [], activeMembers: [], interactions: [], byKind: [] },
    sources: { offers: "rollups", questions: "rollups" },
  };
}
