import type { TopLevelSpec } from "vega-lite";
import type { ChartUnit, LineChart } from "../../core/digest/chart.port.ts";

/** The chart's typeface: DejaVu Sans ships with most Linux images, and resvg falls back to any sans-serif. */
export const chartFont = "DejaVu Sans";
/** Line colours in series order; the dashed reference line is always grey. */
const PALETTE = ["#1f7a80", "#d9822b", "#6a51a3", "#2e8b57", "#c2185b", "#3b5ba9", "#8d6e63", "#00897b"];
const REFERENCE = "#7a7a7a";

/**
 * The named data source the points go into, the signal that tops the y axis, the one that titles it, and the
 * one that lists the weeks along the x axis.
 */
export const chartData = "points";
export const chartTop = "top";
export const chartHeading = "heading";
export const chartWeeks = "weeks";

/** One point of a line: a series' value at a labelled week. */
export interface ChartPoint {
  readonly week: string;
  readonly order: number;
  readonly series: string;
  readonly value: number | null;
}

/**
 * The chart's points, in series order: only the weeks a series has a value for, so each line joins its weeks
 * across a week without one (a week without a campaign has no participation) instead of leaving lone dots.
 */
export function chartPoints(chart: LineChart): ChartPoint[] {
  return chart.series.flatMap((series) =>
    chart.labels.flatMap((label, index) => {
      const value = series.values[index] ?? null;
      return value === null ? [] : [{ week: label, order: index, series: series.name, value }];
    }),
  );
}

/**
 * The top of the y axis. Shares: a tenth above the highest value, rounded up to a tenth, at most 100 %.
 * Counts: a tenth above the highest value, rounded up to a round step (1, 2 or 5 times a power of ten) that
 * leaves at most ten steps, at least 5.
 */
export function chartTopOf(points: readonly ChartPoint[], unit: ChartUnit = "share"): number {
  if (unit === "share") {
    const highest = Math.max(0.1, ...points.map((p) => p.value ?? 0));
    return Math.min(1, Math.ceil(highest * 11) / 10);
  }
  const wanted = Math.max(5, ...points.map((p) => (p.value ?? 0) * 1.1));
  const power = 10 ** (Math.floor(Math.log10(wanted)) - 1);
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => wanted / s <= 10) ?? power * 10;
  return Math.ceil(wanted / step) * step;
}

/**
 * What makes two charts share a compiled specification: their axis title, unit and series (names, order and
 * dashes), which fix the colours and the legend; in a weekly run, every community charted in one language.
 * The title (it names the community), the points and the top of the axis are filled in per chart.
 */
export function chartShapeKey(chart: LineChart): string {
  return JSON.stringify([chart.yTitle, chart.unit, chart.series.map((s) => [s.name, s.dashed])]);
}

/**
 * The Vega-Lite specification of a line chart of shares or counts over labelled weeks, without its data: the
 * points go into the named source `chartData`, the axis top into the signal `chartTop`, the title into
 * `chartHeading` and the weeks into `chartWeeks` (every week keeps its place on the axis, with or without
 * points), so one compiled specification draws every chart of the same shape.
 */
export function lineChartSpec(chart: LineChart): TopLevelSpec {
  let colour = 0;
  const range = chart.series.map((s) => (s.dashed ? REFERENCE : (PALETTE[colour++ % PALETTE.length] as string)));
  const names = chart.series.map((s) => s.name);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: { expr: chartHeading }, anchor: "start", fontSize: 15, font: chartFont },
    width: 640,
    height: 280,
    background: "white",
    params: [
      { name: chartTop, value: 1 },
      { name: chartHeading, value: chart.title },
      { name: chartWeeks, value: [...chart.labels] },
    ],
    data: { name: chartData },
    mark: { type: "line", point: { size: 45, filled: true }, strokeWidth: 2.5 },
    encoding: {
      x: {
        field: "week",
        type: "ordinal",
        scale: { domain: { expr: chartWeeks } },
        title: null,
        axis: { labelAngle: 0, labelFont: chartFont, labelFontSize: 11 },
      },
      // Each line runs from week to week in the weeks' order, whatever their labels ("W52" before "W01").
      order: { field: "order", type: "quantitative" },
      y: {
        field: "value",
        type: "quantitative",
        title: chart.yTitle,
        scale: { domain: [0, { expr: chartTop }] },
        axis: {
          format: chart.unit === "share" ? ".0%" : ",d",
          ...(chart.unit === "count" ? { tickMinStep: 1 } : {}),
          labelFont: chartFont,
          titleFont: chartFont,
          labelFontSize: 11,
          titleFontSize: 12,
        },
      },
      color: {
        field: "series",
        type: "nominal",
        sort: names,
        scale: { domain: names, range },
        legend: {
          orient: "bottom",
          title: null,
          labelFont: chartFont,
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
        sort: names,
        scale: { domain: names, range: chart.series.map((s) => (s.dashed ? [6, 4] : [1, 0])) },
      },
    },
    config: { font: chartFont, view: { stroke: null }, axis: { gridColor: "#e4eaea", domainColor: "#9aa7a8" } },
  };
}
