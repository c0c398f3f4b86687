import { countVisible } from "../privacy/k-anonymity.ts";
import { localDay } from "../time/local-time.ts";
import type { ActiveDay, MemberJoin } from "./digest.repository.port.ts";
import type { Figure } from "./digest.ts";
import { type DigestWeek, weekOffset, weeksBefore } from "./digest-week.ts";
import { countFigure, shareFigure, unavailable, valueFigure, withheld } from "./figures.ts";
import { TREND_WEEKS } from "./trend.ts";

/** Weeks before the reported one that the activity figures look at (cohorts reach back six). */
export const ACTIVITY_WEEKS_BACK = 6;
/** Weeks before the reported one whose weekly counts the headline compares and trends (eleven). */
export const WEEKLY_COUNTS_BACK = TREND_WEEKS - 1;
/** Weeks before the reported one that decide "returning" and "lapsed". */
const LOOKBACK_WEEKS = 4;

/** Per-person activity figures, plus the weekly counts the headline tests compare. */
export interface ActivityResult {
  readonly figures: Figure[];
  /** Distinct consenting members active per week: index 0 the reported week, 1 the week before, … 11. */
  readonly weeklyActive: readonly number[];
  /** Members first seen per week, indexed the same way. */
  readonly weeklyNew: readonly number[];
}

/**
 * Active members (7 and 28 days), stickiness, new / returning / lapsed members and join-week cohort retention,
 * from the distinct (member, day) pairs of MemberActivityDay and the members' first-seen instants, and the
 * weekly counts of active and new members. The inputs must cover the reported week and the ACTIVITY_WEEKS_BACK
 * weeks before it for the figures, WEEKLY_COUNTS_BACK for every weekly count (uncovered weeks count zero).
 */
export function activityFigures(input: {
  week: DigestWeek;
  timeZone: string;
  activeDays: readonly ActiveDay[];
  joins: readonly MemberJoin[];
  k: number;
}): ActivityResult {
  const { week, k } = input;
  const byWeek = new Map<number, Set<string>>();
  let memberDays28 = 0;
  // Tens of thousands of rows over a few dozen days: each day's week is worked out once.
  const offsets = new Map<string, number>();
  for (const row of input.activeDays) {
    let offset = offsets.get(row.day);
    if (offset === undefined) {
      offset = weekOffset(row.day, week);
      offsets.set(row.day, offset);
    }
    if (offset > 0 || offset < -WEEKLY_COUNTS_BACK) continue;
    let members = byWeek.get(offset);
    if (!members) {
      members = new Set();
      byWeek.set(offset, members);
    }
    members.add(row.memberId);
    if (offset >= -3) memberDays28 += 1;
  }
  const activeIn = (offset: number) => byWeek.get(offset) ?? new Set<string>();
  const current = activeIn(0);
  const last28 = union([0, -1, -2, -3].map(activeIn));
  const before = union(Array.from({ length: LOOKBACK_WEEKS }, (_, i) => activeIn(-1 - i)));
  const returning = [...current].filter((m) => before.has(m)).length;
  const lapsed = [...before].filter((m) => !current.has(m)).length;

  const joinedByWeek = new Map<number, string[]>();
  for (const join of input.joins) {
    const offset = weekOffset(localDay(join.joinedAt, input.timeZone), week);
    if (offset > 0 || offset < -WEEKLY_COUNTS_BACK) continue;
    joinedByWeek.set(offset, [...(joinedByWeek.get(offset) ?? []), join.memberId]);
  }

  const figures: Figure[] = [
    countFigure("active_members_7d", current.size, k),
    countFigure("active_members_28d", last28.size, k),
    stickiness(memberDays28, last28.size, k),
    countFigure("members_new", joinedByWeek.get(0)?.length ?? 0, k),
    countFigure("members_returning", returning, k),
    countFigure("members_lapsed", lapsed, k),
    ...cohortFigures(week, joinedByWeek, activeIn, k),
  ];
  const weeks = Array.from({ length: WEEKLY_COUNTS_BACK + 1 }, (_, i) => -i);
  return {
    figures,
    weeklyActive: weeks.map((offset) => activeIn(offset).size),
    weeklyNew: weeks.map((offset) => joinedByWeek.get(offset)?.length ?? 0),
  };
}

/** Mean daily active over 28 days / active over the 28 days; shown only when the 28-day count is. */
function stickiness(memberDays: number, active28: number, k: number): Figure {
  if (active28 === 0) return unavailable("stickiness");
  if (!countVisible(active28, k)) return withheld("stickiness");
  return valueFigure("stickiness", memberDays / 28 / active28);
}

/** For each of the six join weeks before the reported one: its size and its share active in each later week. */
function cohortFigures(
  week: DigestWeek,
  joinedByWeek: ReadonlyMap<number, readonly string[]>,
  activeIn: (offset: number) => ReadonlySet<string>,
  k: number,
): Figure[] {
  const figures: Figure[] = [];
  for (let cohort = -ACTIVITY_WEEKS_BACK; cohort <= -1; cohort++) {
    const label = weeksBefore(week, -cohort).label;
    const activeThen = activeIn(cohort);
    const members = (joinedByWeek.get(cohort) ?? []).filter((m) => activeThen.has(m));
    figures.push(countFigure("cohort_size", members.length, k, label));
    for (let later = cohort + 1; later <= 0; later++) {
      const activeLater = activeIn(later);
      const retained = members.filter((m) => activeLater.has(m)).length;
      figures.push(shareFigure("cohort_retention", retained, members.length, k, `${label}+${later - cohort}`));
    }
  }
  return figures;
}

function union(sets: readonly ReadonlySet<string>[]): Set<string> {
  const all = new Set<string>();
  for (const set of sets) for (const item of set) all.add(item);
  return all;
}
