import type { PeerVerdict } from "../src/core/digest/digest.ts";
import type { Translate } from "../src/core/i18n/translator.ts";
import type { CommunityWeek } from "./digest-export.ts";
import { BRAND_DROP, MARKET_DIP, type Plot, plantOf, type WeekPlant } from "./story.ts";

/** One brand's digests of one week, as the story reads them. */
interface Reading {
  readonly brandId: string;
  readonly brandName: string;
  readonly community: CommunityWeek;
}

/** What the demo's digests said, brand by brand and week by week. */
export interface StoryDigests {
  readonly weeks: readonly string[];
  readonly plot: Plot;
  readonly brands: readonly {
    readonly brandId: string;
    readonly brandName: string;
    readonly weeks: readonly { readonly week: string; readonly communities: readonly CommunityWeek[] }[];
  }[];
}

function percent(value: number | null): string {
  return value === null ? "–" : `${Math.round(value * 100)} %`;
}

function signed(value: number | null): string {
  if (value === null) return "–";
  const rounded = Math.round(value * 100);
  return `${rounded > 0 ? "+" : rounded < 0 ? "−" : "±"}${Math.abs(rounded)} %`;
}

/** "in line with peers (market trend) ×6, not enough peers ×2". */
function verdictCounts(readings: readonly Reading[], t: Translate): string {
  const counts = new Map<PeerVerdict, number>();
  for (const r of readings) counts.set(r.community.peers.verdict, (counts.get(r.community.peers.verdict) ?? 0) + 1);
  return [...counts].map(([verdict, n]) => `${t(`digest.verdict.${verdict}`)} ×${n}`).join(", ");
}

function line(reading: Reading, t: Translate): string {
  const { community: c } = reading;
  const compared =
    c.peers.peerMedianChange === null
      ? ""
      : `, ${signed(c.peers.ownChange)} on its 4-week average against ${signed(c.peers.peerMedianChange)} for the median of ${c.peers.peers} peers`;
  return `      ${c.title}: participation ${percent(c.participationRate)}${compared} → ${t(`digest.verdict.${c.peers.verdict}`)}`;
}

/**
 * The summary's story: each planted week with what every digest of it said (the verdict and the changes it
 * compared), the recovery week, and how the quiet weeks read (how many community-weeks were flagged at all).
 */
export function storyLines(digests: StoryDigests, t: Translate): string[] {
  const readingsOf = (index: number): Reading[] =>
    digests.brands.flatMap((brand) =>
      (brand.weeks[index]?.communities ?? []).map((community) => ({
        brandId: brand.brandId,
        brandName: brand.brandName,
        community,
      })),
    );
  const plantOfReading = (r: Reading, index: number): WeekPlant => plantOf(digests.plot, r.brandId, index + 1);
  const { plot } = digests;
  if (plot.marketDip === null || plot.brandDrop === null) {
    return ["  (the story plants its dips in runs of at least 7 weeks: try --weeks 8)"];
  }
  const out = ["  What the story planted, and what the digests said:"];
  const dip = plot.marketDip - 1;
  const dipReadings = readingsOf(dip).filter((r) => r.community.participationRate !== null);
  out.push(
    `    ${digests.weeks[dip]}, a market-wide dip: every community's members kept ${percent(MARKET_DIP)} of their interest`,
    ...dipReadings.map((r) => line(r, t)),
  );
  const recovery = readingsOf(dip + 1);
  const up = recovery.filter((r) =>
    r.community.calls.some((c) => c.metric === "participation_rate" && c.call === "up"),
  );
  out.push(
    `    ${digests.weeks[dip + 1]}, the market recovers: participation called up in ${up.length} of ${recovery.length} digests; ${verdictCounts(recovery, t)}`,
  );
  const drop = plot.brandDrop.week - 1;
  const dropReadings = readingsOf(drop);
  const dropping = dropReadings.filter((r) => plantOfReading(r, drop) === "brand_drop");
  out.push(
    `    ${digests.weeks[drop]}, a brand-specific drop: ${dropping[0]?.brandName ?? plot.brandDrop.brandId}'s members kept ${percent(BRAND_DROP)} of their interest, its peers' did not dip`,
    ...dropping.map((r) => line(r, t)),
    `      every other community: ${verdictCounts(
      dropReadings.filter((r) => !dropping.includes(r)),
      t,
    )}`,
  );
  const quiet = digests.weeks.flatMap((_, index) =>
    readingsOf(index).filter((r) => plantOfReading(r, index) === "quiet"),
  );
  const quietWeeks = digests.weeks.filter((_, index) => plantOf(plot, "", index + 1) === "quiet");
  const flagged = quiet.filter((r) => r.community.peers.verdict === "better" || r.community.peers.verdict === "worse");
  const called = quiet.filter((r) => r.community.calls.length > 0);
  out.push(
    `    quiet weeks (${quietWeeks.join(", ")}): of ${quiet.length} digests, ${flagged.length} better or worse than peers, ${called.length} with a change called out`,
  );
  return out;
}
