// Benchmark snapshots: what an export carries (nothing that names a community or a person, nothing below k),
// how an import is validated, and how imported communities join the peer verdict of another deployment.
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { benchmarkExportCli, benchmarkImportCli } from "../../../src/app/cli/benchmark-cli.ts";
import { exportBenchmark, laplace } from "../../../src/core/digest/benchmark/benchmark-export.ts";
import { benchmarkDigest, readBenchmarkSnapshot } from "../../../src/core/digest/benchmark/benchmark-import.ts";
import {
  BENCHMARK_ACTIVE_WEEKS,
  type BenchmarkSnapshot,
  benchmarkSnapshotJsonSchema,
} from "../../../src/core/digest/benchmark/benchmark-snapshot.schema.ts";
import { DigestBuilder } from "../../../src/core/digest/digest-builder.ts";
import { dayStart, parseIsoWeek } from "../../../src/core/digest/digest-week.ts";
import { PEER_CACHE_MS, PeerCache } from "../../../src/core/digest/peer-cache.ts";
import { type PeerSources, readPeerInput } from "../../../src/core/digest/peer-inputs.ts";
import type { Community } from "../../../src/core/domain/community.ts";
import { countVisible, identitiesIn, shareVisible } from "../../../src/core/privacy/k-anonymity.ts";
import { seeded, syntheticCommunity } from "./support/synthetic.ts";
import { inMemoryBed, load, type TestBed } from "./support/test-bed.ts";

const week = parseIsoWeek("2026-W48")!;
const now = new Date("2026-12-02T10:00:00Z");

function sourcesOf(bed: TestBed): PeerSources {
  const { repositories } = bed;
  return {
    communities: repositories.communities,
    digests: repositories.digests,
    campaigns: repositories.campaignMetrics,
  };
}

/** Every figure of a snapshot obeys its k: counts 0 or at least k, shares with whole, part and rest so too. */
function everyFigureKAnonymous(snapshot: BenchmarkSnapshot): boolean {
  return snapshot.peers.every(
    (peer) =>
      peer.participation.every((r) => r === null || shareVisible(r.responders, r.reach, snapshot.k)) &&
      peer.active.every((a) => a === null || countVisible(a, snapshot.k)),
  );
}

/** A deployment of an agency: six opted-in communities of six brands, steady in the reported week. */
async function agencyDeployment(): Promise<{ bed: TestBed; communities: Community[]; identities: string[] }> {
  const bed = await inMemoryBed();
  const communities: Community[] = [];
  const identities: string[] = [];
  for (let i = 0; i < 6; i++) {
    const timeZone = i % 2 === 0 ? "Europe/Rome" : "America/New_York";
    const log = syntheticCommunity({
      seed: 100 + i,
      timeZone,
      end: dayStart(week.endDay, timeZone),
      weeks: 8,
      members: 80,
      reach: 60,
      voteShare: 0.4,
    });
    const id = `agency-${i}`;
    communities.push(
      await load(bed, log, { id, title: `Caffè Numero ${i}`, brandId: `roaster-${i}`, benchmarkOptIn: true }),
    );
    identities.push(id, `Caffè Numero ${i}`, `roaster-${i}`, `Brand roaster-${i}`);
    for (const m of log.members) identities.push(`${id}-${m.id}`, `p-${id}-${m.id}`);
  }
  const quiet = syntheticCommunity({
    seed: 7,
    timeZone: "UTC",
    end: dayStart(week.endDay, "UTC"),
    weeks: 8,
    members: 60,
  });
  await load(bed, quiet, { id: "not-opted-in", title: "Private Club", brandId: "private" });
  identities.push("not-opted-in", "Private Club");
  return { bed, communities, identities };
}

/** Another brand's deployment: one community of its own, whose participation drops sharply in the reported week. */
async function brandDeployment(): Promise<{ bed: TestBed; community: Community }> {
  const bed = await inMemoryBed();
  const log = syntheticCommunity({
    seed: 42,
    timeZone: "Europe/Rome",
    end: dayStart(week.endDay, "Europe/Rome"),
    weeks: 8,
    members: 90,
    reach: 60,
    voteShare: 0.4,
    lastWeekFactor: 0.4,
  });
  const community = await load(bed, log, { id: "gelateria", title: "Gelateria Aurora", brandId: "aurora" });
  return { bed, community };
}

