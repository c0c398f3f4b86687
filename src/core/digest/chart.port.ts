/** One line of a chart: a value per label, null where there is none (the line joins the weeks on either side). */
export interface ChartSeries {
  readonly name: string;
  readonly values: readonly (number | null)[];
  /** Drawn dashed (a reference line such as the peers' median). */
  readonly dashed: boolean;
}

/** What the y axis shows: shares (0-1, as percentages) or counts. */
export type ChartUnit = "share" | "count";

/** A line chart over labelled periods, with its text already localized. */
export interface LineChart {
  readonly title: string;
  readonly yTitle: string;
  readonly unit: ChartUnit;
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  /** BCP 47 tag for number formatting ("en", "it"). */
  readonly locale: string;
}

/** A rendered chart: SVG for HTML reports, PNG for chat attachments and Markdown. */
export interface RenderedChart {
  readonly svg: string;
  readonly png: Uint8Array;
}

/** Draws charts (implemented in src/app/digest with Vega-Lite and resvg). */
export interface ChartRenderer {
  render(chart: LineChart): Promise<RenderedChart>;
}
