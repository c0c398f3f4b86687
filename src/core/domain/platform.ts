import { z } from "zod";

/** The chat platforms Circolo runs on. */
export const platformSchema = z.enum(["discord", "telegram"]);
export type Platform = z.infer<typeof platformSchema>;

/** Locales with full catalogues; anything else falls back to the community's locale, then English. */
export const supportedLocales = ["en", "it"] as const;
export type Locale = (typeof supportedLocales)[number];
export const localeSchema = z.enum(supportedLocales);

/** Narrows a platform's language tag (for example "it", "it-IT", "en-GB") to a supported locale. */
export function toSupportedLocale(tag: string | null | undefined): Locale | undefined {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return supportedLocales.find((l) => l === base);
}

/** The member's language when supported, else the community's, else English. */
export function pickLocale(memberTag: string | null | undefined, communityLocale?: string | null): Locale {
  return toSupportedLocale(memberTag) ?? toSupportedLocale(communityLocale) ?? "en";
}
