// The bench's ingest comparison at a tiny size, so that a change that breaks `npm run bench` fails CI.
import { describe, expect, it } from "vitest";
import { measureIngest } from "../../bench/ingest.ts";
import { type BenchResults, describeMachine, figure, formatTable, missedTargets, ratio } from "../../bench/report.ts";

describe("npm run bench", () => {
  it("measures every ingest path side by side and reports each figure with its spread, ratios and targets", async () => {
    const section = await measureIngest({
      target: { provider: "sqlite" },
      events: 200,
      naiveEvents: 40,
      runs: 1,
      shape: { communities: 2, membersPerCommunity: 10, consentShare: 0.6 },
    });

    expect(section.figures.map((f) => f.id)).toEqual([
      "ingest.sqlite.ceiling",
      "ingest.sqlite.whole",
      "ingest.sqlite.hot",
      "ingest.sqlite.prisma",
      "ingest.sqlite.naive",
    ]);
    for (const f of section.figures) {
      expect(f.unit).toBe("events/s");
      expect(f.runs).toHaveLength(1);
      expect(f.min).toBeGreaterThan(0);
      expect(f.min).toBeLessThanOrEqual(f.median);
      expect(f.median).toBeLessThanOrEqual(f.max);
    }
    const whole = section.figures.find((f) => f.id === "ingest.sqlite.whole")!;
    expect(whole.ratios.map((r) => r.against)).toEqual(["raw ceiling", "naive"]);
    expect(whole.targets.map((t) => t.text)).toEqual(["≥ 50 % of the raw ceiling", "≥ 20× the naive path"]);
    const hot = section.figures.find((f) => f.id === "ingest.sqlite.hot")!;
    expect(hot.ratios.map((r) => r.against)).toEqual(["raw ceiling", "naive", "Prisma path"]);

    const results: BenchResults = {
      startedAt: new Date().toISOString(),
      durationSeconds: 1,
      machine: describeMachine(),
      sections: [section],
      targetsMissed: missedTargets([section]),
      failures: [],
    };
    expect(JSON.parse(JSON.stringify(results))).toEqual(results);
    const table = formatTable(results);
    for (const f of section.figures) expect(table).toContain(f.label);
  }, 180_000);

  it("divides figures run by run and names every missed target", () => {
    const fast = ratio("ceiling", [50, 90], [100, 100], "percent");
    expect(fast.runs).toEqual([0.5, 0.9]);
    expect([fast.min, fast.median, fast.max]).toEqual([0.5, 0.7, 0.9]);
    expect(() => ratio("ceiling", [1], [1, 2], "percent")).toThrow();

    const slow = figure("x", "a slow figure", "ms", [300, 100, 200], {
      targets: [{ text: "≤ 150 ms", met: false }],
    });
    expect([slow.min, slow.median, slow.max]).toEqual([100, 200, 300]);
    const section = { id: "s", title: "Section", method: [], figures: [slow], unmeasured: [] };
    expect(missedTargets([section])).toEqual(["Section — a slow figure: ≤ 150 ms"]);
    const capped = {
      ...section,
      unmeasured: [{ id: "y", label: "a run", reason: "stopped at the cap", missedTarget: "≤ 30 s" }],
    };
    expect(missedTargets([capped])).toEqual([
      "Section — a slow figure: ≤ 150 ms",
      "Section — a run: ≤ 30 s (stopped at the cap)",
    ]);
  });
});
