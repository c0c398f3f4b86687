import type { PeerComparison, PeerMetric, PeerOrigin, PeerOriginCount } from "./digest.ts";
import { MIN_RELATIVE_CHANGE, SIGNIFICANCE_LEVEL } from "./headline.ts";
import type { WeekRate } from "./participation-figures.ts";
import { median, twoSidedNormalP } from "./statistics.ts";

/** Fewer opted-in peers than this and the digest says "not enough peers". */
export const MIN_PEERS = 5;

/** What the peer comparison needs of one community: weekly rates and counts, index 0 the reported week. */
export interface PeerInput {
  /** Participation per week, at least five weeks (the reported one and the 4-week baseline). */
  readonly participation: readonly WeekRate[];
  /** Distinct active members per week, the same five weeks. */
  readonly active: readonly number[];
  /** Where the peer came from; absent for a community of this deployment. */
  readonly origin?: PeerOrigin;
}

/** A change against the 4-week baseline as a log ratio, with its standard error. */
export interface LogChange {
  readonly logRatio: number;
  readonly standardError: number;
}

/**
 * The reported week's participation against the pooled rate of the four weeks before, as ln(p / p_baseline),
 * with the delta-method standard error √((1−p)/x + (1−p_b)/x_b). Null without responders in either period.
 */
export function participationChange(weeks: readonly WeekRate[]): LogChange | null {
  const current = weeks[0];
  const baseline = weeks
    .slice(1, 5)
    .reduce((a, b) => ({ responders: a.responders + b.responders, reach: a.reach + b.reach }), {
      responders: 0,
      reach: 0,
    });
  if (!current || current.responders === 0 || baseline.responders === 0) return null;
  const p = current.responders / current.reach;
  const pb = baseline.responders / baseline.reach;
  return {
    logRatio: Math.log(p / pb),
    standardError: Math.sqrt((1 - p) / current.responders + (1 - pb) / baseline.responders),
  };
}

/**
 * The reported week's count against the average of the up to four weeks before, as ln(c / (c_b / n)), with the
 * Poisson standard error √(1/c + 1/c_b). The oldest weeks with nobody active, before the first week with
 * somebody, are taken as weeks before the community existed and left out of the average (a community launched
 * two weeks ago is compared with those two weeks, not with four where two are empty). Null when either is zero.
 */
export function countChange(weeks: readonly number[]): LogChange | null {
  const current = weeks[0] ?? 0;
  const before = weeks.slice(1, 5);
  while (before.length > 0 && (before[before.length - 1] ?? 0) === 0) before.pop();
  const baseline = before.reduce((a, b) => a + b, 0);
  if (current === 0 || baseline === 0) return null;
  return {
    logRatio: Math.log(current / (baseline / before.length)),
    standardError: Math.sqrt(1 / current + 1 / baseline),
  };
}

/**
 * Brand problem or market trend: the community's change against the median change of its peers (opted-in
 * communities of other brands on this deployment, and the communities of imported benchmark snapshots). Participation is compared when the community has it for
 * both periods, else active members. The difference from the peers' median is tested with the community's
 * own standard error; "better" or "worse" needs p < 0.05 and a gap of at least 10 % — otherwise the change is
 * "in line with peers (market trend)". Only the number of peers (by origin) and their median leave this function.
 */
export function comparePeers(input: {
  own: PeerInput;
  ownVisible: { readonly participation: boolean; readonly active: boolean };
  peers: readonly PeerInput[];
}): PeerComparison {
  const participation = input.ownVisible.participation ? participationChange(input.own.participation) : null;
  const active = input.ownVisible.active ? countChange(input.own.active) : null;
  const metric: PeerMetric = participation || !active ? "participation_rate" : "active_members_7d";
  const own = metric === "participation_rate" ? participation : active;
  const changeOf = (peer: PeerInput) =>
    metric === "participation_rate" ? participationChange(peer.participation) : countChange(peer.active);
  const compared = input.peers.flatMap((peer) => {
    const change = changeOf(peer);
    return change ? [{ change, origin: peer.origin ?? deployment }] : [];
  });
  const peerChanges = compared.map((c) => c.change);
  const peerMedian = median(peerChanges.map((c) => c.logRatio));
  const base = {
    metric,
    peers: peerChanges.length,
    origins: countByOrigin(compared.map((c) => c.origin)),
    ownChange: own ? Math.expm1(own.logRatio) : null,
    peerMedianChange: peerMedian === null || peerChanges.length < MIN_PEERS ? null : Math.expm1(peerMedian),
  };
  if (peerChanges.length < MIN_PEERS || peerMedian === null) {
    return { ...base, verdict: "not_enough_peers", pValue: null };
  }
  if (!own) return { ...base, verdict: "no_data", pValue: null };
  const gap = own.logRatio - peerMedian;
  const pValue = twoSidedNormalP(gap / own.standardError);
  const material = Math.abs(Math.expm1(gap)) >= MIN_RELATIVE_CHANGE;
  const verdict = pValue < SIGNIFICANCE_LEVEL && material ? (gap > 0 ? "better" : "worse") : "in_line";
  return { ...base, verdict, pValue };
}

const deployment: PeerOrigin = { kind: "deployment" };

/** How many peers came from each origin: this deployment first, then the benchmark snapshots as they came. */
function countByOrigin(origins: readonly PeerOrigin[]): PeerOriginCount[] {
  const counts = new Map<string, PeerOriginCount>();
  for (const origin of origins) {
    const key = origin.kind === "deployment" ? "" : `${origin.source}\u0000${origin.week}`;
    const seen = counts.get(key);
    counts.set(key, { ...origin, peers: (seen?.peers ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "deployment" ? -1 : 1));
}

/** Per week, the median of the peers' participation rates; null where fewer than MIN_PEERS peers have one. */
export function peerMedianSeries(peers: readonly PeerInput[], weeks: number): (number | null)[] {
  return Array.from({ length: weeks }, (_, index) => {
    const rates = peers.flatMap((peer) => {
      const week = peer.participation[index];
      return week && week.reach > 0 ? [week.responders / week.reach] : [];
    });
    return rates.length >= MIN_PEERS ? median(rates) : null;
  });
}
