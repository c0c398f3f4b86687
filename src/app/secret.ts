import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * CIRCOLO_SECRET, or the one kept in the data folder: created once (mode 0600) so a first start needs
 * no configuration, and reused afterwards so pseudonyms stay stable.
 */
export function loadOrCreateSecret(
  configured: string | undefined,
  dataDir: string,
): { secret: string; source: "environment" | "file" | "created"; path?: string } {
  if (configured) return { secret: configured, source: "environment" };
  const path = join(dataDir, "circolo.secret");
  if (existsSync(path)) return { secret: readFileSync(path, "utf8").trim(), source: "file", path };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another instance created it first: use theirs, so both derive the same pseudonyms.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      return { secret: readFileSync(path, "utf8").trim(), source: "file", path };
    }
    throw error;
  }
  chmodSync(path, 0o600);
  return { secret, source: "created", path };
}
