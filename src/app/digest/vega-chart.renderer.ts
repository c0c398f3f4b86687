import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { ResvgRenderOptions } from "@resvg/resvg-js";
import type { Piscina } from "piscina";
import type * as Vega from "vega";
import type { ChartRenderer, LineChart, RenderedChart } from "../../core/digest/chart.port.ts";
import {
  chartData,
  chartFont,
  chartHeading,
  chartPoints,
  chartShapeKey,
  chartTop,
  chartTopOf,
  chartWeeks,
  lineChartSpec,
} from "./vega-chart.spec.ts";

/**
 * DejaVu Sans where the system keeps it (Debian and Ubuntu's fonts-dejavu-core, which the Docker image installs;
 * Fedora; Alpine): loading just those two files costs a chart about 8 ms less than scanning every system font,
 * which stays the fallback (resvg then picks any sans-serif).
 */
const fontDirectories = [
  "/usr/share/fonts/truetype/dejavu",
  "/usr/share/fonts/dejavu-sans-fonts",
  "/usr/share/fonts/dejavu",
];

function chartFonts(): NonNullable<ResvgRenderOptions["font"]> {
  for (const directory of fontDirectories) {
    const files = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((name) => join(directory, name));
    if (files.every((file) => existsSync(file))) {
      return { loadSystemFonts: false, fontFiles: files, defaultFontFamily: chartFont };
    }
  }
  return { loadSystemFonts: true, defaultFontFamily: chartFont };
}

/** Twice the drawn size, for sharp text on phones. */
const rasterOptions: ResvgRenderOptions = {
  background: "white",
  fitTo: { mode: "zoom", value: 2 },
  font: chartFonts(),
};
/** Compiled specifications kept (one per language and series set in practice). */
const SHAPES_KEPT = 32;

type VegaModule = typeof Vega;

/**
 * Vega and Vega-Lite, imported on the first chart: together about 60 MB that an instance which draws no chart
 * this week never pays. Vega-Lite patches Set.prototype.toJSON (it hashes sets through JSON.stringify) for the
 * whole process, which breaks other libraries that walk Set.prototype (discord.js's event emitter then fails to
 * start). The patch is taken off once imported and put back only while Vega-Lite compiles, synchronously.
 */
const libraries = lazily(async () => {
  const before = Object.getOwnPropertyDescriptor(Set.prototype, "toJSON");
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const patch = Object.getOwnPropertyDescriptor(Set.prototype, "toJSON");
  if (patch && !before) delete (Set.prototype as { toJSON?: unknown }).toJSON;
  const compile = (chart: LineChart): Vega.Spec => {
    if (patch && !before) Object.defineProperty(Set.prototype, "toJSON", patch);
    try {
      return vegaLite.compile(lineChartSpec(chart)).spec;
    } finally {
      if (patch && !before) delete (Set.prototype as { toJSON?: unknown }).toJSON;
    }
  };
  return { vega: vega as VegaModule, compile };
});

/**
 * Draws digest charts with Vega-Lite (compiled to Vega, rendered to SVG without a browser or canvas) and
 * rasterizes the SVG to PNG with resvg in a small pool of worker threads (piscina).
 * - A chart's specification depends only on its axis title, unit and series; its title, points, weeks and axis
 *   top are filled in per chart, so a weekly run over many communities compiles and parses each shape once.
 * - Rasterizing is most of a chart's cost; in workers it runs beside the main thread, which meanwhile builds
 *   the next digests (the scheduler starts a tick's due fires together).
 * The workers start with the first chart and leave after a while idle; `close` ends them at once.
 */
export class VegaChartRenderer implements ChartRenderer {
  readonly #shapes = new Map<string, Vega.Runtime>();
  readonly #threads: number;
  #pool: Piscina | null = null;

  constructor(options: { threads?: number } = {}) {
    this.#threads = Math.max(1, options.threads ?? availableParallelism());
  }

  async render(chart: LineChart): Promise<RenderedChart> {
    const { vega } = await libraries();
    const view = new vega.View(await this.#runtime(chart), { renderer: "none" });
    let svg: string;
    try {
      const points = chartPoints(chart);
      view
        .data(chartData, points)
        .signal(chartTop, chartTopOf(points, chart.unit))
        .signal(chartHeading, chart.title)
        .signal(chartWeeks, [...chart.labels]);
      svg = await view.toSVG();
    } finally {
      view.finalize();
    }
    const png: Uint8Array = await (await this.#rasterizer()).run({ svg, options: rasterOptions });
    return { svg, png };
  }

  /** Ends the worker threads (a renderer used again starts new ones). */
  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = null;
    await pool?.destroy();
  }

  async #runtime(chart: LineChart): Promise<Vega.Runtime> {
    const key = chartShapeKey(chart);
    const kept = this.#shapes.get(key);
    if (kept) {
      // Most recently used last, so the oldest shape is the one dropped.
      this.#shapes.delete(key);
      this.#shapes.set(key, kept);
      return kept;
    }
    const { vega, compile } = await libraries();
    const runtime = vega.parse(compile(chart));
    this.#shapes.set(key, runtime);
    if (this.#shapes.size > SHAPES_KEPT) this.#shapes.delete(this.#shapes.keys().next().value!);
    return runtime;
  }

  async #rasterizer(): Promise<Piscina> {
    // Like Vega, piscina is loaded with the first chart: an instance that draws none never loads it.
    const { Piscina } = await pool();
    this.#pool ??= new Piscina({
      filename: new URL("./png-raster.worker.mjs", import.meta.url).href,
      minThreads: 0,
      maxThreads: this.#threads,
      idleTimeout: 30_000,
    });
    return this.#pool;
  }
}

const pool = lazily(() => import("piscina"));

/** A value computed once, on first use (a failed attempt is retried on the next use). */
function lazily<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => {
    value ??= make().catch((error: unknown) => {
      value = null;
      throw error;
    });
    return value;
  };
}
