import { type Community, defaultCommunitySettings } from "../../domain/community.ts";
import { countVisible, shareVisible } from "../../privacy/k-anonymity.ts";
import { type DigestWeek, dayStart } from "../digest-week.ts";
import { PARTICIPATION_WEEKS, type WeekRate } from "../participation-figures.ts";
import { type PeerSources, readPeerInput } from "../peer-inputs.ts";
import type { PeerInput } from "../peers.ts";
import {
  BENCHMARK_ACTIVE_WEEKS,
  type BenchmarkPeer,
  type BenchmarkSnapshot,
  benchmarkFormat,
  benchmarkSnapshotSchema,
} from "./benchmark-snapshot.schema.ts";

/** What `circolo benchmark export` was asked for. */
export interface BenchmarkExportRequest {
  readonly week: DigestWeek;
  /** The publisher's name, as the importing digests will say it. */
  readonly source: string;
  /** Laplace noise of scale 1/ε on every count, or null for none. */
  readonly epsilon: number | null;
  /** Uniform in [0, 1): the noise and the order of the communities (a seeded one in tests). */
  readonly random: () => number;
}

/**
 * The anonymous weekly aggregate of the deployment's opted-in communities: for each, its participation over
 * PARTICIPATION_WEEKS weeks and its active members over BENCHMARK_ACTIVE_WEEKS weeks, and nothing else: no id,
 * no name, no brand, no time zone, in random order. One k serves the whole file: the largest of the project's
 * default and the communities' own. A community with fewer than k members is left out (as its digest is); every
 * figure is shown only if it obeys k before and after the noise, else it is null; a community with no figure
 * left is left out.
 */
export async function exportBenchmark(
  sources: PeerSources,
  request: BenchmarkExportRequest,
): Promise<BenchmarkSnapshot> {
  const optedIn = (await sources.communities.listActive()).filter((c) => c.settings.benchmarkOptIn);
  const k = Math.max(defaultCommunitySettings().kAnonymity, ...optedIn.map((c) => c.settings.kAnonymity));
  const noise = laplace(request.epsilon, request.random);
  const peers: BenchmarkPeer[] = [];
  for (const community of optedIn) {
    if (!(await hasAtLeast(sources, community, request.week, k))) continue;
    const peer = anonymous(await readPeerInput(sources, community, request.week), k, noise);
    if (peer.participation.some((rate) => rate !== null) || peer.active.some((count) => count !== null))
      peers.push(peer);
  }
  return benchmarkSnapshotSchema.parse({
    format: benchmarkFormat,
    source: request.source,
    week: request.week.label,
    k,
    epsilon: request.epsilon,
    peers: shuffled(peers, request.random),
  });
}

async function hasAtLeast(sources: PeerSources, community: Community, week: DigestWeek, k: number) {
  const tally = await sources.digests.consentTally(community.id, dayStart(week.endDay, community.timeZone));
  return tally.members >= k;
}

/** A count as exported: rounded, never negative, noised when ε is given. */
type Noise = (count: number) => number;

function anonymous(input: PeerInput, k: number, noise: Noise): BenchmarkPeer {
  const rate = (week: WeekRate | undefined) => {
    if (!week || !shareVisible(week.responders, week.reach, k)) return null;
    const reach = noise(week.reach);
    const responders = Math.min(noise(week.responders), reach);
    return shareVisible(responders, reach, k) ? { responders, reach } : null;
  };
  const count = (value: number | undefined) => {
    if (value === undefined || !countVisible(value, k)) return null;
    const noisy = noise(value);
    return countVisible(noisy, k) ? noisy : null;
  };
  return {
    participation: Array.from({ length: PARTICIPATION_WEEKS }, (_, i) => rate(input.participation[i])),
    active: Array.from({ length: BENCHMARK_ACTIVE_WEEKS }, (_, i) => count(input.active[i])),
  };
}

/**
 * Laplace noise of scale 1/ε (ε-differential privacy for a count one person changes by at most one), rounded to
 * a whole count and clamped at zero; the identity without ε.
 */
export function laplace(epsilon: number | null, random: () => number): Noise {
  if (epsilon === null) return (count) => count;
  return (count) => {
    const u = random() - 0.5;
    // random() may return 0 exactly: keep the logarithm finite.
    const draw = -(Math.sign(u) / epsilon) * Math.log(Math.max(Number.MIN_VALUE, 1 - 2 * Math.abs(u)));
    return Math.max(0, Math.round(count + draw));
  };
}

/** Fisher–Yates: the file's order says nothing about which community is which. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
