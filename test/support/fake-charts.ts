import type { ChartRenderer, LineChart, RenderedChart } from "../../src/core/digest/chart.port.ts";

/** A chart renderer that records what it was asked to draw and answers with a tiny fake PNG (no Vega in unit tests). */
export class FakeCharts implements ChartRenderer {
  readonly drawn: LineChart[] = [];
  failing = false;

  async render(chart: LineChart): Promise<RenderedChart> {
    if (this.failing) throw new Error("the renderer is broken");
    this.drawn.push(chart);
    return { svg: "<svg></svg>", png: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) };
  }
}
