import { GRACE_MINUTES, type Stage } from "./stage.ts";

/** A step runs the fires of this span together: well inside the grace window, so none is skipped. */
const SPAN_MS = (GRACE_MINUTES - 30) * 60_000;

/**
 * Moves the simulated clock to `target` through the scheduled fires on the way: the fires due within one span
 * run together (concurrently, each with its own planned instant: a campaign at Tuesday 18:00 in Rome posts its
 * poll as of 16:00 UTC even when London's runs in the same step). Returns the number of fires run.
 */
export async function travelTo(stage: Stage, target: Date): Promise<number> {
  let fired = 0;
  const tried = new Set<string>();
  for (;;) {
    const pending = (await stage.app.services.scheduler.list({ states: ["active"] }))
      .filter((s) => s.nextFireAt && s.nextFireAt.getTime() <= target.getTime())
      .filter((s) => !tried.has(`${s.id}@${s.nextFireAt?.toISOString()}`));
    const first = Math.min(...pending.map((s) => s.nextFireAt?.getTime() ?? Number.POSITIVE_INFINITY));
    if (!Number.isFinite(first)) break;
    const until = Math.min(target.getTime(), first + SPAN_MS);
    // A fire no handler takes stays due: tried once, it is not waited for again.
    for (const s of pending)
      if ((s.nextFireAt?.getTime() ?? 0) <= until) tried.add(`${s.id}@${s.nextFireAt?.toISOString()}`);
    stage.clock.set(new Date(until));
    fired += await stage.runDue();
  }
  stage.clock.set(target);
  return fired + (await stage.runDue());
}
