// `npm run build`: compiles the app and the CLI (generated Prisma clients included) to JavaScript in dist/, so
// production runs plain `node` with no TypeScript loader. esbuild bundles Circolo's own modules and leaves every
// package in node_modules external; `await import()` stays a separate chunk, so what a deployment does not use
// (the other platform's adapter, Vega, PostgreSQL's client) is still loaded only when used.
// `node scripts/build.mjs --if-needed` builds only when a source file is newer than the last build;
// `--outdir <folder>` builds elsewhere (the tests build into a copy of the image's files).
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist");
const stamp = join(outdir, ".built");
/** What the bundle is made from: a change to any of these makes `--if-needed` build again. */
const sources = ["src", "commands", "package.json", "package-lock.json", "scripts/build.mjs"];

/** The newest modification time under a file or folder, in ms. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** True when dist/ is missing or older than a source. */
export function buildNeeded() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return sources.some((source) => newest(join(root, source)) > built);
}

/**
 * Compiles dist/main.js (the bot) and dist/cli.js (the `circolo` command). `outdir` builds elsewhere (tests build
 * into a copy of the image's files); the compiled app finds prisma/ in the nearest folder above it with package.json.
 */
export async function build({ outdir: into = outdir } = {}) {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    throw new Error("esbuild is not installed: run `npm ci` (with dev dependencies) before building");
  }
  // Built beside the target and swapped in, so a process starting meanwhile (or a second build at the same time)
  // never finds a half-written dist/.
  const fresh = `${into}.building-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: "src/app/main.ts", cli: "src/app/cli/main.ts" },
    outdir: fresh,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.11",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
  });
  // The chart rasterizer runs in worker threads and is loaded by path, beside the chunk that draws charts.
  copyFileSync(join(root, "src", "app", "digest", "png-raster.worker.mjs"), join(fresh, "png-raster.worker.mjs"));
  if (into === outdir) writeFileSync(join(fresh, ".built"), `${new Date().toISOString()}\n`);
  const old = `${into}.old-${process.pid}`;
  if (existsSync(into)) renameSync(into, old);
  try {
    renameSync(fresh, into);
  } catch (error) {
    // Another build swapped its dist/ in between: it is as new as this one.
    if (!["ENOTEMPTY", "EEXIST"].includes(error.code)) throw error;
    rmSync(fresh, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifNeeded = process.argv.includes("--if-needed");
  const at = process.argv.indexOf("--outdir");
  const into = at > 0 ? process.argv[at + 1] : undefined;
  if (!ifNeeded || buildNeeded()) {
    const started = performance.now();
    await build(into ? { outdir: resolve(into) } : {});
    console.error(`circolo: built ${into ?? "dist/"} in ${Math.round(performance.now() - started)} ms`);
  }
}
