// The compiled app and CLI as an operator meets them: how long from `node dist/main.js` to /healthz answering 200
// on an empty database, and how long a CLI call takes (`--help`, `community list`, one community's digest with its
// charts), each a fresh process, as medians over several runs.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { testSecret } from "../test/support/test-app.ts";
import { createBenchDatabase } from "./bench-database.ts";
import { ensureBuilt, projectRoot, startCompiledApp } from "./compiled-app.ts";
import { generateDigestDataset } from "./digest-dataset.ts";
import { figure, type Section } from "./report.ts";

export interface RuntimeOptions {
  readonly runs: number;
  /** Events stored by the community whose digest is drawn. */
  readonly digestEvents: number;
  readonly progress?: (line: string) => void;
}

const run = promisify(execFile);
const targets = { startSeconds: 2, cliSeconds: 1, digestSeconds: 1.5 } as const;

export async function measureRuntime(options: RuntimeOptions): Promise<Section> {
  ensureBuilt();
  const starts: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const folder = await mkdtemp(join(tmpdir(), "circolo-bench-start-"));
    try {
      const app = await startCompiledApp(folder, {});
      starts.push(app.startSeconds);
      const code = await app.stop();
      if (code !== 0) throw new Error(`the app exited ${code} on SIGTERM`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  options.progress?.(`runtime: start to /healthz ${starts.map((s) => s.toFixed(2)).join(", ")} s`);

  const database = await createBenchDatabase({ provider: "sqlite" });
  try {
    const dataset = await generateDigestDataset(database, {
      communities: 100,
      brands: 5,
      scaling: [options.digestEvents],
    });
    const cli = async (...args: string[]): Promise<number> => {
      const started = performance.now();
      await run(process.execPath, [join(projectRoot, "bin", "circolo.mjs"), ...args], {
        cwd: projectRoot,
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: database.url, CIRCOLO_SECRET: testSecret },
        maxBuffer: 64 * 1024 * 1024,
      });
      return (performance.now() - started) / 1000;
    };
    const out = await mkdtemp(join(tmpdir(), "circolo-bench-digest-"));
    const times = { help: [] as number[], list: [] as number[], digest: [] as number[] };
    try {
      for (let i = 0; i < options.runs; i++) {
        times.help.push(await cli("--help"));
        times.list.push(await cli("community", "list"));
        const week = dataset.week.label;
        const community = dataset.scaling[0]!.communityId;
        times.digest.push(await cli("digest", "--community", community, "--week", week, "--out", join(out, "d.md")));
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    options.progress?.(`runtime: digest ${times.digest.map((s) => s.toFixed(2)).join(", ")} s`);
    const within = (values: number[], limit: number) => [
      {
        text: `≤ ${limit} s (median)`,
        met: [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]! <= limit,
      },
    ];
    return {
      id: "runtime",
      title: "Compiled app and CLI",
      method: [
        `${options.runs} runs of each, every one a fresh process of the compiled code (\`npm run build\`): the app (\`node dist/main.js\`, no platform tokens) from spawn to the first 200 from /healthz on an empty SQLite file it creates and migrates; the CLI (\`bin/circolo.mjs\`) on a SQLite file with 100 communities.`,
        `The digest is one community's (${options.digestEvents.toLocaleString("en-US")} stored events, 2,000 members) Markdown with its PNG chart written to a file, so it loads Vega and draws.`,
      ],
      figures: [
        figure("runtime.start", "start to /healthz 200 (empty database)", "s", starts, {
          targets: within(starts, targets.startSeconds),
        }),
        figure("runtime.cli-help", "CLI --help", "s", times.help, { targets: within(times.help, targets.cliSeconds) }),
        figure("runtime.cli-list", "CLI community list (100 communities)", "s", times.list, {
          targets: within(times.list, targets.cliSeconds),
        }),
        figure("runtime.cli-digest", "CLI digest of one community, Markdown with chart", "s", times.digest, {
          targets: within(times.digest, targets.digestSeconds),
        }),
      ],
      unmeasured: [],
    };
  } finally {
    await database.drop();
  }
}
