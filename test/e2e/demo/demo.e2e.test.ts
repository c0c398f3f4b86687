// `npm run demo`, shortened to one simulated week and a quarter of the members: the emulators, the real bot and
// the whole story (polls, an offer redeemed at the shop, a Q&A session, a consent withdrawal, an erasure), then the
// digests. Run as the command is run, in its own process, so "nothing left running" means the process ended by
// itself with code 0.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Runs the demo's entry point as `npm run demo -- <args>` does; resolves with its exit code and output. */
function runDemoCommand(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/demo/main.ts", ...args], {
      cwd: root,
      env: { ...process.env, DEMO_TRACE: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // A demo that leaves a server or a timer running never exits: the test's own timeout catches it.
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

interface FigureJson {
  metric: string;
  key: string | null;
  value: number | null;
}

function figure(digest: { figures: FigureJson[] }, metric: string): number | null {
  return digest.figures.find((f) => f.metric === metric && f.key === null)?.value ?? null;
}

describe("npm run demo", () => {
  const out = mkdtempSync(join(tmpdir(), "circolo-demo-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("plays a simulated week on both platforms, writes each brand's digest as Markdown, PNG and JSON, and exits by itself with 0", async () => {
    const run = await runDemoCommand(["--weeks", "1", "--scale", "0.25", "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Circolo demo: 1 simulated week(s) (2026-W40 to 2026-W40)");
    expect(run.stdout).toContain(out);

    for (const brand of ["northwind-coffee", "gelateria-aurora"]) {
      const folder = join(out, brand);
      const markdown = readFileSync(join(folder, "2026-W40.md"), "utf8");
      for (const chart of ["2026-W40-1.png", "2026-W40-2.png"]) {
        expect(markdown).toContain(`(${chart})`);
        expect([...readFileSync(join(folder, chart)).subarray(0, 8)]).toEqual(pngSignature);
      }
      const json = JSON.parse(readFileSync(join(folder, "2026-W40.json"), "utf8")) as {
        format: string;
        digests: { withheld: boolean; community: { platform: string }; figures: FigureJson[] }[];
      };
      expect(json.format).toBe("circolo-digest/1");
      expect(json.digests.map((d) => d.community.platform).sort()).toEqual(["discord", "telegram"]);
      for (const digest of json.digests) {
        expect(digest.withheld).toBe(false);
        expect(figure(digest, "members_total")).toBeGreaterThanOrEqual(5);
        expect(figure(digest, "poll_votes")).toBeGreaterThan(0);
        expect(figure(digest, "participation_rate")).toBeGreaterThan(0);
        expect(figure(digest, "participation_rate")).toBeLessThanOrEqual(1);
      }
    }

    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
      members: number;
      tally: Record<string, number>;
      digestsDelivered: number;
    };
    expect(summary.members).toBeGreaterThanOrEqual(60);
    const { tally } = summary;
    expect(tally.votes).toBeGreaterThan(0);
    expect(tally.claims).toBeGreaterThan(0);
    expect(tally.redemptions).toBeGreaterThan(0);
    expect(tally.redemptions).toBeLessThanOrEqual(tally.claims as number);
    expect(tally.questions).toBeGreaterThan(0);
    expect(tally.consentsGranted).toBeGreaterThan(0);
    expect(tally.consentsWithdrawn).toBeGreaterThan(0);
    expect(tally.erasures).toBe(1);
    // The Monday before the week and the Monday after it, in each of the four communities.
    expect(summary.digestsDelivered).toBe(8);
    expect(existsSync(join(out, "campaigns.yaml"))).toBe(true);
    expect(existsSync(join(out, "circolo.db"))).toBe(true);
  }, 240_000);

  it("exits with 1 and says why when an option is wrong", async () => {
    const run = await runDemoCommand(["--weeks", "0", "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--weeks must be a whole number from 1 to 12");
  }, 60_000);
});
