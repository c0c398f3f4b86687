// The app as production runs it: `node dist/main.js` (compiled by scripts/build.mjs), in a process of its own,
// watched from outside: ready when /healthz answers 200, memory read from /proc/<pid>/status, stopped by SIGTERM.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readImageRuntime } from "../test/faults/support/compiled-app.ts";
import { testSecret } from "../test/support/test-app.ts";
import type { AppMemory } from "./app-process.ts";

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Compiles dist/ when it is missing or older than the sources (as `npm start` does). */
export function ensureBuilt(): void {
  execFileSync(process.execPath, [join(projectRoot, "scripts", "build.mjs"), "--if-needed"], { stdio: "inherit" });
}

/** The compiled app, running. */
export interface CompiledApp {
  readonly pid: number;
  readonly port: number;
  /** From spawning the process to the first 200 from /healthz. */
  readonly startSeconds: number;
  memory(): AppMemory;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The image's command line (its Node options included), with its relative paths resolved from the checkout. */
function imageArgs(): string[] {
  const [, ...args] = readImageRuntime().cmd;
  return args.map((arg) => (arg.startsWith("-") ? arg : join(projectRoot, arg)));
}

/**
 * Starts the app as the image runs it (`node … dist/main.js`, see the Dockerfile's CMD) in `cwd` with only PATH,
 * the bench's secret and `env`. BENCH_APP_LOG=info shows its logs on stderr; BENCH_APP_NODE_ARGS adds Node options.
 */
export async function startCompiledApp(
  cwd: string,
  env: Record<string, string>,
  startTimeoutMs = 300_000,
): Promise<CompiledApp> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [...(process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? []), ...imageArgs()],
    {
      cwd,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        LOG_LEVEL: process.env.BENCH_APP_LOG ?? "warn",
        CIRCOLO_SECRET: testSecret,
        CIRCOLO_DATA_DIR: cwd,
        ...env,
      },
      stdio: ["ignore", process.env.BENCH_APP_LOG ? "inherit" : "ignore", "inherit"],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (gone) throw new Error("the compiled app exited before /healthz answered");
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`/healthz did not answer 200 within ${startTimeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const startSeconds = (performance.now() - started) / 1000;
  const pid = child.pid!;
  return {
    pid,
    port,
    startSeconds,
    memory: () => processMemory(pid),
    async stop(timeoutMs = 30_000) {
      if (!gone) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Resident memory of a process, from outside it (Linux /proc). */
export function processMemory(pid: number): AppMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), peakRss: kb("VmHWM"), heapUsed: 0 };
}
