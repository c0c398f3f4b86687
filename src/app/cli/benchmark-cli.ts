import { randomInt } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { exportBenchmark } from "../../core/digest/benchmark/benchmark-export.ts";
import { benchmarkDigest, readBenchmarkSnapshot } from "../../core/digest/benchmark/benchmark-import.ts";
import type { BenchmarkSnapshot } from "../../core/digest/benchmark/benchmark-snapshot.schema.ts";
import type { DigestRepository } from "../../core/digest/digest.repository.port.ts";
import { parseIsoWeek } from "../../core/digest/digest-week.ts";
import type { PeerSources } from "../../core/digest/peer-inputs.ts";
import { cliConfig, withDatabase } from "./cli-database.ts";

/** The options of `circolo benchmark export`, as the command line gave them. */
export interface BenchmarkExportOptions {
  readonly week: string;
  readonly source: string;
  readonly epsilon?: string;
  readonly out?: string;
}

/** Where the command's lines go. */
export interface CliOutput {
  /** The snapshot itself, without --out. */
  readonly stdout: NodeJS.WritableStream;
  /** What was done, and problems. */
  readonly stderr: NodeJS.WritableStream;
}

/**
 * `circolo benchmark export --week 2026-W47 [--source <name>] [--epsilon <ε>] [--out <file>]`: the anonymous
 * weekly aggregate of the opted-in communities, as JSON on stdout or in a file. Returns the exit code: 0 written,
 * 1 nothing to export, 2 a usage problem.
 */
export async function benchmarkExportCli(
  options: BenchmarkExportOptions,
  deps: CliOutput & { readonly sources: PeerSources; readonly random: () => number },
): Promise<number> {
  const say = (line: string) => deps.stderr.write(`${line}\n`);
  const week = parseIsoWeek(options.week);
  if (!week) {
    say(`circolo benchmark export: --week must be an ISO week such as 2026-W47, not "${options.week}"`);
    return 2;
  }
  const epsilon = options.epsilon === undefined ? null : Number(options.epsilon);
  if (epsilon !== null && !(Number.isFinite(epsilon) && epsilon > 0)) {
    say(`circolo benchmark export: --epsilon must be a positive number such as 1 or 0.5, not "${options.epsilon}"`);
    return 2;
  }
  const source = options.source.trim();
  if (source.length < 1 || source.length > 80) {
    say("circolo benchmark export: --source must be a name of 1-80 characters");
    return 2;
  }
  const snapshot = await exportBenchmark(deps.sources, { week, source, epsilon, random: deps.random });
  if (snapshot.peers.length === 0) {
    say(
      `circolo benchmark export: nothing to export for ${week.label}: no community opted in to benchmarking (circolo community set <id> --benchmark on) has at least ${snapshot.k} members and a figure to share`,
    );
    return 1;
  }
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  if (options.out) await writeFile(options.out, text, "utf8");
  else deps.stdout.write(text);
  const { name, details } = describe(snapshot);
  say(`exported ${name}${options.out ? ` to ${options.out}` : ""}: ${details}`);
  return 0;
}

/**
 * `circolo benchmark import <file>`: validates a snapshot and adds its communities to the peers of digests of its
 * week. Returns the exit code: 0 imported (or already there), 1 a file that cannot be read or is not a valid
 * snapshot (then nothing is imported).
 */
export async function benchmarkImportCli(
  file: string,
  deps: CliOutput & { readonly digests: DigestRepository; readonly now: Date },
): Promise<number> {
  const say = (line: string) => deps.stderr.write(`${line}\n`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    say(`${file}: ${code === "ENOENT" ? "no such file" : `cannot be read (${code ?? String(error)})`}`);
    say("nothing imported");
    return 1;
  }
  const reading = readBenchmarkSnapshot(text, file);
  if (!reading.ok) {
    for (const problem of reading.problems) say(problem);
    say(`nothing imported: ${file} is not a valid benchmark snapshot (see docs/benchmark-snapshot.schema.json)`);
    return 1;
  }
  const { snapshot } = reading;
  const outcome = await deps.digests.importBenchmark({
    snapshot,
    digest: benchmarkDigest(snapshot),
    importedAt: deps.now,
  });
  const { name, details } = describe(snapshot);
  const line = {
    imported: `imported ${name}: ${details}`,
    unchanged: `already imported: ${name}; nothing changed`,
    replaced: `replaced the earlier ${name} with this file: ${details}`,
  }[outcome];
  deps.stdout.write(`${line}\n`);
  return 0;
}

