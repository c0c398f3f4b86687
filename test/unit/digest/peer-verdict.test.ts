// The verdict names where its peers came from and how many there were, in English and Italian, in every
// rendering: the chat view, Markdown, HTML and JSON.
import { beforeAll, describe, expect, it } from "vitest";
import type { CommunityDigest } from "../../../src/core/digest/digest.ts";
import { DigestBuilder } from "../../../src/core/digest/digest-builder.ts";
import { dayStart, parseIsoWeek } from "../../../src/core/digest/digest-week.ts";
import { comparePeers, type PeerInput } from "../../../src/core/digest/peers.ts";
import { communityDigestView } from "../../../src/core/digest/render/chat-view.ts";
import { DigestText } from "../../../src/core/digest/render/digest-text.ts";
import { communitySection, htmlDocument } from "../../../src/core/digest/render/html.ts";
import { digestsJson } from "../../../src/core/digest/render/json.ts";
import { communityMarkdown } from "../../../src/core/digest/render/markdown.ts";
import { Translator } from "../../../src/core/i18n/translator.ts";
import { syntheticCommunity } from "./support/synthetic.ts";
import { inMemoryBed, load } from "./support/test-bed.ts";

const week = parseIsoWeek("2026-W47")!;
const end = dayStart(week.endDay, "Europe/Rome");
const benchmark = { kind: "benchmark", source: "Agency X", week: "2026-W47" } as const;

/** A peer whose participation moves by `change` this week against four steady weeks. */
function peer(change: number, origin?: PeerInput["origin"]): PeerInput {
  const week = (p: number) => ({ responders: Math.round(p * 1_000), reach: 1_000 });
  return {
    participation: [week(0.3 * (1 + change)), week(0.3), week(0.3), week(0.3), week(0.3)],
    active: [300, 300, 300, 300, 300],
    ...(origin ? { origin } : {}),
  };
}

let digest: CommunityDigest;

beforeAll(async () => {
  const bed = await inMemoryBed();
  const log = syntheticCommunity({ seed: 5, timeZone: "Europe/Rome", end, weeks: 10, members: 160, reach: 60 });
  const community = await load(bed, log, { id: "verdict", title: "Pasticceria Rossi" });
  const built = await new DigestBuilder({
    communities: bed.repositories.communities,
    digests: bed.repositories.digests,
    campaigns: bed.repositories.campaignMetrics,
  }).build(community, week, new Date(end.getTime() + 9 * 3_600_000));
  // The community's own figures, against three peers of this deployment and two of a benchmark.
  const peers = comparePeers({
    own: peer(-0.2),
    ownVisible: { participation: true, active: true },
    peers: [peer(-0.21), peer(-0.19), peer(-0.2), peer(-0.18, benchmark), peer(-0.22, benchmark)],
  });
  digest = { ...built, peers };
});

const text = (locale: "en" | "it") => new DigestText(new Translator().for(locale), locale);
const english = "5 peers: 3 from this deployment, 2 from the benchmark “Agency X 2026-W47”";

describe("the peer verdict's sources", () => {
  it("counts peers by origin, this deployment first", () => {
    expect(digest.peers.verdict).toBe("in_line");
    expect(digest.peers.origins).toEqual([
      { kind: "deployment", peers: 3 },
      { ...benchmark, peers: 2 },
    ]);
  });

  it("says where the peers came from in English and in Italian", () => {
    expect(text("en").peers(digest.peers)).toMatch(
      /^Verdict: in line with peers \(market trend\) — peers: 5 \(3 from this deployment, 2 from the benchmark “Agency X 2026-W47”\)\. /,
    );
    expect(text("it").peers(digest.peers)).toMatch(
      /^Verdetto: in linea con le community simili \(tendenza del mercato\) — community simili: 5 \(3 da questa installazione, 2 dal benchmark «Agency X 2026-W47»\)\. /,
    );
  });

  it("names the sources in the chat view, Markdown, HTML and JSON", () => {
    const sentence = text("en").peers(digest.peers);
    const chat = JSON.stringify(communityDigestView(digest, text("en"), []));
    expect(chat).toContain(JSON.stringify(sentence).slice(1, -1));
    expect(communityMarkdown(digest, text("en"))).toContain("2 from the benchmark “Agency X 2026-W47”");
    const html = htmlDocument("Digest", "en", [communitySection(digest, text("en"))]);
    expect(html).toContain("3 from this deployment, 2 from the benchmark “Agency X 2026-W47”");
    const [json] = JSON.parse(digestsJson([digest])).digests;
    expect(json.peers.from).toBe(english.replace(/“|”/g, "'"));
    expect(json.peers.origins).toEqual(digest.peers.origins);
  });

  it("says how many peers there were, and from where, when they are too few", () => {
    const tooFew = comparePeers({
      own: peer(-0.2),
      ownVisible: { participation: true, active: true },
      peers: [peer(0), peer(0, benchmark)],
    });
    expect(text("en").peers(tooFew)).toBe(
      "Verdict: not enough peers — peers: 2 (1 from this deployment, 1 from the benchmark “Agency X 2026-W47”); at least 5 are needed: opted-in communities of other brands on this deployment, or an imported benchmark snapshot.",
    );
    const none = comparePeers({ own: peer(-0.2), ownVisible: { participation: true, active: true }, peers: [] });
    expect(text("en").peers(none)).toMatch(/^Verdict: not enough peers — no peers yet; at least 5 are needed/);
    expect(text("it").peers(none)).toMatch(
      /^Verdetto: community simili insufficienti — ancora nessuna community simile;/,
    );
  });
});

describe("a peer comparison on active members", () => {
  const steady = (count: number): PeerInput => ({
    participation: [],
    active: [count, count, count, count, count],
  });

  it("compares a community launched two weeks ago with those two weeks, not with four where two are empty", () => {
    const launched: PeerInput = { participation: [], active: [40, 40, 40, 0, 0] };
    const result = comparePeers({
      own: launched,
      ownVisible: { participation: false, active: true },
      peers: [steady(100), steady(120), steady(80), steady(90), steady(110)],
    });
    expect(result.metric).toBe("active_members_7d");
    expect(result.ownChange).toBeCloseTo(0, 10);
    expect(result.verdict).toBe("in_line");
  });

  it("still counts a quiet week between active ones in the baseline", () => {
    const dipped: PeerInput = { participation: [], active: [40, 40, 0, 40, 40] };
    const result = comparePeers({
      own: dipped,
      ownVisible: { participation: false, active: true },
      peers: [steady(100), steady(120), steady(80), steady(90), steady(110)],
    });
    expect(result.ownChange).toBeCloseTo(40 / 30 - 1, 10);
  });
});
