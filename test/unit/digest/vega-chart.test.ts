import { afterAll, describe, expect, it } from "vitest";
import { VegaChartRenderer } from "../../../src/app/digest/vega-chart.renderer.ts";
import type { LineChart } from "../../../src/core/digest/chart.port.ts";

const weeks = Array.from({ length: 12 }, (_, i) => `W${37 + i}`);

function chart(top: number, names = ["Questa community", "Mediana dei pari"], title = "Partecipazione"): LineChart {
  return {
    title,
    yTitle: "quota dei membri",
    unit: "share",
    labels: weeks,
    locale: "it",
    series: [
      { name: names[0]!, dashed: false, values: weeks.map((_, i) => (i === 5 ? top : top / 2)) },
      { name: names[1]!, dashed: true, values: weeks.map((_, i) => (i === 3 ? null : top / 3)) },
    ],
  };
}

/** A PNG's size, from its IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*width="(\d+)"[^>]*height="(\d+)"/.exec(svg);
  if (!match) throw new Error("the SVG has no size");
  return { width: Number(match[1]), height: Number(match[2]) };
}

describe("the digest chart renderer", () => {
  const renderer = new VegaChartRenderer({ threads: 2 });
  afterAll(() => renderer.close());

  it("draws a PNG at twice the SVG's size, with the titles, the legend and an axis topped just above the data", async () => {
    const { svg, png } = await renderer.render(chart(0.42));

    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const drawn = svgSize(svg);
    expect(pngSize(png)).toEqual({ width: drawn.width * 2, height: drawn.height * 2 });
    for (const text of ["Partecipazione", "quota dei membri", "Questa community", "Mediana dei pari", "W37", "W48"]) {
      expect(svg).toContain(text);
    }
    // 42 % tops out at 50 %: ceil(0.42 × 11) / 10.
    expect(svg).toContain(">50%<");
    expect(svg).not.toContain(">60%<");
  });

  it("gives every chart of the same shape its own title, points and axis, also when drawn at the same time", async () => {
    const tops = [0.05, 0.2, 0.42, 0.8];
    const drawn = await Promise.all(tops.map((top, i) => renderer.render(chart(top, undefined, `Caffè ${i}`))));

    expect(drawn.map(({ svg }) => /Caffè (\d)/.exec(svg)?.[1])).toEqual(["0", "1", "2", "3"]);
    const axisTops = drawn.map(({ svg }) =>
      Math.max(...[...svg.matchAll(/>(\d+)%</g)].map((match) => Number(match[1]))),
    );
    expect(axisTops).toEqual([20, 30, 50, 90]);
    expect(new Set(drawn.map(({ png }) => Buffer.from(png).toString("base64"))).size).toBe(tops.length);
  });

  it("compiles a chart of another language or series anew instead of reusing a kept one", async () => {
    const italian = await renderer.render(chart(0.3));
    const english = await renderer.render(chart(0.3, ["This community", "Peer median"], "Participation"));

    expect(italian.svg).toContain("Mediana dei pari");
    expect(english.svg).toContain("Peer median");
    expect(english.svg).toContain("Participation");
    expect(english.svg).not.toContain("Mediana dei pari");
    expect(english.svg).not.toContain("Partecipazione");
  });

  it("joins a line across a week without a value, and keeps that week in its place on the axis", async () => {
    const gappy: LineChart = {
      ...chart(0.4),
      series: [{ name: "Questa community", dashed: false, values: weeks.map((_, i) => (i === 4 ? null : 0.3)) }],
    };
    const { svg } = await renderer.render(gappy);
    const lines = [...svg.matchAll(/aria-roledescription="line mark" d="(M[^"]*)"/g)].map((m) => m[1] as string);
    // One line, one stroke through its eleven points: no break at the missing week.
    expect(lines).toHaveLength(1);
    expect(lines[0]?.match(/M/g)).toHaveLength(1);
    expect(lines[0]?.match(/L/g)).toHaveLength(10);
    expect(svg).toContain(">W41<");
  });

  it("draws counts on a whole-number axis topped just above the data", async () => {
    const counts: LineChart = {
      title: "Active members and interactions",
      yTitle: "Per week",
      unit: "count",
      labels: weeks,
      locale: "en",
      series: [
        { name: "Active members", dashed: false, values: weeks.map((_, i) => 20 + i) },
        { name: "Interactions", dashed: false, values: weeks.map((_, i) => 60 + 3 * i) },
      ],
    };
    const { svg } = await renderer.render(counts);
    expect(svg).not.toContain("%<");
    const ticks = [...svg.matchAll(/>(\d+)</g)].map((m) => Number(m[1]));
    // The highest value is 93: a tenth above is 102.3, so the axis tops out at 120 (steps of 20).
    expect(Math.max(...ticks)).toBe(120);
    for (const text of ["Active members", "Interactions", "Per week"]) expect(svg).toContain(text);
  });
});
