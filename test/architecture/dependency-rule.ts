import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Packages the platform-neutral core must never import. */
export const forbiddenPackages = ["discord.js", "grammy", "@prisma/client", "node-cron"];
/** Folders (relative to the project root) the core must never import from. */
export const forbiddenFolders = ["src/platforms", "src/persistence", "src/scheduling", "src/app"];

const importPattern =
  /(?:import|export)\s+(?:type\s+)?(?:[^"'`;]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Every module specifier a TypeScript source imports or re-exports, statically or dynamically. */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(importPattern)) found.push((match[1] ?? match[2]) as string);
  return found;
}

/** The violations of the dependency rule in one file of src/core. */
export function violations(root: string, file: string, source: string): string[] {
  const problems: string[] = [];
  for (const spec of importSpecifiers(source)) {
    if (forbiddenPackages.some((p) => spec === p || spec.startsWith(`${p}/`))) {
      problems.push(`${relative(root, file)} imports ${spec}`);
      continue;
    }
    if (spec.startsWith(".")) {
      const target = relative(root, resolve(dirname(file), spec));
      if (forbiddenFolders.some((f) => target === f || target.startsWith(`${f}/`))) {
        problems.push(`${relative(root, file)} imports ${target}`);
      }
    }
  }
  return problems;
}

/** All .ts files below a folder. */
export function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
}

/** Every violation in the project's src/core. */
export function coreViolations(root: string): string[] {
  return typeScriptFiles(join(root, "src", "core")).flatMap((file) =>
    violations(root, file, readFileSync(file, "utf8")),
  );
}