/** `circolo benchmark list`: every imported snapshot, one line each. Returns the exit code, 0. */
export async function benchmarkListCli(deps: CliOutput & { readonly digests: DigestRepository }): Promise<number> {
  const snapshots = await deps.digests.benchmarks();
  if (snapshots.length === 0) deps.stdout.write("no benchmark snapshot imported (circolo benchmark import <file>)\n");
  for (const s of snapshots) {
    const noise = s.epsilon === null ? "no noise" : `Laplace noise ε = ${s.epsilon}`;
    deps.stdout.write(
      `${s.week}  "${s.source}"  ${s.communities} communities, k = ${s.k}, ${noise}, imported ${s.importedAt.toISOString()}\n`,
    );
  }
  return 0;
}

/**
 * `circolo benchmark remove --source <name> --week <week>`: its communities stop being peers (an import by
 * mistake, such as this deployment's own snapshot, whose communities are already peers). Returns the exit code:
 * 0 removed, 1 no such snapshot.
 */
export async function benchmarkRemoveCli(
  options: { readonly source: string; readonly week: string },
  deps: CliOutput & { readonly digests: DigestRepository },
): Promise<number> {
  const name = `benchmark "${options.source} ${options.week}"`;
  if (await deps.digests.removeBenchmark(options.source, options.week)) {
    deps.stdout.write(`removed ${name}\n`);
    return 0;
  }
  deps.stderr.write(`circolo benchmark remove: no ${name} was imported (see: circolo benchmark list)\n`);
  return 1;
}

/** `benchmark "Agency X 2026-W47"` and `7 communities, k = 5, Laplace noise ε = 1`. */
function describe(snapshot: BenchmarkSnapshot): { name: string; details: string } {
  const noise = snapshot.epsilon === null ? "no noise" : `Laplace noise ε = ${snapshot.epsilon}`;
  return {
    name: `benchmark "${snapshot.source} ${snapshot.week}"`,
    details: `${snapshot.peers.length} communities, k = ${snapshot.k}, ${noise}`,
  };
}

/** Uniform in [0, 1) from the operating system's generator: noise that nobody can replay. */
function secureRandom(): number {
  return randomInt(2 ** 48 - 1) / 2 ** 48;
}

/** Runs `circolo benchmark export` on the configured database. */
export function runBenchmarkExport(options: BenchmarkExportOptions): Promise<number> {
  return withDatabase(cliConfig(), ({ repositories }) =>
    benchmarkExportCli(options, {
      sources: {
        communities: repositories.communities,
        digests: repositories.digests,
        campaigns: repositories.campaignMetrics,
      },
      random: secureRandom,
      stdout: process.stdout,
      stderr: process.stderr,
    }),
  );
}

/** Runs `circolo benchmark import` on the configured database. */
export function runBenchmarkImport(file: string): Promise<number> {
  return withDatabase(cliConfig(), ({ repositories }) =>
    benchmarkImportCli(file, {
      digests: repositories.digests,
      now: new Date(),
      stdout: process.stdout,
      stderr: process.stderr,
    }),
  );
}

/** Runs `circolo benchmark list` on the configured database. */
export function runBenchmarkList(): Promise<number> {
  return withDatabase(cliConfig(), ({ repositories }) =>
    benchmarkListCli({ digests: repositories.digests, stdout: process.stdout, stderr: process.stderr }),
  );
}

/** Runs `circolo benchmark remove` on the configured database. */
export function runBenchmarkRemove(options: { source: string; week: string }): Promise<number> {
  return withDatabase(cliConfig(), ({ repositories }) =>
    benchmarkRemoveCli(options, { digests: repositories.digests, stdout: process.stdout, stderr: process.stderr }),
  );
}
