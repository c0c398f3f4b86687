import { beforeAll, describe, expect, it } from "vitest";
import type { CommunityDigest } from "../../../src/core/digest/digest.ts";
import { DigestBuilder } from "../../../src/core/digest/digest-builder.ts";
import { dayStart, parseIsoWeek } from "../../../src/core/digest/digest-week.ts";
import { assessHeadline } from "../../../src/core/digest/headline.ts";
import { metricDefinitions } from "../../../src/core/digest/metric-definitions.ts";
import { communityDigestView } from "../../../src/core/digest/render/chat-view.ts";
import { csvField, digestsCsv } from "../../../src/core/digest/render/csv.ts";
import { DigestText } from "../../../src/core/digest/render/digest-text.ts";
import { communitySection, htmlDocument } from "../../../src/core/digest/render/html.ts";
import { digestsJson } from "../../../src/core/digest/render/json.ts";
import { communityMarkdown, escapeMarkdown } from "../../../src/core/digest/render/markdown.ts";
import { en } from "../../../src/core/i18n/catalogue.en.ts";
import { Translator } from "../../../src/core/i18n/translator.ts";
import { syntheticCommunity } from "./support/synthetic.ts";
import { inMemoryBed, load } from "./support/test-bed.ts";

const week = parseIsoWeek("2026-W47")!;
const end = dayStart(week.endDay, "Europe/Rome");
const title = "=*Pasticceria* | <b>Rossi</b> [x](javascript:alert(1))";
let digest: CommunityDigest;

beforeAll(async () => {
  const bed = await inMemoryBed();
  const log = syntheticCommunity({ seed: 5, timeZone: "Europe/Rome", end, weeks: 10, members: 160, reach: 60 });
  const community = await load(bed, log, { id: "render", title });
  const builder = new DigestBuilder({
    communities: bed.repositories.communities,
    digests: bed.repositories.digests,
    campaigns: bed.repositories.campaignMetrics,
  });
  digest = await builder.build(community, week, new Date(end.getTime() + 9 * 3_600_000));
});

const text = (locale: "en" | "it") => new DigestText(new Translator().for(locale), locale);

