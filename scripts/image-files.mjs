// What the container image holds in /app, in one place: the Dockerfile's build stage runs
// `node scripts/image-files.mjs /app` after `npm run build` and `npm prune --omit=dev`, and the test of the
// image's command line (test/faults/image) assembles the same folder outside a container.
// Not shipped: src (dist/ is the compiled app), tests, the emulators, benchmarks, the demo, scripts, docs.
import { cpSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Files and folders the running app reads, relative to the project root. */
export const imageFiles = ["package.json", "LICENSE", "dist", "prisma/migrations", "prisma/migrations-postgres"];

/**
 * Copies the image's files into `dest`, with node_modules (production dependencies, once pruned) copied, or
 * linked to this checkout's when `linkNodeModules` (a test cannot prune the checkout it runs from). `withDist`
 * false leaves dist/ out, for a caller that builds into `dest/dist` itself.
 */
export function copyImageFiles(dest, { linkNodeModules = false, withDist = true } = {}) {
  mkdirSync(dest, { recursive: true });
  for (const file of imageFiles) {
    if (file === "dist" && !withDist) continue;
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
    cpSync(join(root, file), join(dest, file), { recursive: true });
  }
  if (linkNodeModules) symlinkSync(join(root, "node_modules"), join(dest, "node_modules"), "dir");
  else cpSync(join(root, "node_modules"), join(dest, "node_modules"), { recursive: true, verbatimSymlinks: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dest, ...flags] = process.argv.slice(2);
  if (!dest) {
    console.error("usage: node scripts/image-files.mjs <folder> [--link-node-modules] [--without-dist]");
    process.exit(2);
  }
  copyImageFiles(resolve(dest), {
    linkNodeModules: flags.includes("--link-node-modules"),
    withDist: !flags.includes("--without-dist"),
  });
}
