#!/usr/bin/env node
// The `circolo` command: the compiled CLI (dist/cli.js, from `npm run build`), run in this same process.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli.js");
if (!existsSync(cli)) {
  console.error("circolo: the CLI is not built yet: run `npm run build` first");
  process.exit(1);
}
await import(pathToFileURL(cli).href);
