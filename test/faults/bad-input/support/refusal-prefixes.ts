import type { Locale } from "../../../../src/core/domain/platform.ts";
import { en } from "../../../../src/core/i18n/catalogue.en.ts";
import { it } from "../../../../src/core/i18n/catalogue.it.ts";
import { staticPrefix } from "./catalogue.ts";

const errorsOf: Readonly<Record<Locale, Record<string, string>>> = { en: en.errors, it: it.errors };

/**
 * The error code whose catalogue message the text a member saw starts with, in that locale (null when the text
 * is no refusal). Only what the member sees is known here, so a refusal is recognised by its words.
 */
export function refusalCode(text: string, locale: Locale): string | null {
  let best: { code: string; length: number } | null = null;
  for (const [code, message] of Object.entries(errorsOf[locale])) {
    const prefix = staticPrefix(message).trim();
    if (prefix.length >= 6 && text.trim().startsWith(prefix) && prefix.length > (best?.length ?? 0))
      best = { code, length: prefix.length };
  }
  return best?.code ?? null;
}
