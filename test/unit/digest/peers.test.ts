import { describe, expect, it } from "vitest";
import { comparePeers, MIN_PEERS, type PeerInput, peerMedianSeries } from "../../../src/core/digest/peers.ts";

/** A community whose participation moves by `change` this week against four steady weeks at `rate`. */
function community(change: number, reach = 1_000, rate = 0.3): PeerInput {
  const week = (p: number) => ({ responders: Math.round(p * reach), reach });
  return {
    participation: [week(rate * (1 + change)), week(rate), week(rate), week(rate), week(rate)],
    active: [300, 300, 300, 300, 300],
  };
}

const visible = { participation: true, active: true };

describe("brand problem or market trend", () => {
  it("calls a drop shared by the peers a market trend", () => {
    const peers = [-0.22, -0.18, -0.2, -0.19, -0.21].map((c) => community(c));
    const result = comparePeers({ own: community(-0.2), ownVisible: visible, peers });
    expect(result.verdict).toBe("in_line");
    expect(result.peers).toBe(5);
    expect(result.peerMedianChange).toBeCloseTo(-0.2, 2);
    expect(result.ownChange).toBeCloseTo(-0.2, 2);
  });

  it("calls a drop the peers do not share brand-specific", () => {
    const peers = [0.01, -0.02, 0, 0.02, -0.01, 0].map((c) => community(c));
    const result = comparePeers({ own: community(-0.25), ownVisible: visible, peers });
    expect(result.verdict).toBe("worse");
    expect(result.pValue).toBeLessThan(0.05);
  });

  it("calls a rise the peers do not share better than peers", () => {
    const peers = [0.01, -0.02, 0, 0.02, -0.01].map((c) => community(c));
    expect(comparePeers({ own: community(0.3), ownVisible: visible, peers }).verdict).toBe("better");
  });

  it("keeps a difference that could be noise in line with peers", () => {
    const peers = [0, 0, 0, 0, 0].map((c) => community(c));
    // 40 reached: a 15 % drop is well within noise.
    expect(comparePeers({ own: community(-0.15, 40), ownVisible: visible, peers }).verdict).toBe("in_line");
  });

  it("says not enough peers below five, and shares no median then", () => {
    const peers = Array.from({ length: MIN_PEERS - 1 }, () => community(0));
    const result = comparePeers({ own: community(-0.3), ownVisible: visible, peers });
    expect(result.verdict).toBe("not_enough_peers");
    expect(result.peerMedianChange).toBeNull();
  });

  it("does not count peers without figures for both periods", () => {
    const empty: PeerInput = { participation: [], active: [] };
    const peers = [...Array.from({ length: 4 }, () => community(0)), empty, empty];
    expect(comparePeers({ own: community(-0.3), ownVisible: visible, peers }).verdict).toBe("not_enough_peers");
  });

  it("compares active members when the community had no participation to compare", () => {
    const own: PeerInput = { participation: [], active: [200, 300, 300, 300, 300] };
    const peers = Array.from({ length: 5 }, () => ({ participation: [], active: [300, 300, 300, 300, 300] }));
    const result = comparePeers({ own, ownVisible: visible, peers });
    expect(result.metric).toBe("active_members_7d");
    expect(result.verdict).toBe("worse");
  });

  it("has nothing to compare when the community's own figures are withheld", () => {
    const peers = Array.from({ length: 5 }, () => community(0));
    const result = comparePeers({ own: community(-0.3), ownVisible: { participation: false, active: false }, peers });
    expect(result.verdict).toBe("no_data");
    expect(result.ownChange).toBeNull();
  });

  it("charts the peers' median only for weeks with at least five peers", () => {
    const peers = [0.2, 0.3, 0.4, 0.5, 0.6].map((rate) => community(0, 100, rate));
    expect(peerMedianSeries(peers, 2)).toEqual([0.4, 0.4]);
    expect(peerMedianSeries(peers.slice(1), 2)).toEqual([null, null]);
  });
});
