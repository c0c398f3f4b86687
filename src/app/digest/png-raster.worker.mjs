// Rasterizes a chart's SVG to PNG in a worker thread (a piscina pool, see vega-chart.renderer.ts), so that
// drawing many digests does not hold the main thread: resvg's parse, render and PNG encoding take about 40 ms
// per chart. Plain JavaScript because worker threads do not get tsx's loader under every runner (vitest), and
// this file needs nothing but resvg.
import { Resvg } from "@resvg/resvg-js";

/** @param {{ svg: string, options: import("@resvg/resvg-js").ResvgRenderOptions }} task */
export default function rasterize({ svg, options }) {
  const png = new Resvg(svg, options).render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
