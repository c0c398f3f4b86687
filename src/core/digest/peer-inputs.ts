import type { Community } from "../domain/community.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import { activityFigures } from "./activity-figures.ts";
import type { BenchmarkPeer } from "./benchmark/benchmark-snapshot.schema.ts";
import type { CampaignMetricsSource } from "./campaign-metrics.port.ts";
import type { BenchmarkPeerSet, DigestRepository } from "./digest.repository.port.ts";
import { type DigestWeek, dayStart, weeksBefore } from "./digest-week.ts";
import { inactiveKinds } from "./metric-definitions.ts";
import { PARTICIPATION_WEEKS, participationFigures } from "./participation-figures.ts";
import type { PeerCache } from "./peer-cache.ts";
import type { PeerInput } from "./peers.ts";

/** What reading peers needs: the communities, their rollups, their campaigns, and the imported benchmarks. */
export interface PeerSources {
  readonly communities: CommunityRepository;
  readonly digests: DigestRepository;
  readonly campaigns: CampaignMetricsSource;
}

/**
 * The peers of a community for a week: the opted-in communities of other brands on this deployment, then the
 * communities of every benchmark snapshot imported for that week (each tagged with its snapshot).
 */
export async function peersFor(
  sources: PeerSources,
  cache: PeerCache,
  community: Community,
  week: DigestWeek,
): Promise<PeerInput[]> {
  const [optedIn, benchmarks] = await Promise.all([
    cache.peers(async () => (await sources.communities.listActive()).filter((c) => c.settings.benchmarkOptIn)),
    cache.benchmarks(week.label, () => sources.digests.benchmarkPeers(week.label)),
  ]);
  const local = await Promise.all(
    optedIn
      .filter((peer) => peer.brandId !== community.brandId)
      .map((peer) => cache.input(`${peer.id}\u0000${week.startDay}`, () => readPeerInput(sources, peer, week))),
  );
  return [...local, ...benchmarks.flatMap(benchmarkInputs)];
}

/** A community's weekly participation and active members for the week's local days, in its own time zone. */
export async function readPeerInput(sources: PeerSources, peer: Community, week: DigestWeek): Promise<PeerInput> {
  const tz = peer.timeZone;
  const end = dayStart(week.endDay, tz);
  const k = peer.settings.kAnonymity;
  const [sent, activeDays] = await Promise.all([
    sources.campaigns.campaignsSent(peer.id, dayStart(weeksBefore(week, PARTICIPATION_WEEKS - 1).startDay, tz), end),
    sources.digests.activeDays(peer.id, weeksBefore(week, 4).startDay, week.endDay, [...inactiveKinds]),
  ]);
  const participation = participationFigures({ week, timeZone: tz, campaigns: sent, k });
  const activity = activityFigures({ week, timeZone: tz, activeDays, joins: [], k });
  return { participation: participation.weekly, active: activity.weeklyActive };
}

/**
 * A snapshot's communities as peers. A withheld week of participation counts as no campaign (the baseline pools
 * the weeks shown); active members with any withheld week of the five are left out, since a 4-week average
 * missing a week would be wrong.
 */
function benchmarkInputs(set: BenchmarkPeerSet): PeerInput[] {
  const origin = { kind: "benchmark", source: set.source, week: set.week } as const;
  return set.peers.map((peer: BenchmarkPeer) => {
    const active = peer.active.filter((count): count is number => count !== null);
    return {
      participation: peer.participation.map((rate) => rate ?? { responders: 0, reach: 0 }),
      active: active.length === peer.active.length ? active : [],
      origin,
    };
  });
}
