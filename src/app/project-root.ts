import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder holding package.json and prisma/: two levels above this file when it runs as TypeScript
 * (src/app), one above the compiled bundle (dist). Found by walking up rather than by a fixed count, so both work.
 */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The project's root folder (the image's /app). */
export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** The migrations folder for a provider. */
export function migrationsDir(provider: "sqlite" | "postgresql"): string {
  return join(projectRoot, "prisma", provider === "sqlite" ? "migrations" : "migrations-postgres");
}
