// What the bench reports: figures measured over several runs (min, median, max), ratios between figures measured
// side by side in the same runs, and the targets, each met or missed. Printed as a table and written as JSON.
import { cpus, freemem, loadavg, type as osType, release, totalmem } from "node:os";
import { type Spread, spread } from "./stats.ts";

/** A ratio of two figures, computed run by run (both measured in the same run), then summarised. */
export interface Ratio extends Spread {
  /** What the figure is divided by ("raw ceiling"). */
  readonly against: string;
  /** How the ratio reads: as a percentage ("52 % of") or a multiple ("23× "). */
  readonly style: "percent" | "times";
  readonly runs: readonly number[];
}

/** One of the targets and whether the median met it. */
export interface Target {
  readonly text: string;
  readonly met: boolean;
}

/** A measured figure: one value per run. */
export interface Figure extends Spread {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly runs: readonly number[];
  readonly ratios: readonly Ratio[];
  readonly targets: readonly Target[];
}

/** A figure the bench could not measure, and why (never a made-up value). */
export interface Unmeasured {
  readonly id: string;
  readonly label: string;
  readonly reason: string;
  /** A target known to be missed even so (a run stopped at its time cap), listed with the missed targets. */
  readonly missedTarget?: string;
}

/** One part of the bench (ingest on SQLite, latency, ...). */
export interface Section {
  readonly id: string;
  readonly title: string;
  /** How it was measured, in a few sentences. */
  readonly method: readonly string[];
  readonly figures: readonly Figure[];
  readonly unmeasured: readonly Unmeasured[];
}

/** The machine the bench ran on. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly freeMemoryGbAtStart: number;
  readonly os: string;
  readonly node: string;
  /** 1, 5 and 15-minute load averages when the bench started (other work on the machine skews absolute figures). */
  readonly loadAverageAtStart: readonly number[];
}

/** bench/results.json. */
export interface BenchResults {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: Machine;
  readonly sections: readonly Section[];
  /** Every target missed, as "<figure>: <target>". */
  readonly targetsMissed: readonly string[];
  /** Sections that failed to run, with their error. */
  readonly failures: readonly { readonly section: string; readonly error: string }[];
}

/** Describes this machine. */
export function describeMachine(): Machine {
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGb: round(totalmem() / 2 ** 30),
    freeMemoryGbAtStart: round(freemem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    loadAverageAtStart: loadavg().map(round),
  };
}

/** A figure from its per-run values. */
export function figure(
  id: string,
  label: string,
  unit: string,
  runs: readonly number[],
  extra: { ratios?: readonly Ratio[]; targets?: readonly Target[] } = {},
): Figure {
  return {
    id,
    label,
    unit,
    runs: [...runs],
    ...spread(runs),
    ratios: extra.ratios ?? [],
    targets: extra.targets ?? [],
  };
}

/** The run-by-run ratio of two figures measured in the same runs. */
export function ratio(
  against: string,
  numerator: readonly number[],
  denominator: readonly number[],
  style: Ratio["style"],
): Ratio {
  if (numerator.length !== denominator.length) throw new Error("a ratio needs values from the same runs");
  const runs = numerator.map((value, i) => value / denominator[i]!);
  return { against, style, runs, ...spread(runs) };
}

/** Every target missed in the results. */
export function missedTargets(sections: readonly Section[]): string[] {
  return sections.flatMap((section) => [
    ...section.figures.flatMap((f) =>
      f.targets.filter((t) => !t.met).map((t) => `${section.title} — ${f.label}: ${t.text}`),
    ),
    ...section.unmeasured.flatMap((u) =>
      u.missedTarget ? [`${section.title} — ${u.label}: ${u.missedTarget} (${u.reason})`] : [],
    ),
  ]);
}

/** The results as a plain-text table, one block per section. */
export function formatTable(results: BenchResults): string {
  const lines: string[] = [];
  const m = results.machine;
  lines.push(
    `circolo bench — ${results.startedAt.slice(0, 10)} — ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}`,
    `load average at start ${m.loadAverageAtStart.join(" / ")}; took ${Math.round(results.durationSeconds)} s`,
    "",
  );
  for (const section of results.sections) {
    lines.push(section.title);
    const rows: string[][] = [["figure", "median", "min – max", "side by side", "target"]];
    for (const f of section.figures) {
      rows.push([
        f.label,
        `${number(f.median, f.unit)} ${f.unit}`,
        `${number(f.min, f.unit)} – ${number(f.max, f.unit)}`,
        f.ratios.map(formatRatio).join("; "),
        f.targets.map((t) => `${t.met ? "met" : "MISSED"}: ${t.text}`).join("; "),
      ]);
    }
    for (const u of section.unmeasured) {
      rows.push([u.label, "not measured", "", u.reason, u.missedTarget ? `MISSED: ${u.missedTarget}` : ""]);
    }
    lines.push(...columns(rows).map((line) => `  ${line}`), "");
  }
  for (const failure of results.failures) lines.push(`FAILED ${failure.section}: ${failure.error}`);
  if (results.targetsMissed.length > 0) {
    lines.push("Targets missed:", ...results.targetsMissed.map((t) => `  - ${t}`));
  } else if (results.failures.length === 0) {
    lines.push("Every target measured was met.");
  }
  return lines.join("\n");
}

function formatRatio(r: Ratio): string {
  const one = (v: number) =>
    r.style === "percent" ? `${Math.round(v * 100)} %` : `${v < 10 ? v.toFixed(1) : Math.round(v)}×`;
  return `${one(r.median)} ${r.style === "percent" ? "of" : ""} ${r.against} (${one(r.min)} – ${one(r.max)})`.replace(
    "  ",
    " ",
  );
}

function number(value: number, unit: string): string {
  if (unit === "ms")
    return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value).toString();
  if (unit === "s") return value.toFixed(1);
  return Math.round(value).toLocaleString("en-US");
}

function columns(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd(),
  );
}
