import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { testSecret } from "../../support/test-app.ts";
import { waitUntil } from "./wait.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const main = join(root, "src", "app", "main.ts");
/** tsx's loader, imported by url so the child needs no package resolution from its own folder. */
const tsxLoader = pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;

/** A Circolo process as `npm start` runs it, but one process only, so SIGKILL kills the app itself. */
export interface AppProcess {
  readonly child: ChildProcess;
  /** Settles when the process has exited, with its code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The structured log lines written so far (LOG_LEVEL decides how many). */
  logLines(): Record<string, unknown>[];
  /** Resolves once the app logged "circolo is up"; rejects if it exits first. */
  ready(timeoutMs?: number): Promise<void>;
  /** Kills with SIGKILL if still running (for afterEach). */
  dispose(): Promise<void>;
}

/** How to run the app, when not src/app/main.ts through tsx. */
export interface AppCommand {
  /** The command line, e.g. the image's `["node", "dist/main.js"]` (run in `cwd`). */
  readonly argv: readonly [string, ...string[]];
  /** Run as this user and group (the image's USER); only root can switch. */
  readonly uid?: number;
  readonly gid?: number;
}

/**
 * Starts src/app/main.ts (or `command`) in a child process with only the environment given (plus PATH and
 * the test secret), in `cwd` (which must hold no .env file of its own).
 */
export function startAppProcess(cwd: string, env: Record<string, string>, command?: AppCommand): AppProcess {
  const [file, ...args] = command?.argv ?? [process.execPath, "--import", tsxLoader, main];
  const child = spawn(file, args, {
    cwd,
    ...(command?.uid !== undefined ? { uid: command.uid, gid: command.gid ?? command.uid } : {}),
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      CIRCOLO_SECRET: testSecret,
      CIRCOLO_DATA_DIR: cwd,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  let partial = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    partial += chunk.toString("utf8");
    const complete = partial.split("\n");
    partial = complete.pop() ?? "";
    for (const line of complete) {
      // Each handled update logs a line; only the rest are kept, so a burst does not fill the memory.
      if (line.includes('"update handled"')) continue;
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ msg: line });
      }
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4_000);
  });
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      hasExited = true;
      resolve({ code, signal });
    }),
  );
  return {
    child,
    exited,
    logLines: () => lines,
    async ready(timeoutMs = 120_000) {
      await waitUntil(
        () => {
          if (hasExited) throw new Error(`the app exited before it was up: ${stderr}`);
          return lines.some((line) => line.msg === "circolo is up");
        },
        "the app to be up",
        timeoutMs,
      );
    },
    async dispose() {
      if (!hasExited) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}
