// `npm run demo` as a user runs it: the emulators, the real bot and the whole eight-week story (polls, offers
// redeemed at the shop, a Q&A session, consent withdrawals, an erasure, a market-wide dip and a brand-specific
// drop), then the digests, read back from the JSON files and recounted from the raw rows of the database it
// leaves behind. Run as the command is run, in its own process, so "nothing left running" means the process
// ended by itself with code 0.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Runs the demo's entry point as `npm run demo -- <args>` does; resolves with its exit code and output. */
function runDemoCommand(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "demo/main.ts", ...args], {
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
  status: string;
}

interface DigestJson {
  community: { id: string; title: string; platform: string; timeZone: string; brandId: string; k: number };
  week: { label: string; startDay: string; endDay: string };
  withheld: boolean;
  headline: (FigureJson & {
    call: string;
    comparisons: { basis: string; change: number | null; calledOut: boolean }[];
  })[];
  peers: { verdict: string; phrase: string; peers: number; ownChange: number | null; peerMedianChange: number | null };
  figures: FigureJson[];
}

interface DigestFile {
  format: string;
  definitions: Record<string, { kinds: string[] }>;
  digests: DigestJson[];
}

function figure(digest: { figures: FigureJson[] }, metric: string): FigureJson | undefined {
  return digest.figures.find((f) => f.metric === metric && f.key === null);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in a time zone, straight from Intl. */
function dayIn(at: string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(at));
}

/** The first instant of a local day in a time zone (midnight there), found in quarter-hour steps. */
function localMidnight(day: string, timeZone: string): number {
  let at = Date.parse(`${day}T00:00:00Z`) - 14 * 3_600_000;
  while (dayIn(new Date(at).toISOString(), timeZone) < day) at += 15 * 60_000;
  return at;
}

/**
 * The oracle: a digest's figures recounted from the raw rows of the demo's database by the words of their
 * definitions (the JSON's own `definitions`), the slow obvious way, sharing no code with the digest.
 */
function recount(db: Database.Database, file: DigestFile, digest: DigestJson) {
  const { id, timeZone } = digest.community;
  const inWeek = (at: string) => {
    const day = dayIn(at, timeZone);
    return day >= digest.week.startDay && day < digest.week.endDay;
  };
  const all = db
    .prepare("SELECT kind, at, memberId, campaignId FROM EngagementEvent WHERE communityId = ?")
    .all(id) as { kind: string; at: string; memberId: string | null; campaignId: string | null }[];
  const events = all.filter((e) => inWeek(e.at));
  const counted = (metric: string) => events.filter((e) => file.definitions[metric]?.kinds.includes(e.kind));
  const campaigns = (
    db
      .prepare("SELECT id, kind, startsAt, reach FROM Campaign WHERE communityId = ? AND reach IS NOT NULL")
      .all(id) as { id: string; kind: string; startsAt: string; reach: number }[]
  ).filter((c) => inWeek(c.startsAt));
  // One interaction is one event: a member's vote is one `vote` event, a claim one `claim` event (whenever they
  // came: the campaign's responders are counted in the week it was sent).
  const responses = (campaign: { id: string; kind: string }) =>
    all.filter((e) => e.campaignId === campaign.id && e.kind === (campaign.kind === "poll" ? "vote" : "claim")).length;
  const responding = campaigns.filter((c) => c.kind === "poll" || c.kind === "offer");
  const weekEnd = new Date(localMidnight(digest.week.endDay, timeZone)).toISOString();
  const joined = db.prepare("SELECT joinedAt FROM Member WHERE communityId = ?").all(id) as { joinedAt: string }[];
  const members = joined.filter((m) => Date.parse(m.joinedAt) < Date.parse(weekEnd)).length;
  // Offers and Q&A keep their own records, which their figures count (the definitions' `source`).
  const claims = db
    .prepare(
      "SELECT c.claimedAt, c.redeemedAt FROM OfferClaim c JOIN Campaign k ON k.id = c.campaignId WHERE k.communityId = ?",
    )
    .all(id) as { claimedAt: string; redeemedAt: string | null }[];
  const questions = db
    .prepare(
      "SELECT q.askedAt FROM QaQuestion q JOIN QaSession s ON s.campaignId = q.sessionId WHERE s.communityId = ?",
    )
    .all(id) as { askedAt: string }[];
  const interactions = counted("interactions");
  return {
    members_new: joined.filter((m) => inWeek(m.joinedAt)).length,
    polls_sent: campaigns.filter((c) => c.kind === "poll").length,
    offer_claims: claims.filter((c) => inWeek(c.claimedAt)).length,
    offer_redemptions: claims.filter((c) => c.redeemedAt !== null && inWeek(c.redeemedAt)).length,
    qa_questions: questions.filter((q) => inWeek(q.askedAt)).length,
    anonymous: { events: interactions.filter((e) => e.memberId === null).length, of: interactions.length },
    interactions: counted("interactions").length,
    active_members_7d: new Set(counted("active_members_7d").flatMap((e) => (e.memberId ? [e.memberId] : []))).size,
    poll_votes: campaigns.filter((c) => c.kind === "poll").reduce((n, c) => n + responses(c), 0),
    participation: {
      responders: responding.reduce((n, c) => n + responses(c), 0),
      reach: responding.reduce((n, c) => n + c.reach, 0),
    },
    members_total: members,
  };
}

