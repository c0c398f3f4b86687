import type { Locale } from "../../../../src/core/domain/platform.ts";
import { en } from "../../../../src/core/i18n/catalogue.en.ts";
import { it } from "../../../../src/core/i18n/catalogue.it.ts";
import type { Reply } from "../../../../src/core/ports/view.ts";

const catalogues: Readonly<Record<Locale, unknown>> = { en, it };

/** The raw template of a catalogue key in a locale (undefined when the key does not exist). */
export function template(locale: Locale, key: string): string | undefined {
  let node: unknown = catalogues[locale];
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

/** The literal text a template starts with, before its first placeholder or nested key. */
export function staticPrefix(text: string): string {
  const cut = text.search(/\{\{|\$t\(/);
  return cut < 0 ? text : text.slice(0, cut);
}

/** All the text a reply shows (paragraphs, titles, notices), joined by newlines. */
export function replyText(reply: Reply): string {
  switch (reply.type) {
    case "notice":
      return reply.text;
    case "message":
    case "update":
      return [
        reply.view.title ?? "",
        ...reply.view.blocks.map((b) =>
          "text" in b ? b.text : "items" in b ? b.items.join("\n") : "label" in b ? b.label : "",
        ),
      ]
        .filter(Boolean)
        .join("\n");
    case "form":
      return reply.form.title;
    case "none":
      return "";
  }
}

/** A stack frame, an error class name or an internal object dump: what a member must never be shown. */
const rawError =
  /^\s+at .+:\d+:\d+\)?$|\b(TypeError|RangeError|ReferenceError|SyntaxError|Prisma\w*Error|ZodError)\b|\[object Object\]/m;

/**
 * Why the text a member sees for a refused input is not a clear catalogue message for `code` in `locale`
 * (null when it is): it must be non-empty, start with the literal text of `errors.<code>` from that locale's
 * catalogue, show no raw error, and leave no placeholder unresolved unless the member typed one.
 */
export function refusalProblem(text: string, code: string, locale: Locale, typed: string): string | null {
  if (text.trim().length === 0) return "empty reply";
  const expected = template(locale, `errors.${code}`);
  if (!expected) return `errors.${code} is missing from the ${locale} catalogue`;
  const prefix = staticPrefix(expected);
  if (prefix.trim().length === 0) return `errors.${code} has no literal text in ${locale}`;
  if (!text.startsWith(prefix)) return `the ${locale} reply does not start with errors.${code}: ${text.slice(0, 120)}`;
  if (!expected.includes("{{") && !expected.includes("$t(") && text !== expected && !text.startsWith(`${expected}\n`))
    return `the ${locale} reply is not errors.${code}: ${text.slice(0, 120)}`;
  if (rawError.test(text) && !rawError.test(typed)) return `a raw error in the reply: ${text.slice(0, 200)}`;
  if (/\{\{|\$t\(/.test(text) && !/\{\{|\$t\(/.test(typed)) return `an unresolved placeholder: ${text.slice(0, 200)}`;
  return null;
}

/** Whether the text shows a raw error (stack frame, error class, object dump) that the input did not contain. */
export function showsRawError(text: string, typed: string): boolean {
  return rawError.test(text) && !rawError.test(typed);
}
