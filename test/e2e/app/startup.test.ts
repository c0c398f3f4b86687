import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..", "..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const main = join(root, "src", "app", "main.ts");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Runs `npm start`'s entry point in a fresh folder with only the given environment. */
function start(cwd: string, env: Record<string, string>) {
  const { DATABASE_URL: _d, CIRCOLO_SECRET: _s, TEST_DATABASE_URL: _t, ...inherited } = process.env;
  const child = spawn(tsx, [main], { cwd, env: { ...inherited, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out");
}

describe("npm start", () => {
  let folder: string;
  let running: ChildProcess | undefined;
  afterEach(() => {
    if (running && running.exitCode === null) running.kill("SIGKILL");
    rmSync(folder, { recursive: true, force: true });
  });

  it("starts with no configuration, creates ./data/circolo.db, is healthy and exits cleanly on SIGTERM", async () => {
    folder = mkdtempSync(join(tmpdir(), "circolo-start-"));
    const port = await freePort();
    const app = start(folder, { PORT: String(port) });
    running = app.child;
    await waitFor(async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;
      } catch {
        return false;
      }
    });
    expect(existsSync(join(folder, "data", "circolo.db"))).toBe(true);
    const secretFile = join(folder, "data", "circolo.secret");
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const { stdout } = app.output();
    expect(stdout).toContain("DISCORD_TOKEN");
    expect(stdout).toContain("TELEGRAM_BOT_TOKEN");
    expect(stdout).toContain("created one in the data folder");
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    expect(app.output().stdout).toContain("circolo stopped");
  }, 60_000);

  it("refuses a bad configuration with one line per problem and exit code 2", async () => {
    folder = mkdtempSync(join(tmpdir(), "circolo-start-"));
    const app = start(folder, { PORT: "not-a-port", DATABASE_URL: "mysql://nope", CIRCOLO_SECRET: "tooshort" });
    running = app.child;
    expect(await app.exited).toBe(2);
    const lines = app.output().stderr.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(app.output().stderr).not.toContain("tooshort");
    expect(existsSync(join(folder, "data"))).toBe(false);
  }, 30_000);
});
