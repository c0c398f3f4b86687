import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DigestCliOptions, digestCli } from "../../../src/app/cli/digest-cli.ts";
import { DigestService } from "../../../src/core/digest/digest.service.ts";
import { dayStart, parseIsoWeek } from "../../../src/core/digest/digest-week.ts";
import { Translator } from "../../../src/core/i18n/translator.ts";
import { silentLogger } from "../../../src/core/ports/logger.port.ts";
import { FakeClock } from "../../support/core-harness.ts";
import { FakeCharts } from "../../support/fake-charts.ts";
import { syntheticCommunity } from "./support/synthetic.ts";
import { inMemoryBed, load, type TestBed } from "./support/test-bed.ts";

const week = parseIsoWeek("2026-W48")!;
let bed: TestBed;
let folder: string | null = null;

beforeAll(async () => {
  bed = await inMemoryBed();
  for (const [id, timeZone] of [
    ["rome", "Europe/Rome"],
    ["milan", "Europe/Rome"],
    ["nyc", "America/New_York"],
  ] as const) {
    const end = dayStart(week.endDay, timeZone);
    const log = syntheticCommunity({ seed: id.length, timeZone, end, weeks: 6, members: 40 });
    await load(bed, log, { id, title: `Acme ${id}`, brandId: "acme" });
  }
});

afterEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = null;
});

/** Runs the command with captured streams; stderr pretends to be a terminal so the progress bar draws. */
async function run(options: Partial<DigestCliOptions>) {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const charts = new FakeCharts();
  const translator = new Translator();
  const clock = new FakeClock(new Date("2026-12-02T10:00:00Z"));
  const service = new DigestService({
    communities: bed.repositories.communities,
    brands: bed.repositories.brands,
    digests: bed.repositories.digests,
    campaigns: bed.repositories.campaignMetrics,
    chart: charts,
    translator,
    clock,
    logger: silentLogger,
  });
  const code = await digestCli(
    { format: "md", ...options },
    { service, communities: bed.repositories.communities, chart: charts, translator, clock, stdout, stderr },
  );
  return { code, out, err, charts };
}

describe("circolo digest", () => {
  it("writes a community's Markdown digest with its charts beside it", async () => {
    folder = await mkdtemp(join(tmpdir(), "circolo-digest-"));
    const out = join(folder, "rome.md");
    const { code } = await run({ community: "rome", week: "2026-W48", out });
    expect(code).toBe(0);
    const markdown = await readFile(out, "utf8");
    expect(markdown).toContain("# Weekly digest · Acme rome · 2026-W48");
    expect(markdown).toContain("![Participation by week: Acme rome](rome-chart.png)");
    expect(markdown).toContain("![Active members and interactions: Acme rome](rome-chart-activity.png)");
    // Only polls ran: no chart of participation by campaign kind.
    expect((await readdir(folder)).sort()).toEqual(["rome-chart-activity.png", "rome-chart.png", "rome.md"]);
  });

  it("exports a brand's JSON, every community with every figure, with a progress bar", async () => {
    const { code, out, err } = await run({ brand: "acme", week: "2026-W48", format: "json" });
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed.digests.map((d: { community: { id: string } }) => d.community.id)).toEqual(["milan", "nyc", "rome"]);
    expect(parsed.digests.every((d: { week: { label: string } }) => d.week.label === "2026-W48")).toBe(true);
    expect(err).toContain("communities");
  });

  it("exports CSV and HTML", async () => {
    const csv = await run({ community: "nyc", week: "2026-W48", format: "csv" });
    expect(csv.out.split("\n")[0]).toContain("community_id,community,week,metric");
    expect(csv.out).toContain("nyc,Acme nyc,2026-W48,participation_rate");
    const html = await run({ brand: "acme", week: "2026-W48", format: "html" });
    expect(html.out.startsWith("<!doctype html>")).toBe(true);
    expect(html.out.match(/<section>/g)).toHaveLength(3);
  });

  it("reports the last full week by default", async () => {
    const { out } = await run({ community: "rome", format: "json" });
    expect(JSON.parse(out).digests[0].week.label).toBe("2026-W48");
  });

  it("refuses a bad invocation with exit code 2 and a clear line", async () => {
    expect((await run({ week: "2026-W48" })).err).toContain("give exactly one of --brand or --community");
    expect((await run({ brand: "acme", community: "rome" })).code).toBe(2);
    const week = await run({ community: "rome", week: "48" });
    expect(week.code).toBe(2);
    expect(week.err).toContain("--week must be an ISO week such as 2026-W48");
    expect((await run({ community: "nowhere" })).err).toContain("no community with id nowhere");
    expect((await run({ brand: "nobody" })).code).toBe(2);
  });
});
