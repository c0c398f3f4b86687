import { resolveClosingTime } from "../polls/closing-time.ts";
import type { InvalidOfferReason } from "./offer.schema.ts";

/** When claims open and when they close (and codes expire). */
export interface ValidityWindow {
  readonly startsAt: Date;
  /** Whole seconds, because a signed code carries its expiry in seconds. */
  readonly endsAt: Date;
}

/**
 * Resolves an offer's validity window with the poll closing-time grammar: a start is "now" when absent, else a
 * duration from now or a local time; an end is a duration from the start or a local time. Each may be at most
 * 90 days ahead of what it counts from.
 */
export function resolveValidityWindow(
  input: { starts?: string | Date | undefined; ends: string | Date },
  now: Date,
  timeZone: string,
): { ok: true; window: ValidityWindow } | { ok: false; reason: InvalidOfferReason } {
  let startsAt = now;
  if (input.starts !== undefined && !(typeof input.starts === "string" && /^(now|ora|adesso)$/i.test(input.starts))) {
    const start = resolveClosingTime(input.starts, now, timeZone);
    if (!start.ok) {
      return {
        ok: false,
        reason:
          start.reason === "closes_past"
            ? "starts_past"
            : start.reason === "closes_too_far"
              ? "starts_too_far"
              : "starts_invalid",
      };
    }
    startsAt = start.at;
  }
  const end = resolveClosingTime(input.ends, startsAt, timeZone);
  if (!end.ok) {
    const later = startsAt.getTime() > now.getTime();
    const reason: InvalidOfferReason =
      end.reason === "closes_past"
        ? later
          ? "ends_before_start"
          : "ends_past"
        : end.reason === "closes_too_far"
          ? "ends_too_far"
          : "ends_invalid";
    return { ok: false, reason };
  }
  const endsAt = new Date(Math.floor(end.at.getTime() / 1000) * 1000);
  if (endsAt.getTime() <= startsAt.getTime()) return { ok: false, reason: "ends_before_start" };
  return { ok: true, window: { startsAt, endsAt } };
}
