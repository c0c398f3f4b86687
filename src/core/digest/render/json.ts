import type { CommunityDigest, Figure, PeerComparison } from "../digest.ts";
import { metricDefinitions } from "../metric-definitions.ts";

/** The words for each verdict, carried in the JSON beside its code. */
const verdictPhrases = {
  in_line: "in line with peers (market trend)",
  better: "better than peers",
  worse: "worse than peers (brand-specific)",
  not_enough_peers: "not enough peers",
  no_data: "no data to compare",
} as const;

/** Where the peers came from, in the words of the verdict: "5 peers: 3 from this deployment, 2 from the benchmark 'Agency X 2026-W47'". */
export function peerOriginsPhrase(peers: PeerComparison): string {
  if (peers.peers === 0) return "no peers";
  const parts = peers.origins.map((origin) =>
    origin.kind === "deployment"
      ? `${origin.peers} from this deployment`
      : `${origin.peers} from the benchmark '${origin.source} ${origin.week}'`,
  );
  return `${peers.peers} ${peers.peers === 1 ? "peer" : "peers"}: ${parts.join(", ")}`;
}

/** The version of the JSON layout; a change that breaks readers bumps it. */
export const digestJsonFormat = "circolo-digest/1";

function figureJson(f: Figure) {
  return {
    metric: f.metric,
    key: f.key,
    value: f.value,
    numerator: f.numerator,
    denominator: f.denominator,
    status: f.status,
  };
}

/** One community's digest as plain data: every figure under its definition name. */
export function digestToJson(digest: CommunityDigest) {
  return {
    community: digest.community,
    week: digest.week,
    generatedAt: digest.generatedAt.toISOString(),
    withheld: digest.withheld,
    headline: digest.headline.map((h) => ({
      ...figureJson(h.figure),
      call: h.call,
      comparisons: h.comparisons,
      trend: h.trend,
    })),
    peers: { ...digest.peers, phrase: verdictPhrases[digest.peers.verdict], from: peerOriginsPhrase(digest.peers) },
    recommendations: digest.recommendations,
    campaigns: digest.campaigns.map((c) => ({ ...c, participation: figureJson(c.participation) })),
    series: digest.series,
    sources: digest.sources,
    figures: digest.figures.map(figureJson),
  };
}

/**
 * Digests as a JSON document: the definitions of every figure (metric-definitions.ts) and the digests, each
 * figure carrying its definition's name, so anyone can check how it was computed.
 */
export function digestsJson(digests: readonly CommunityDigest[]): string {
  return `${JSON.stringify({ format: digestJsonFormat, definitions: metricDefinitions, digests: digests.map(digestToJson) }, null, 2)}\n`;
}
