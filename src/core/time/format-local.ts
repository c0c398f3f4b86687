import type { Locale } from "../domain/platform.ts";

/** An instant as a person in the community reads it: their language, the community's time zone. */
export function formatLocal(at: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === "it" ? "it-IT" : "en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(at);
}