describe("the digest's renderings", () => {
  it("uses the issue's exact words for the four verdicts", () => {
    expect(en.digest.verdict).toMatchObject({
      in_line: "in line with peers (market trend)",
      better: "better than peers",
      worse: "worse than peers (brand-specific)",
      not_enough_peers: "not enough peers",
    });
  });

  it("writes Markdown with the headline tests, the verdict, advice and the charts, titles escaped", () => {
    const charts = new Map([
      ["participation", "digest-chart.png"],
      ["activity", "digest-chart-activity.png"],
    ] as const);
    const markdown = communityMarkdown(digest, text("en"), charts);
    expect(markdown).toContain("| Figure | This week | Last week | 4-week average | Verdict |");
    expect(markdown).toContain("Verdict: not enough peers");
    expect(markdown).toContain(`![${escapeMarkdown(`Participation by week: ${title}`)}](digest-chart.png)`);
    expect(markdown).toContain(
      `![${escapeMarkdown(`Active members and interactions: ${title}`)}](digest-chart-activity.png)`,
    );
    // Participation under its section, activity under the members'.
    expect(markdown.indexOf("digest-chart.png")).toBeLessThan(markdown.indexOf("## Members"));
    expect(markdown.indexOf("digest-chart-activity.png")).toBeGreaterThan(markdown.indexOf("## Members"));
    expect(markdown).toContain("\\*Pasticceria\\* \\| \\<b\\>Rossi\\</b\\> \\[x\\]");
    expect(markdown).not.toContain("*Pasticceria*");
  });

  it("writes a standalone HTML document with every string escaped and the charts inline", () => {
    const charts = new Map([
      ["participation", "<svg id='chart'></svg>"],
      ["activity", "<svg id='activity'></svg>"],
    ] as const);
    const html = htmlDocument("Digest", "en", [communitySection(digest, text("en"), charts)]);
    expect(html).toContain("<figure><svg id='chart'></svg></figure>");
    expect(html).toContain("<figure><svg id='activity'></svg></figure>");
    expect(html).toContain("&lt;b&gt;Rossi&lt;/b&gt;");
    expect(html).not.toContain("<b>Rossi</b>");
  });

  it("exports JSON where every figure names its definition", () => {
    const parsed = JSON.parse(digestsJson([digest]));
    expect(parsed.format).toBe("circolo-digest/1");
    const [only] = parsed.digests;
    expect(only.figures).toHaveLength(digest.figures.length);
    for (const figure of only.figures) expect(parsed.definitions[figure.metric]?.definition).toBeTypeOf("string");
    expect(Object.keys(parsed.definitions)).toEqual(Object.keys(metricDefinitions));
    expect(only.peers.phrase).toBe("not enough peers");
  });

  it("exports CSV with one row per figure, per headline comparison and per trend, safe for spreadsheets", () => {
    const lines = digestsCsv([digest]).trimEnd().split("\n");
    expect(lines[0]).toBe(
      "community_id,community,week,metric,key,value,numerator,denominator,status,basis,reference,change,p_value,adjusted_p_value,called_out",
    );
    const comparisons = digest.headline.reduce((n, h) => n + h.comparisons.length, 0);
    expect(lines).toHaveLength(1 + digest.figures.length + comparisons + digest.headline.length + 1);
    expect(lines.filter((l) => l.includes(",trend,"))).toHaveLength(digest.headline.length);
    expect(lines[1]).toContain(`,'=*Pasticceria* | <b>Rossi</b> [x](javascript:alert(1)),`);
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField(-0.25)).toBe("-0.25");
  });

  it("fits the chat message in one Discord embed, in English and in Italian", () => {
    for (const locale of ["en", "it"] as const) {
      const view = communityDigestView(digest, text(locale), []);
      const body = [
        view.title ?? "",
        ...view.blocks.map((b) => ("text" in b ? b.text : "items" in b ? b.items.join("\n") : "")),
      ].join("\n\n");
      expect(body.length).toBeLessThan(4_096);
    }
    const italian = communityDigestView(digest, text("it"), []);
    expect(JSON.stringify(italian)).toContain("Cosa è cambiato");
  });

  it("says a clear trend in plain words with its evidence, in English and in Italian, p-values only in the report", () => {
    // Participation rising steadily from 48 % to 66 % over the eight weeks since the community began.
    const weeks = Array.from({ length: 12 }, (_, i) =>
      i < 8 ? { responders: Math.round((0.66 - (0.18 * i) / 7) * 1_000), reach: 1_000 } : { responders: 0, reach: 0 },
    );
    const context = weeks.map((_, i) => ({ existed: i < 8, campaign: i < 8 }));
    const [participation] = assessHeadline([{ metric: "participation_rate", kind: "rate", weeks }], 5, context);
    if (!participation) throw new Error("no headline");
    expect(participation.trend.call).toBe("rising");
    expect(text("en").trend(participation, false)).toBe("Participation rose over 8 weeks: 48% → 66%, a clear trend.");
    expect(text("it").trend(participation, false)).toBe(
      "Partecipazione: in crescita da 8 settimane, 48% → 66%: una tendenza chiara.",
    );
    expect(text("en").trend(participation, true)).toBe(
      "Participation rose over 8 weeks: 48% → 66%, a clear trend (p < 0.001).",
    );
  });

  it("carries each headline figure's trend, with its p-values, in the JSON and the full report", () => {
    const [only] = JSON.parse(digestsJson([digest])).digests;
    for (const h of only.headline) {
      expect(h.trend.test).toMatch(/^(cochran_armitage|poisson_trend)$/);
      expect(h.trend).toHaveProperty("adjustedPValue");
      expect(h.trend.weeksBack[0]).toBe(0);
    }
    const markdown = communityMarkdown(digest, text("en"));
    expect(markdown).toContain("| Figure | Weeks | Line | Change | p | Verdict |");
    for (const h of digest.headline) expect(markdown).toContain(text("en").trend(h, true).replace(/</g, "\\<"));
  });
});
