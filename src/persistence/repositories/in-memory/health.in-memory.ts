import type { HealthCheck } from "../../../core/ports/repositories.port.ts";

/** A health check that reports whatever a test sets: up unless told otherwise. */
export class HealthCheckInMemory implements HealthCheck {
  /** Set to false to simulate a database that stopped answering. */
  up = true;

  async ping(): Promise<boolean> {
    return this.up;
  }
}
