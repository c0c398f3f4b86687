// `circolo benchmark export` and `import` as README's digest section runs them: `npm run cli -- …` in real
// processes, between two deployments on two separate SQLite databases. The agency's deployment has opted-in
// communities of six brands; the brand's deployment has one community and no peers, until it imports the snapshot.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayStart, parseIsoWeek } from "../../../src/core/digest/digest-week.ts";
import { countVisible, identitiesIn, shareVisible } from "../../../src/core/privacy/k-anonymity.ts";
import { openDatabase } from "../../../src/persistence/database.ts";
import { applyMigrations } from "../../../src/persistence/migrations/migrator.ts";
import { syntheticCommunity } from "../../unit/digest/support/synthetic.ts";
import { load } from "../../unit/digest/support/test-bed.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const run = promisify(execFile);
const week = parseIsoWeek("2026-W48")!;

let folder = "";
const identities: string[] = [];

/** Runs `npm run cli -- <args>` against one deployment's database; stdout without npm's own header lines. */
async function circolo(deployment: "agency" | "brand", ...args: string[]) {
  const env = {
    ...process.env,
    DATABASE_URL: `file:${join(folder, `${deployment}.db`)}`,
    CIRCOLO_DATA_DIR: join(folder, deployment),
    CIRCOLO_SECRET: `benchmark-cli-test-secret-${deployment}-0123456789`,
    LOG_LEVEL: "silent",
  };
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", "cli", "--", ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Creates a deployment's database and fills it the way Circolo would have, with synthetic communities. */
async function deployment(name: string, fill: (bed: Parameters<typeof load>[0]) => Promise<void>) {
  const url = `file:${join(folder, `${name}.db`)}`;
  await applyMigrations({ provider: "sqlite", url, migrationsDir: join(root, "prisma", "migrations") });
  const db = await openDatabase(url);
  try {
    await fill({
      name,
      repositories: db.repositories,
      offerAndQaTables: true,
      statePoll: () => {},
      close: async () => {},
    });
  } finally {
    await db.close();
  }
}

function community(seed: number, timeZone: string, lastWeekFactor = 1) {
  return syntheticCommunity({
    seed,
    timeZone,
    end: dayStart(week.endDay, timeZone),
    weeks: 8,
    members: 80,
    reach: 60,
    voteShare: 0.4,
    lastWeekFactor,
  });
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "circolo-benchmark-cli-"));
  await deployment("agency", async (bed) => {
    for (let i = 0; i < 6; i++) {
      const log = community(100 + i, i % 2 === 0 ? "Europe/Rome" : "America/New_York");
      const id = `agency-${i}`;
      await load(bed, log, { id, title: `Caffè Numero ${i}`, brandId: `roaster-${i}`, benchmarkOptIn: true });
      identities.push(id, `Caffè Numero ${i}`, `roaster-${i}`, `Brand roaster-${i}`);
      for (const m of log.members) identities.push(`${id}-${m.id}`, `p-${id}-${m.id}`);
    }
  });
  await deployment("brand", async (bed) => {
    await load(bed, community(42, "Europe/Rome", 0.4), {
      id: "gelateria",
      title: "Gelateria Aurora",
      brandId: "aurora",
    });
  });
}, 180_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("circolo benchmark", () => {
  it("exports a snapshot another deployment imports, once, for a verdict it could not give before", async () => {
    const before = await circolo("brand", "digest", "--community", "gelateria", "--week", "2026-W48");
    expect(before.code).toBe(0);
    expect(before.stdout).toContain("Verdict: not enough peers — no peers yet");

    const snapshotFile = join(folder, "agency-2026-W48.json");
    const exported = await circolo(
      "agency",
      "benchmark",
      "export",
      "--week",
      "2026-W48",
      "--source",
      "Agency X",
      "--out",
      snapshotFile,
    );
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(
      `exported benchmark "Agency X 2026-W48" to ${snapshotFile}: 6 communities, k = 5`,
    );
    const text = readFileSync(snapshotFile, "utf8");
    expect(identitiesIn(text, identities)).toEqual([]);
    const snapshot = JSON.parse(text);
    expect(snapshot.format).toBe("circolo-benchmark/1");
    for (const peer of snapshot.peers) {
      for (const rate of peer.participation) if (rate) expect(shareVisible(rate.responders, rate.reach, 5)).toBe(true);
      for (const active of peer.active) if (active !== null) expect(countVisible(active, 5)).toBe(true);
    }

    const imported = await circolo("brand", "benchmark", "import", snapshotFile);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('imported benchmark "Agency X 2026-W48": 6 communities, k = 5, no noise');
    const again = await circolo("brand", "benchmark", "import", snapshotFile);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already imported: benchmark "Agency X 2026-W48"; nothing changed');

    const after = await circolo("brand", "digest", "--community", "gelateria", "--week", "2026-W48");
    expect(after.stdout).toContain(
      "Verdict: worse than peers (brand-specific) — peers: 6 (6 from the benchmark “Agency X 2026-W48”)",
    );
    const json = await circolo("brand", "digest", "--community", "gelateria", "--week", "2026-W48", "--format", "json");
    const [digest] = JSON.parse(json.stdout).digests;
    expect(digest.peers).toMatchObject({
      verdict: "worse",
      peers: 6,
      from: "6 peers: 6 from the benchmark 'Agency X 2026-W48'",
      origins: [{ kind: "benchmark", source: "Agency X", week: "2026-W48", peers: 6 }],
    });
    const html = await circolo("brand", "digest", "--community", "gelateria", "--week", "2026-W48", "--format", "html");
    expect(html.stdout).toContain("6 from the benchmark “Agency X 2026-W48”");
    const list = await circolo("brand", "benchmark", "list");
    expect(list.stdout).toMatch(/^2026-W48 {2}"Agency X" {2}6 communities, k = 5, no noise, imported \d{4}-/m);
  }, 180_000);

  it("refuses a bad file with the problem and its path, imports nothing, and exits 1", async () => {
    const bad = join(folder, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        format: "circolo-benchmark/1",
        source: "Agency Y",
        week: "2026-W48",
        k: 5,
        epsilon: null,
        peers: [{ communityId: "x" }],
      }),
    );
    const refused = await circolo("brand", "benchmark", "import", bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}: peers[0]: unknown field "communityId"`);
    expect(refused.stderr).toContain(`${bad}: peers[0].participation: missing`);
    expect(refused.stderr).toContain("nothing imported");
    const digest = await circolo("brand", "digest", "--community", "gelateria", "--week", "2026-W48");
    expect(digest.stdout).not.toContain("Agency Y");
    expect((await circolo("brand", "benchmark", "list")).stdout).not.toContain("Agency Y");
  }, 120_000);

  it("removes an imported snapshot, after which its communities are no longer peers", async () => {
    const removed = await circolo("brand", "benchmark", "remove", "--source", "Agency X", "--week", "2026-W48");
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('removed benchmark "Agency X 2026-W48"');
    const digest = await circolo("brand", "digest", "--community", "gelateria", "--week", "2026-W48");
    expect(digest.stdout).toContain("Verdict: not enough peers — no peers yet");
    const again = await circolo("brand", "benchmark", "remove", "--source", "Agency X", "--week", "2026-W48");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no benchmark "Agency X 2026-W48" was imported');
  }, 120_000);
});