function streams() {
  const out = { stdout: "", stderr: "" };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on("data", (chunk: Buffer) => {
    out.stdout += chunk.toString("utf8");
  });
  stderr.on("data", (chunk: Buffer) => {
    out.stderr += chunk.toString("utf8");
  });
  return { stdout, stderr, out };
}

describe("benchmark export", () => {
  let agency: Awaited<ReturnType<typeof agencyDeployment>>;
  beforeAll(async () => {
    agency = await agencyDeployment();
  });

  it("carries each opted-in community's figures and no id or name of a community, brand or member", async () => {
    const snapshot = await exportBenchmark(sourcesOf(agency.bed), {
      week,
      source: "Agency X",
      epsilon: null,
      random: seeded(1),
    });
    expect(snapshot.peers).toHaveLength(6);
    expect(identitiesIn(JSON.stringify(snapshot), agency.identities)).toEqual([]);
    expect(Object.keys(snapshot).sort()).toEqual(["epsilon", "format", "k", "peers", "source", "week"]);
    for (const peer of snapshot.peers) expect(Object.keys(peer).sort()).toEqual(["active", "participation"]);
    // Without noise, the figures are the communities' own, in some order.
    const truth = await Promise.all(agency.communities.map((c) => readPeerInput(sourcesOf(agency.bed), c, week)));
    const exported = snapshot.peers.map((p) => JSON.stringify(p.active)).sort();
    // The snapshot carries the latest BENCHMARK_ACTIVE_WEEKS weeks of active members, the peer test's window.
    expect(exported).toEqual(truth.map((t) => JSON.stringify(t.active.slice(0, BENCHMARK_ACTIVE_WEEKS))).sort());
    expect(everyFigureKAnonymous(snapshot)).toBe(true);
  });

  it("withholds every figure below k and leaves out a community smaller than k", async () => {
    const bed = await inMemoryBed();
    // Polls reach about three members a week: every week's participation is below k = 5.
    const sparse = syntheticCommunity({
      seed: 3,
      timeZone: "UTC",
      end: dayStart(week.endDay, "UTC"),
      weeks: 8,
      members: 40,
      reach: 3,
      pollsPerWeek: 1,
    });
    const community = await load(bed, sparse, { id: "sparse", brandId: "a", benchmarkOptIn: true });
    const tiny = syntheticCommunity({
      seed: 4,
      timeZone: "UTC",
      end: dayStart(week.endDay, "UTC"),
      weeks: 8,
      members: 3,
    });
    await load(bed, tiny, { id: "tiny", brandId: "b", benchmarkOptIn: true });

    const truth = await readPeerInput(sourcesOf(bed), community, week);
    const small = truth.participation.filter((w) => w.reach > 0 && !shareVisible(w.responders, w.reach, 5));
    expect(small.length).toBeGreaterThan(0);
    const snapshot = await exportBenchmark(sourcesOf(bed), { week, source: "Small", epsilon: null, random: seeded(2) });
    expect(snapshot.peers).toHaveLength(1);
    const [peer] = snapshot.peers;
    truth.participation.forEach((w, i) => {
      if (!shareVisible(w.responders, w.reach, 5)) expect(peer?.participation[i]).toBeNull();
    });
    expect(peer?.active).toHaveLength(BENCHMARK_ACTIVE_WEEKS);
    truth.active.slice(0, BENCHMARK_ACTIVE_WEEKS).forEach((a, i) => {
      expect(peer?.active[i]).toBe(countVisible(a, 5) ? a : null);
    });
    expect(everyFigureKAnonymous(snapshot)).toBe(true);
  });

  it("adds Laplace noise of the stated ε and still shows nothing below k", async () => {
    const plain = await exportBenchmark(sourcesOf(agency.bed), { week, source: "X", epsilon: null, random: seeded(5) });
    const noisy = await exportBenchmark(sourcesOf(agency.bed), { week, source: "X", epsilon: 0.5, random: seeded(5) });
    expect(noisy.epsilon).toBe(0.5);
    expect(everyFigureKAnonymous(noisy)).toBe(true);
    const sum = (s: BenchmarkSnapshot) => s.peers.flatMap((p) => p.active.map((a) => a ?? 0));
    expect(sum(noisy)).not.toEqual(sum(plain));
    // The noise's scale is 1/ε: its mean absolute size, before rounding to whole counts, is about 1/ε.
    const noise = laplace(0.5, seeded(9));
    const draws = Array.from({ length: 20_000 }, () => noise(1_000) - 1_000);
    const meanAbsolute = draws.reduce((a, b) => a + Math.abs(b), 0) / draws.length;
    expect(meanAbsolute).toBeGreaterThan(1.8);
    expect(meanAbsolute).toBeLessThan(2.2);
  });

  it("refuses a week that is not an ISO week, and exports nothing when no community opted in", async () => {
    const bad = streams();
    const deps = { sources: sourcesOf(agency.bed), random: seeded(1), ...bad };
    expect(await benchmarkExportCli({ week: "48", source: "X" }, deps)).toBe(2);
    expect(bad.out.stderr).toContain("--week must be an ISO week such as 2026-W47");
    expect(await benchmarkExportCli({ week: "2026-W48", source: "X", epsilon: "-1" }, deps)).toBe(2);
    expect(bad.out.stderr).toContain("--epsilon must be a positive number");

    const lonely = await brandDeployment();
    const empty = streams();
    expect(
      await benchmarkExportCli(
        { week: "2026-W48", source: "X" },
        { sources: sourcesOf(lonely.bed), random: seeded(1), ...empty },
      ),
    ).toBe(1);
    expect(empty.out.stdout).toBe("");
    expect(empty.out.stderr).toContain("nothing to export for 2026-W48");
  });
});

