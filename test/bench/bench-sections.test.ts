// The bench's latency, digest, memory, runtime and PostgreSQL sections at tiny sizes, so that a change that breaks
// `npm run bench` fails CI. Nothing here asserts a speed: only that every figure is measured, with its spread,
// and carries its target.
import { describe, expect, it } from "vitest";
import { measureDigest } from "../../bench/digest.ts";
import { measureIngest } from "../../bench/ingest.ts";
import { measureLatency } from "../../bench/latency.ts";
import { measureMemory } from "../../bench/memory.ts";
import type { Figure, Section } from "../../bench/report.ts";
import { measureRuntime } from "../../bench/runtime.ts";

const postgres = process.env.BENCH_POSTGRES_URL;

function byId(section: Section, id: string): Figure {
  const found = section.figures.find((f) => f.id === id);
  if (!found) throw new Error(`no figure ${id} in ${section.figures.map((f) => f.id).join(", ")}`);
  return found;
}

function expectSpread(f: Figure, runs: number): void {
  expect(f.runs).toHaveLength(runs);
  expect(f.min).toBeLessThanOrEqual(f.median);
  expect(f.median).toBeLessThanOrEqual(f.max);
}

describe("npm run bench, every section at a tiny size", () => {
  it("times Telegram webhook and Discord interaction answers against the real app in its own process", async () => {
    const section = await measureLatency({
      rate: 20,
      warmupMs: 200,
      windows: 2,
      windowMs: 500,
      answerTimeoutMs: 20_000,
    });

    expect(section.unmeasured).toEqual([]);
    for (const platform of ["telegram", "discord"]) {
      const p99 = byId(section, `latency.${platform}.p99`);
      expectSpread(p99, 2);
      expect(p99.min).toBeGreaterThanOrEqual(0);
      expect(p99.targets.map((t) => t.text)).toEqual(["p99 < 25 ms"]);
      expect(byId(section, `latency.${platform}.p50`).median).toBeLessThanOrEqual(p99.median);
      expect(byId(section, `latency.${platform}.unanswered`).max).toBe(0);
    }
  }, 240_000);

  it("builds one community's digest at each stored size and runs the weekly digest of a whole deployment", async () => {
    const section = await measureDigest({
      target: { provider: "sqlite" },
      communities: 6,
      scaling: [1_000, 3_000],
      runs: 2,
      deploymentRuns: 1,
      deploymentConcurrency: 4,
      deploymentCapMs: 120_000,
    });

    expect(section.unmeasured).toEqual([]);
    expect(section.figures.map((f) => f.id)).toEqual([
      "digest.build.1000",
      "digest.message.1000",
      "digest.build.3000",
      "digest.message.3000",
      "digest.deployment",
    ]);
    expectSpread(byId(section, "digest.build.3000"), 2);
    expect(byId(section, "digest.build.3000").ratios.map((r) => r.against)).toEqual(["the 1 thousand events case"]);
    expect(byId(section, "digest.build.3000").targets.map((t) => t.text)).toEqual(["≤ 200 ms"]);
    expect(byId(section, "digest.deployment").targets.map((t) => t.text)).toEqual(["≤ 30 s"]);
  }, 240_000);

  it("reads the resident memory of the app's process on a loaded database next to an empty one", async () => {
    const section = await measureMemory({ communities: 60, members: 1_200, burst: 20, burstRate: 40, bursts: 1 });

    const peak = byId(section, "memory.peak");
    expectSpread(peak, 1);
    expect(peak.min).toBeGreaterThan(10);
    expect(peak.targets.map((t) => t.text)).toEqual(["≤ 200 MB"]);
    expect(byId(section, "memory.empty-idle").targets.map((t) => t.text)).toEqual(["≤ 120 MB"]);
    expect(peak.ratios.map((r) => r.against)).toEqual(["empty database"]);
    expect(byId(section, "memory.unanswered").max).toBe(0);
  }, 240_000);

  it("times the compiled app's start to /healthz and the compiled CLI's calls, each a fresh process", async () => {
    const section = await measureRuntime({ runs: 1, digestEvents: 1_000 });

    expect(section.figures.map((f) => f.id)).toEqual([
      "runtime.start",
      "runtime.cli-help",
      "runtime.cli-list",
      "runtime.cli-digest",
    ]);
    for (const f of section.figures) expectSpread(f, 1);
    expect(byId(section, "runtime.start").targets.map((t) => t.text)).toEqual(["≤ 2 s (median)"]);
    expect(byId(section, "runtime.cli-digest").targets.map((t) => t.text)).toEqual(["≤ 1.5 s (median)"]);
  }, 240_000);

  it.skipIf(!postgres)(
    "measures ingest and the digest on PostgreSQL when BENCH_POSTGRES_URL names a server",
    async () => {
      const target = { provider: "postgresql" as const, server: postgres! };
      const ingest = await measureIngest({
        target,
        events: 200,
        naiveEvents: 40,
        runs: 1,
        shape: { communities: 2, membersPerCommunity: 10, consentShare: 0.6 },
      });
      expect(ingest.figures.map((f) => f.id)).toEqual([
        "ingest.postgresql.ceiling",
        "ingest.postgresql.whole",
        "ingest.postgresql.hot",
        "ingest.postgresql.naive",
      ]);
      const digest = await measureDigest({
        target,
        communities: 4,
        scaling: [1_000],
        runs: 1,
        deploymentRuns: 1,
        deploymentConcurrency: 4,
        deploymentCapMs: 120_000,
      });
      expect(digest.figures.map((f) => f.id)).toContain("digest.deployment");
    },
    300_000,
  );
});
