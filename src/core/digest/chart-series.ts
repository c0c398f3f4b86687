import { countVisible, shareVisible } from "../privacy/k-anonymity.ts";
import { localDay } from "../time/local-time.ts";
import type { CampaignFacts, CampaignKind } from "./campaign-metrics.port.ts";
import type { ActiveDay, DailyKindTotal } from "./digest.repository.port.ts";
import type { DigestSeries } from "./digest.ts";
import { type DigestWeek, weekOffset, weeksBefore } from "./digest-week.ts";
import { metricDefinitions } from "./metric-definitions.ts";
import type { WeekRate } from "./participation-figures.ts";

/** Weeks the charts span at most: the reported one and the eleven before it. */
export const CHART_WEEKS = 12;

const kinds: readonly CampaignKind[] = ["poll", "offer", "qa"];
const interactionKinds: ReadonlySet<string> = new Set(metricDefinitions.interactions.kinds);

/**
 * The weekly series the digest's charts draw, oldest week first, from what the digest already read: the
 * campaigns and the participation of the last CHART_WEEKS weeks, the peers' median, the consenting members'
 * active days and the daily event totals. They start at the community's first full week (the first with any
 * event or campaign, or the week after it when the community started after that week's Monday), so a
 * three-week-old community is charted over three weeks, not twelve. Every value obeys the
 * community's k: a week whose count or share would be withheld is a gap.
 * Inputs indexed by week (`participation`, `peerMedian`) have index 0 for the reported week.
 */
export function digestSeries(input: {
  week: DigestWeek;
  timeZone: string;
  k: number;
  participation: readonly WeekRate[];
  peerMedian: readonly (number | null)[];
  campaigns: readonly CampaignFacts[];
  activeDays: readonly ActiveDay[];
  daily: readonly DailyKindTotal[];
}): DigestSeries {
  const { week, k } = input;
  const indexOfDay = (day: string) => -weekOffset(day, week);
  const inSpan = (index: number) => index >= 0 && index < CHART_WEEKS;

  const interactions = new Array<number>(CHART_WEEKS).fill(0);
  let oldest = 0;
  let firstDay = week.startDay;
  const seen = (day: string, index: number) => {
    oldest = Math.max(oldest, index);
    if (day < firstDay) firstDay = day;
  };
  for (const row of input.daily) {
    const index = indexOfDay(row.day);
    if (!inSpan(index)) continue;
    seen(row.day, index);
    if (interactionKinds.has(row.kind)) interactions[index] = (interactions[index] ?? 0) + row.count;
  }
  const active = Array.from({ length: CHART_WEEKS }, () => new Set<string>());
  for (const row of input.activeDays) {
    const index = indexOfDay(row.day);
    if (!inSpan(index)) continue;
    seen(row.day, index);
    active[index]?.add(row.memberId);
  }
  const byKind = new Map<CampaignKind, WeekRate[]>();
  for (const campaign of input.campaigns) {
    const day = localDay(campaign.sentAt, input.timeZone);
    const index = indexOfDay(day);
    if (!inSpan(index)) continue;
    seen(day, index);
    if (campaign.responders === null) continue;
    const weeks = byKind.get(campaign.kind) ?? Array.from({ length: CHART_WEEKS }, () => ({ responders: 0, reach: 0 }));
    const slot = weeks[index] as WeekRate;
    weeks[index] = { responders: slot.responders + campaign.responders, reach: slot.reach + campaign.reach };
    byKind.set(campaign.kind, weeks);
  }

  // A community that started inside the span (after its oldest week) is charted from its first full week: the
  // days before it joined would read as a dip. In the oldest week of the span that cannot be told apart from a
  // community that was merely quiet on its first days, so that week stays.
  if (oldest > 0 && oldest < CHART_WEEKS - 1 && firstDay !== weeksBefore(week, oldest).startDay) oldest -= 1;
  // Oldest first: index `oldest` (the community's first full week in the span) down to 0 (the reported week).
  const order = Array.from({ length: oldest + 1 }, (_, i) => oldest - i);
  const rate = (w: WeekRate | undefined) =>
    w && w.reach > 0 && shareVisible(w.responders, w.reach, k) ? w.responders / w.reach : null;
  const count = (n: number) => (countVisible(n, k) ? n : null);
  return {
    labels: order.map((i) => weeksBefore(week, i).label),
    own: order.map((i) => rate(input.participation[i])),
    peerMedian: order.map((i) => input.peerMedian[i] ?? null),
    activeMembers: order.map((i) => count(active[i]?.size ?? 0)),
    interactions: order.map((i) => count(interactions[i] ?? 0)),
    byKind: kinds.flatMap((kind) => {
      const weeks = byKind.get(kind);
      if (!weeks || !order.some((i) => (weeks[i]?.reach ?? 0) > 0)) return [];
      return [{ kind, values: order.map((i) => rate(weeks[i])) }];
    }),
  };
}