describe("benchmark import", () => {
  it("gives another deployment's community a verdict it could not have before, naming where its peers came from", async () => {
    // Alone on its deployment the brand cannot tell its drop from the market's; the agency's steady peers tell it.
    const agency = await agencyDeployment();
    const brand = await brandDeployment();
    const builder = () => new DigestBuilder(sourcesOf(brand.bed));
    const before = await builder().build(brand.community, week, now);
    expect(before.peers.verdict).toBe("not_enough_peers");
    expect(before.peers.origins).toEqual([]);

    const exported = streams();
    expect(
      await benchmarkExportCli(
        { week: "2026-W48", source: "Agency X" },
        { sources: sourcesOf(agency.bed), random: seeded(11), ...exported },
      ),
    ).toBe(0);
    const snapshot = readBenchmarkSnapshot(exported.out.stdout, "agency.json");
    expect(snapshot.ok).toBe(true);
    if (!snapshot.ok) return;
    const stored = { snapshot: snapshot.snapshot, digest: benchmarkDigest(snapshot.snapshot), importedAt: now };
    expect(await brand.bed.repositories.digests.importBenchmark(stored)).toBe("imported");

    const after = await builder().build(brand.community, week, now);
    expect(after.peers.verdict).toBe("worse");
    expect(after.peers.peers).toBe(6);
    expect(after.peers.origins).toEqual([{ kind: "benchmark", source: "Agency X", week: "2026-W48", peers: 6 }]);
    expect(after.series.peerMedian.at(-1)).not.toBeNull();

    // The same snapshot again, even re-indented, counts once.
    const again = JSON.parse(JSON.stringify(snapshot.snapshot, null, 4)) as BenchmarkSnapshot;
    expect(
      await brand.bed.repositories.digests.importBenchmark({
        ...stored,
        snapshot: again,
        digest: benchmarkDigest(again),
      }),
    ).toBe("unchanged");
    expect((await builder().build(brand.community, week, now)).peers.peers).toBe(6);
  });

  it("counts peers of this deployment and of a benchmark side by side", async () => {
    const agency = await agencyDeployment();
    const brand = await brandDeployment();
    for (let i = 0; i < 3; i++) {
      const log = syntheticCommunity({
        seed: 200 + i,
        timeZone: "Europe/Rome",
        end: dayStart(week.endDay, "Europe/Rome"),
        weeks: 8,
        members: 80,
        reach: 60,
        voteShare: 0.4,
        lastWeekFactor: 0.8,
      });
      await load(brand.bed, log, { id: `local-${i}`, brandId: `neighbour-${i}`, benchmarkOptIn: true });
    }
    const snapshot = await exportBenchmark(sourcesOf(agency.bed), {
      week,
      source: "Agency X",
      epsilon: null,
      random: seeded(3),
    });
    await brand.bed.repositories.digests.importBenchmark({
      snapshot,
      digest: benchmarkDigest(snapshot),
      importedAt: now,
    });
    const digest = await new DigestBuilder(sourcesOf(brand.bed)).build(brand.community, week, now);
    expect(digest.peers.peers).toBe(9);
    expect(digest.peers.origins).toEqual([
      { kind: "deployment", peers: 3 },
      { kind: "benchmark", source: "Agency X", week: "2026-W48", peers: 6 },
    ]);
  });

  it("rejects a bad file with every problem named by its path, and imports nothing", async () => {
    const brand = await brandDeployment();
    const good = await exportBenchmark(sourcesOf((await agencyDeployment()).bed), {
      week,
      source: "Agency X",
      epsilon: null,
      random: seeded(4),
    });
    const bad = structuredClone(good) as unknown as { format: string; peers: Record<string, unknown>[] };
    bad.format = "circolo-benchmark/9";
    bad.peers[0] = { ...bad.peers[0], communityId: "agency-0" };
    const reading = readBenchmarkSnapshot(JSON.stringify(bad), "agency.json");
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.problems).toContain('agency.json: format: expected "circolo-benchmark/1"');
    expect(reading.problems.some((p) => p.startsWith('agency.json: peers[0]: unknown field "communityId"'))).toBe(true);
    const small = structuredClone(good);
    (small.peers[1]?.active as (number | null)[])[2] = 3;
    expect(readBenchmarkSnapshot(JSON.stringify(small), "agency.json")).toEqual({
      ok: false,
      problems: ["agency.json: peers[1].active[2]: expected 0, at least k = 5, or null"],
    });
    expect(readBenchmarkSnapshot("{ not json", "agency.json")).toMatchObject({ ok: false });

    const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const folder = await mkdtemp(join(tmpdir(), "circolo-benchmark-"));
    try {
      const file = join(folder, "bad.json");
      await writeFile(file, JSON.stringify(bad));
      const out = streams();
      const deps = { digests: brand.bed.repositories.digests, now, ...out };
      expect(await benchmarkImportCli(file, deps)).toBe(1);
      expect(out.out.stderr).toContain(`${file}: format: expected "circolo-benchmark/1"`);
      expect(out.out.stderr).toContain("nothing imported");
      expect(await benchmarkImportCli(join(folder, "missing.json"), deps)).toBe(1);
      expect(out.out.stderr).toContain(`${join(folder, "missing.json")}: no such file`);
      expect(await brand.bed.repositories.digests.benchmarkPeers("2026-W48")).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe("benchmark peers in a Monday's run", () => {
  it("reads the week's snapshots once for every digest built within the peer cache's lifetime", async () => {
    const brand = await brandDeployment();
    const { digests } = brand.bed.repositories;
    let reads = 0;
    const counting = new Proxy(digests, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (property === "benchmarkPeers")
          return (week: string) => {
            reads += 1;
            return target.benchmarkPeers(week);
          };
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    let clock = 0;
    const builder = new DigestBuilder(
      { ...sourcesOf(brand.bed), digests: counting },
      new PeerCache({ now: () => clock }),
    );
    await builder.build(brand.community, week, now);
    await builder.build(brand.community, week, now);
    expect(reads).toBe(1);
    clock += PEER_CACHE_MS + 1;
    await builder.build(brand.community, week, now);
    expect(reads).toBe(2);
  });
});

describe("the benchmark snapshot format", () => {
  it("publishes a JSON Schema generated from the zod schema, kept in docs/", async () => {
    const { readFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const committed = JSON.parse(
      readFileSync(join(import.meta.dirname, "../../../docs/benchmark-snapshot.schema.json"), "utf8"),
    );
    expect(committed).toEqual(benchmarkSnapshotJsonSchema());
  });
});
