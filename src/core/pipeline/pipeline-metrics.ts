import type { Platform } from "../domain/platform.ts";

/** What the pipeline reports about each update; the app wires it to Prometheus. */
export interface PipelineMetrics {
  updateHandled(platform: Platform, command: string, outcome: string, seconds: number): void;
  updateFailed(platform: Platform, command: string): void;
}

/** Metrics that go nowhere (tests). */
export const noMetrics: PipelineMetrics = { updateHandled: () => {}, updateFailed: () => {} };