/** A shown count equals the oracle's; a withheld one is a group smaller than k. */
function expectCount(digest: DigestJson, metric: string, expected: number): void {
  const f = figure(digest, metric);
  const where = `${digest.community.title} ${digest.week.label} ${metric}`;
  if (f?.status === "withheld") expect(expected > 0 && expected < digest.community.k, where).toBe(true);
  else expect(f?.value, where).toBe(expected);
}

describe("npm run demo", () => {
  const out = mkdtempSync(join(tmpdir(), "circolo-demo-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  let run: { code: number | null; stdout: string; stderr: string };
  let summary: {
    weeks: string[];
    plot: { marketDip: number; brandDrop: { brandId: string; week: number } };
    members: number;
    tally: Record<string, number>;
    digestsDelivered: number;
    brands: { brandId: string; folder: string }[];
  };
  /** Every community's digest of every week, with the brand it belongs to. */
  const digests: { brandId: string; file: DigestFile; digest: DigestJson }[] = [];

  beforeAll(async () => {
    run = await runDemoCommand(["--out", out]);
    if (run.code !== 0) return;
    summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    for (const brand of summary.brands) {
      for (const week of summary.weeks) {
        const file = JSON.parse(readFileSync(join(brand.folder, `${week}.json`), "utf8")) as DigestFile;
        for (const digest of file.digests) digests.push({ brandId: brand.brandId, file, digest });
      }
    }
  }, 420_000);

  it("plays eight weeks of seven brands on both platforms, writes each brand's digests as Markdown, PNG and JSON, and exits by itself with 0", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Circolo demo: 8 simulated week(s) (2026-W40 to 2026-W47)");
    expect(run.stdout).toContain(out);
    expect(summary.brands).toHaveLength(7);

    for (const brand of ["northwind-coffee", "gelateria-aurora"]) {
      const folder = join(out, brand);
      const markdown = readFileSync(join(folder, "2026-W47.md"), "utf8");
      for (const chart of ["2026-W47-1.png", "2026-W47-1-activity.png", "2026-W47-2.png", "2026-W47-2-activity.png"]) {
        expect(markdown).toContain(`(${chart})`);
        expect([...readFileSync(join(folder, chart)).subarray(0, 8)]).toEqual(pngSignature);
      }
      const json = JSON.parse(readFileSync(join(folder, "2026-W47.json"), "utf8")) as DigestFile;
      expect(json.format).toBe("circolo-digest/1");
      expect(json.digests.map((d) => d.community.platform).sort()).toEqual(["discord", "telegram"]);
      for (const digest of json.digests) {
        expect(digest.withheld).toBe(false);
        expect(figure(digest, "members_total")?.value).toBeGreaterThanOrEqual(5);
        expect(figure(digest, "poll_votes")?.value).toBeGreaterThan(0);
        expect(figure(digest, "participation_rate")?.value).toBeGreaterThan(0);
        expect(figure(digest, "participation_rate")?.value).toBeLessThanOrEqual(1);
      }
    }

    expect(summary.members).toBeGreaterThanOrEqual(500);
    const { tally } = summary;
    expect(tally.votes).toBeGreaterThan(0);
    expect(tally.claims).toBeGreaterThan(0);
    expect(tally.redemptions).toBeGreaterThan(0);
    expect(tally.redemptions).toBeLessThanOrEqual(tally.claims as number);
    expect(tally.questions).toBeGreaterThan(0);
    expect(tally.consentsGranted).toBeGreaterThan(0);
    expect(tally.consentsWithdrawn).toBeGreaterThan(0);
    expect(tally.erasures).toBe(1);
    // Every Monday from the one before the first week to the one after the last, in each of the nine communities.
    expect(summary.digestsDelivered).toBe(9 * 9);
    expect(existsSync(join(out, "campaigns.yaml"))).toBe(true);
    expect(existsSync(join(out, "circolo.db"))).toBe(true);
  });

  it("calls the planted market-wide dip a market trend and the planted brand drop brand-specific, and names them in its summary", () => {
    const dipWeek = summary.weeks[summary.plot.marketDip - 1];
    const dropWeek = summary.weeks[summary.plot.brandDrop.week - 1];
    const atDip = digests.filter(
      (d) =>
        d.digest.week.label === dipWeek &&
        d.digest.peers.ownChange !== null &&
        d.digest.peers.peerMedianChange !== null,
    );
    // Every community compared with its peers that week (the Telegram groups had no poll): all dipped, so all are
    // in line with the market.
    expect(atDip.length).toBeGreaterThanOrEqual(6);
    for (const { digest } of atDip) {
      expect(digest.peers.phrase, digest.community.title).toBe("in line with peers (market trend)");
      // Sized so a marketer would care: a fall of a fifth or more, the peers' median with it.
      expect(digest.peers.ownChange, digest.community.title).toBeLessThan(-0.2);
      expect(digest.peers.peerMedianChange).toBeLessThan(-0.2);
    }
    const dropping = digests.filter(
      (d) => d.digest.week.label === dropWeek && d.brandId === summary.plot.brandDrop.brandId,
    );
    expect(dropping).toHaveLength(2);
    for (const { digest } of dropping) {
      expect(digest.peers.phrase, digest.community.title).toBe("worse than peers (brand-specific)");
      expect(digest.peers.ownChange).toBeLessThan(-0.25);
      // The peers held steady (their 4-week average holds the market dip, so they read a little up).
      expect(Math.abs(digest.peers.peerMedianChange ?? 1)).toBeLessThan(0.2);
    }
    const others = digests.filter(
      (d) => d.digest.week.label === dropWeek && d.brandId !== summary.plot.brandDrop.brandId,
    );
    expect(others.filter((d) => d.digest.peers.verdict === "in_line").length).toBeGreaterThanOrEqual(5);
    expect(others.some((d) => d.digest.peers.verdict === "worse" || d.digest.peers.verdict === "better")).toBe(false);

    expect(run.stdout).toContain(`${dipWeek}, a market-wide dip`);
    expect(run.stdout).toContain(`${dropWeek}, a brand-specific drop`);
    expect(run.stdout).toMatch(
      /Aurora Gelato Lab: participation \d+ %, −\d+ % on its 4-week average .* → worse than peers \(brand-specific\)/,
    );
    expect(run.stdout).toMatch(
      /Hopfield Taproom: participation \d+ %, −\d+ % on its 4-week average .* → in line with peers \(market trend\)/,
    );
  });

  it("flags no community better or worse than its peers in a week where nothing was planted", () => {
    const planted = new Set([summary.plot.marketDip, summary.plot.marketDip + 1]);
    const quiet = digests.filter(({ brandId, digest }) => {
      const week = summary.weeks.indexOf(digest.week.label) + 1;
      const drop = summary.plot.brandDrop;
      return !planted.has(week) && !(brandId === drop.brandId && week === drop.week);
    });
    expect(quiet.length).toBeGreaterThan(40);
    for (const { digest } of quiet) {
      expect(["in_line", "not_enough_peers", "no_data"], `${digest.community.title} ${digest.week.label}`).toContain(
        digest.peers.verdict,
      );
    }
    expect(run.stdout).toMatch(
      /quiet weeks \(.*\): of \d+ digests, 0 better or worse than peers, 0 with a change called out/,
    );
  });

  it("calls out only changes that point the way their numbers do", () => {
    let calls = 0;
    for (const { digest } of digests) {
      for (const h of digest.headline) {
        const where = `${digest.community.title} ${digest.week.label} ${h.metric}`;
        const called = h.comparisons.filter((c) => c.calledOut);
        // A called-out comparison always shows its change: nothing withheld or missing is ever called out.
        for (const c of called) expect(c.change, `${where} ${c.basis}`).not.toBeNull();
        const signs = new Set(called.map((c) => Math.sign(c.change ?? 0)));
        if (h.call === "up" || h.call === "down") {
          calls += 1;
          expect([...signs], where).toEqual([h.call === "up" ? 1 : -1]);
        } else if (h.call === "mixed") {
          calls += 1;
          expect([...signs].sort(), where).toEqual([-1, 1]);
        } else {
          expect(called, where).toEqual([]);
        }
      }
    }
    // The planted dips are called out where the community is large enough for them to be more than chance: the
    // market dip (2026-W45) in several communities, the brand's drop (2026-W47) in its own.
    const plantedDrops = digests.filter(
      ({ digest }) =>
        ["2026-W45", "2026-W47"].includes(digest.week.label) &&
        digest.headline.some((h) => h.metric === "participation_rate" && h.call === "down"),
    );
    expect(plantedDrops.length).toBeGreaterThanOrEqual(4);
    expect(plantedDrops.some(({ digest }) => digest.week.label === "2026-W47")).toBe(true);
    expect(calls).toBeGreaterThanOrEqual(plantedDrops.length);
  });

  it("reports every figure it checks as the count of the raw events behind it, each interaction counted once", () => {
    const db = new Database(join(out, "circolo.db"), { readonly: true });
    try {
      let checked = 0;
      for (const { file, digest } of digests) {
        if (digest.withheld) continue;
        const oracle = recount(db, file, digest);
        expectCount(digest, "interactions", oracle.interactions);
        expectCount(digest, "active_members_7d", oracle.active_members_7d);
        expectCount(digest, "poll_votes", oracle.poll_votes);
        expectCount(digest, "members_total", oracle.members_total);
        expectCount(digest, "members_new", oracle.members_new);
        expectCount(digest, "polls_sent", oracle.polls_sent);
        expectCount(digest, "offer_claims", oracle.offer_claims);
        expectCount(digest, "offer_redemptions", oracle.offer_redemptions);
        expectCount(digest, "qa_questions", oracle.qa_questions);
        // The share is of interactions recorded without a member; an erasure or a withdrawal later unlinks a
        // member's stored events too, so the rows can only hold as many anonymous events as that, or more.
        const anonymous = figure(digest, "anonymous_share");
        if (anonymous?.status === "shown") {
          const recordedAnonymous = Math.round((anonymous.value ?? Number.NaN) * oracle.anonymous.of);
          expect(recordedAnonymous).toBeLessThanOrEqual(oracle.anonymous.events);
        }
        const participation = figure(digest, "participation_rate");
        const { responders, reach } = oracle.participation;
        if (participation?.status === "shown") expect(participation.value).toBeCloseTo(responders / reach, 12);
        else if (participation?.status === "unavailable") expect(reach).toBe(0);
        checked += 1;
      }
      expect(checked).toBe(9 * 8);
    } finally {
      db.close();
    }
  });

  it("exits with 1 and says why when an option is wrong", async () => {
    const run = await runDemoCommand(["--weeks", "0", "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--weeks must be a whole number from 1 to 12");
  }, 60_000);
});
