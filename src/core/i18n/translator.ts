import i18next, { type i18n } from "i18next";
import type { Locale } from "../domain/platform.ts";
import { type Catalogue, en } from "./catalogue.en.ts";
import { it } from "./catalogue.it.ts";

type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every message key, checked at compile time. */
export type MessageKey = Leaves<Catalogue>;

/** Translates a key for one locale. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * One i18next instance serves both platforms. Interpolated values are not HTML-escaped here: every
 * string leaves the core as plain text and each platform renderer escapes it for its own markup.
 */
export class Translator {
  readonly #i18n: i18n;

  constructor() {
    this.#i18n = i18next.createInstance();
    void this.#i18n.init({
      initAsync: false,
      lng: "en",
      fallbackLng: "en",
      supportedLngs: ["en", "it"],
      resources: { en: { translation: en }, it: { translation: it } },
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }

  /** A translate function bound to one locale. */
  for(locale: Locale): Translate {
    const t = this.#i18n.getFixedT(locale);
    return (key, params) => t(key, params ?? {}) as string;
  }
}
