import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ChartRenderer, LineChart, RenderedChart } from "../../core/digest/chart.port.ts";

/** The chart's typeface: DejaVu Sans ships with most Linux images, and resvg falls back to any sans-serif. */
const FONT = "DejaVu Sans";
/** Line colours in series order; the dashed reference line is always grey. */
const PALETTE = ["#1f7a80", "#d9822b", "#6a51a3", "#2e8b57", "#c2185b", "#3b5ba9", "#8d6e63", "#00897b"];
const REFERENCE = "#7a7a7a";

// Vega-Lite patches Set.prototype.toJSON (it hashes sets through JSON.stringify) for the whole process, which
// breaks other libraries that walk Set.prototype (discord.js's event emitter then fails to start). The patch is
// taken off here and put back only while Vega-Lite compiles, synchronously.
const setToJson = Object.getOwnPropertyDescriptor(Set.prototype, "toJSON");
if (setToJson) delete (Set.prototype as { toJSON?: unknown }).toJSON;

function compileToVega(spec: TopLevelSpec): vega.Spec {
  if (!setToJson) return compile(spec).spec;
  Object.defineProperty(Set.prototype, "toJSON", setToJson);
  try {
    return compile(spec).spec;
  } finally {
    delete (Set.prototype as { toJSON?: unknown }).toJSON;
  }
}

/** The Vega-Lite specification of a line chart of shares over labelled weeks. */
export function lineChartSpec(chart: LineChart): TopLevelSpec {
  const values = chart.series.flatMap((series) =>
    chart.labels.map((label, index) => ({
      week: label,
      order: index,
      series: series.name,
      value: series.values[index] ?? null,
    })),
  );
  const highest = Math.max(0.1, ...values.map((v) => v.value ?? 0));
  let colour = 0;
  const range = chart.series.map((s) => (s.dashed ? REFERENCE : (PALETTE[colour++ % PALETTE.length] as string)));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: chart.title, anchor: "start", fontSize: 15, font: FONT },
    width: 640,
    height: 280,
    background: "white",
    data: { values },
    mark: { type: "line", point: { size: 45, filled: true }, strokeWidth: 2.5, invalid: "break-paths-show-domains" },
    encoding: {
      x: {
        field: "week",
        type: "ordinal",
        sort: { field: "order", op: "min" },
        title: null,
        axis: { labelAngle: 0, labelFont: FONT, labelFontSize: 11 },
      },
      y: {
        field: "value",
        type: "quantitative",
        title: chart.yTitle,
        scale: { domain: [0, Math.min(1, Math.ceil(highest * 11) / 10)] },
        axis: { format: ".0%", labelFont: FONT, titleFont: FONT, labelFontSize: 11, titleFontSize: 12 },
      },
      color: {
        field: "series",
        type: "nominal",
        sort: chart.series.map((s) => s.name),
        scale: { domain: chart.series.map((s) => s.name), range },
        legend: {
          orient: "bottom",
          title: null,
          labelFont: FONT,
          labelFontSize: 12,
          labelLimit: 480,
          symbolType: "stroke",
          symbolSize: 400,
          symbolStrokeWidth: 3,
        },
      },
      // The same field as the colour, so both merge into one legend that shows each line as drawn.
      strokeDash: {
        field: "series",
        type: "nominal",
        sort: chart.series.map((s) => s.name),
        scale: {
          domain: chart.series.map((s) => s.name),
          range: chart.series.map((s) => (s.dashed ? [6, 4] : [1, 0])),
        },
      },
    },
    config: { font: FONT, view: { stroke: null }, axis: { gridColor: "#e4eaea", domainColor: "#9aa7a8" } },
  };
}

/**
 * Draws digest charts with Vega-Lite (compiled to Vega, rendered to SVG without a browser or canvas) and
 * rasterizes the SVG to PNG with resvg, at twice the size for sharp text on phones.
 */
export class VegaChartRenderer implements ChartRenderer {
  async render(chart: LineChart): Promise<RenderedChart> {
    const view = new vega.View(vega.parse(compileToVega(lineChartSpec(chart))), { renderer: "none" });
    try {
      const svg = await view.toSVG();
      const png = new Resvg(svg, {
        background: "white",
        fitTo: { mode: "zoom", value: 2 },
        font: { loadSystemFonts: true, defaultFontFamily: FONT },
      })
        .render()
        .asPng();
      return { svg, png: new Uint8Array(png) };
    } finally {
      view.finalize();
    }
  }
}
