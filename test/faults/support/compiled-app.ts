import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..", "..");

/** How the image runs the app, as its Dockerfile's last stage says. */
export interface ImageRuntime {
  readonly workdir: string;
  readonly user: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cmd: readonly [string, ...string[]];
}

/** Reads WORKDIR, USER, ENV and CMD of the Dockerfile's final stage (continuation lines joined). */
export function readImageRuntime(dockerfile = join(root, "Dockerfile")): ImageRuntime {
  const lines = readFileSync(dockerfile, "utf8").replace(/\\\n/g, " ").split("\n");
  const lastFrom = lines.findLastIndex((line) => /^FROM\s/i.test(line));
  let workdir = "/";
  let user = "root";
  let cmd: string[] = [];
  const env: Record<string, string> = {};
  for (const line of lines.slice(lastFrom + 1)) {
    const [, instruction, rest = ""] = /^(\w+)\s+(.*)$/.exec(line.trim()) ?? [];
    if (instruction === "WORKDIR") workdir = rest;
    else if (instruction === "USER") user = rest;
    else if (instruction === "CMD") cmd = JSON.parse(rest) as string[];
    else if (instruction === "ENV") {
      for (const pair of rest.split(/\s+/)) {
        const [name, ...value] = pair.split("=");
        if (name) env[name] = value.join("=");
      }
    }
  }
  const [file, ...args] = cmd;
  if (!file) throw new Error("the Dockerfile's last stage has no CMD in exec form");
  return { workdir, user, env, cmd: [file, ...args] };
}

/** A folder laid out like the image's root: `<root><workdir>` holds what the image's /app holds. */
export interface StagedImage {
  readonly root: string;
  /** The image's working directory inside `root`. */
  readonly app: string;
  readonly runtime: ImageRuntime;
  /** The image's ENV, with its absolute paths moved under `root`. */
  env(): Record<string, string>;
  remove(): void;
}

/**
 * Assembles what the image would contain (scripts/image-files.mjs, as the Dockerfile runs it) in a temporary
 * folder and compiles the app into it (scripts/build.mjs), so a test runs the compiled app without any build
 * done beforehand. node_modules is linked to this checkout's (with its dev dependencies: only pruning differs).
 */
export function stageImage(): StagedImage {
  const runtime = readImageRuntime();
  const dir = mkdtempSync(join(tmpdir(), "circolo-image-"));
  // mkdtemp makes it private; the image's user must be able to reach its /app.
  chmodSync(dir, 0o755);
  const app = join(dir, runtime.workdir);
  execFileSync(
    process.execPath,
    [join(root, "scripts", "image-files.mjs"), app, "--link-node-modules", "--without-dist"],
    { stdio: "inherit" },
  );
  execFileSync(process.execPath, [join(root, "scripts", "build.mjs"), "--outdir", join(app, "dist")], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  return {
    root: dir,
    app,
    runtime,
    env: () =>
      Object.fromEntries(
        Object.entries(runtime.env).map(([name, value]) => [name, value.startsWith("/") ? join(dir, value) : value]),
      ),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
