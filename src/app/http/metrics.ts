import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { Platform } from "../../core/domain/platform.ts";
import type { PipelineMetrics } from "../../core/pipeline/pipeline-metrics.ts";

/** Circolo's Prometheus metrics, one registry per process (tests create their own). */
export class AppMetrics implements PipelineMetrics {
  readonly registry = new Registry();
  readonly #updates = new Counter({
    name: "circolo_updates_handled_total",
    help: "Platform updates handled, by platform and outcome",
    labelNames: ["platform", "outcome"] as const,
    registers: [this.registry],
  });
  readonly #errors = new Counter({
    name: "circolo_errors_total",
    help: "Updates that failed with an unexpected error, by platform",
    labelNames: ["platform"] as const,
    registers: [this.registry],
  });
  readonly #events = new Counter({
    name: "circolo_engagement_events_recorded_total",
    help: "Engagement events committed to the database",
    registers: [this.registry],
  });
  readonly #duration = new Histogram({
    name: "circolo_update_duration_seconds",
    help: "Time to handle one platform update",
    labelNames: ["platform"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: "circolo_" });
  }

  updateHandled(platform: Platform, _command: string, outcome: string, seconds: number): void {
    // Outcome labels stay bounded: "error:<CODE>" values come from the fixed list of codes.
    this.#updates.inc({ platform, outcome });
    this.#duration.observe({ platform }, seconds);
  }

  updateFailed(platform: Platform): void {
    this.#errors.inc({ platform });
  }

  /** Counts events a committed batch inserted. */
  eventsRecorded(count: number): void {
    this.#events.inc(count);
  }
}
