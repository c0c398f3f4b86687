import { type PromptWeek, promptWeekOf } from "./prompt-week.ts";
import { type QuietHours, quietHoursEnd } from "./quiet-hours.ts";

/** What holds a direct prompt back. */
export type RestraintReason = "quiet_hours" | "weekly_cap";

/** When a direct prompt may go: now, later, or not at all. */
export type DeliveryDecision =
  | { readonly kind: "send" }
  /** `reason` is what stopped it from going now. */
  | { readonly kind: "defer"; readonly until: Date; readonly reason: RestraintReason }
  /** `reason` is what pushed the first allowed time past the deadline ("expired": it was past already). */
  | { readonly kind: "skip"; readonly reason: RestraintReason | "expired" };

/** A community's restraint rules. */
export interface RestraintRules {
  readonly timeZone: string;
  readonly quietHours: QuietHours | null;
  /** Direct prompts a member may receive per local calendar week; 0 turns them off. */
  readonly weeklyCap: number;
}

// Each step moves past one quiet night or one full week, so a deadline months away still ends the search.
const MAX_STEPS = 200;

/**
 * Plans a direct prompt wanted at `at`: now when neither quiet hours nor the weekly cap forbid it, else
 * the first instant both allow, unless that is not before `deadline` (the campaign would be over).
 * `plannedInWeek` counts the member's direct prompts sent or planned in a week (this one excluded).
 */
export async function planDirectPrompt(input: {
  readonly at: Date;
  readonly deadline: Date;
  readonly rules: RestraintRules;
  readonly plannedInWeek: (week: PromptWeek) => Promise<number>;
}): Promise<DeliveryDecision> {
  const { rules } = input;
  if (rules.weeklyCap <= 0) return { kind: "skip", reason: "weekly_cap" };
  let candidate = input.at;
  let first: RestraintReason | null = null;
  let last: RestraintReason | null = null;
  for (let step = 0; step < MAX_STEPS && candidate.getTime() < input.deadline.getTime(); step++) {
    const quietEnd = quietHoursEnd(candidate, rules.timeZone, rules.quietHours);
    if (quietEnd) {
      first ??= "quiet_hours";
      last = "quiet_hours";
      candidate = quietEnd;
      continue;
    }
    const week = promptWeekOf(candidate, rules.timeZone);
    if ((await input.plannedInWeek(week)) >= rules.weeklyCap) {
      first ??= "weekly_cap";
      last = "weekly_cap";
      candidate = week.end;
      continue;
    }
    if (first === null) return { kind: "send" };
    return { kind: "defer", until: candidate, reason: first };
  }
  return { kind: "skip", reason: last ?? "expired" };
}
