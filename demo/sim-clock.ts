import type { Clock } from "../src/core/ports/clock.port.ts";

/** The demo's time: it stands still until the script moves it, and it never goes back. */
export class SimulatedClock implements Clock {
  #now: Date;

  constructor(start: Date) {
    this.#now = new Date(start);
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Moves to `at`; a time already passed leaves the clock where it is. */
  set(at: Date): void {
    if (at.getTime() > this.#now.getTime()) this.#now = new Date(at);
  }
}
