import { countVisible } from "../privacy/k-anonymity.ts";
import { wallClockAt } from "../scheduling/zoned-time.ts";
import type { HourlyKindTotal } from "./digest.repository.port.ts";
import type { Figure, HourSlot } from "./digest.ts";
import { weekdayOf } from "./digest-week.ts";
import { countFigure } from "./figures.ts";
import { metricDefinitions } from "./metric-definitions.ts";

const weekdayKeys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** The breakdown key of a local hour of the week: "mon-00" … "sun-23". */
export function slotKey(weekday: number, hour: number): string {
  return `${weekdayKeys[weekday]}-${String(hour).padStart(2, "0")}`;
}

/**
 * Interactions per local hour of the week (168 slots, index weekday × 24 + hour) for UTC hours starting in
 * [from, to). Each UTC hour is placed at the local time it starts: in a zone with a half-hour offset the hour
 * 09:30-10:30 counts as 09. In a daylight-saving week one local hour holds two UTC hours (autumn) or none
 * (spring), as the clocks on the wall did.
 */
export function hourOfWeek(rows: readonly HourlyKindTotal[], from: Date, to: Date, timeZone: string): number[] {
  const slots = Array.from({ length: 168 }, () => 0);
  // Several kinds share each UTC hour: the time-zone conversion is done once per hour, not once per row.
  const slotOf = new Map<number, number>();
  const kinds: readonly string[] = metricDefinitions.engagement_by_hour.kinds;
  for (const row of rows) {
    if (!kinds.includes(row.kind) || row.hour < from || row.hour >= to) continue;
    let index = slotOf.get(row.hour.getTime());
    if (index === undefined) {
      const local = wallClockAt(row.hour, timeZone);
      const day = `${local.year}-${String(local.month).padStart(2, "0")}-${String(local.day).padStart(2, "0")}`;
      index = weekdayOf(day) * 24 + local.hour;
      slotOf.set(row.hour.getTime(), index);
    }
    slots[index] = (slots[index] as number) + row.count;
  }
  return slots;
}

/** The 168 engagement_by_hour figures of a week, each obeying k. */
export function hourFigures(slots: readonly number[], k: number): Figure[] {
  return slots.map((count, index) =>
    countFigure("engagement_by_hour", count, k, slotKey(Math.floor(index / 24), index % 24)),
  );
}

/** Fewer interactions than this over the period make no recommendation about hours. */
export const MIN_INTERACTIONS_FOR_HOURS = 50;

/**
 * The busiest hours of the week over a period, at most `top` of them, each holding at least k interactions
 * (a smaller slot is withheld, so never recommended); empty when the period had too little activity.
 */
export function busiestSlots(slots: readonly number[], k: number, top = 3): { slots: HourSlot[]; total: number } {
  const total = slots.reduce((a, b) => a + b, 0);
  if (total < MIN_INTERACTIONS_FOR_HOURS) return { slots: [], total };
  const ranked = slots
    .map((count, index) => ({ weekday: Math.floor(index / 24), hour: index % 24, count, share: count / total }))
    .filter((slot) => slot.count > 0 && countVisible(slot.count, k))
    .sort((a, b) => b.count - a.count || a.weekday * 24 + a.hour - (b.weekday * 24 + b.hour));
  return { slots: ranked.slice(0, top), total };
}
