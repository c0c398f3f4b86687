import { advancePast, type ScheduleTiming, type SeriesPosition } from "../core/scheduling/next-fire.ts";

/** What to do with a schedule whose next fire is due. */
export interface DuePlan {
  /** Where to move the schedule without running anything, when fires were missed; null when none were. */
  readonly skipTo: SeriesPosition | null;
  /** The one fire to run now; null when every due fire is outside the grace window. */
  readonly run: Date | null;
}

/**
 * Decides what a due schedule does at `now`. A fire later than the grace window is skipped. Of the fires
 * inside the window only the latest runs: after an outage a schedule catches up once, not once per fire it
 * missed. In normal operation the only due fire is a moment old and simply runs.
 */
export function planDue(timing: ScheduleTiming, position: SeriesPosition, now: Date, graceMs: number): DuePlan {
  let current = advancePast(timing, position, new Date(now.getTime() - graceMs - 1));
  while (current.nextFireAt && current.nextFireAt.getTime() <= now.getTime()) {
    const following = advancePast(timing, current, current.nextFireAt);
    if (!following.nextFireAt || following.nextFireAt.getTime() > now.getTime()) break;
    current = following;
  }
  const moved = current.nextFireAt?.getTime() !== position.nextFireAt?.getTime();
  const due = current.nextFireAt && current.nextFireAt.getTime() <= now.getTime() ? current.nextFireAt : null;
  return { skipTo: moved ? current : null, run: due };
}
