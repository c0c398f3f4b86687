import fc from "fast-check";

/**
 * Pieces of text that break naive parsers and renderers: control characters, bidirectional overrides and
 * zero-width characters, lone surrogates, markup and mention injection for both platforms, the Telegram
 * argument syntax's own separators, template and format placeholders, numbers out of range or in odd forms.
 */
export const hostilePieces = [
  "\u0000",
  "\u0007",
  "\b",
  "\t",
  "\n",
  "\r\n",
  "\u001b[31m",
  "\u007f",
  "\u0085",
  "\u2028",
  "\u2029",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u2060",
  "\ufeff",
  "\u202e",
  "\u202d",
  "\u200f",
  "\u061c",
  "\u2066",
  "\u2069",
  "\ud800",
  "\udfff",
  "\uffff",
  "🏳️‍🌈",
  "👨‍👩‍👧‍👦",
  "e\u0301",
  "مرحبا",
  "שלום",
  "𒐫",
  "<b>",
  "</b>",
  '<a href="tg://user?id=1">x</a>',
  "<script>alert(1)</script>",
  "&amp;",
  "&#0;",
  "**bold**",
  "__u__",
  "||spoiler||",
  "`code`",
  "```",
  "[link](https://evil.example)",
  "@everyone",
  "@here",
  "<@123456789012345678>",
  "<@&123456789012345678>",
  "<#123456789012345678>",
  "@admin",
  "/poll",
  "/start",
  "--multi",
  "--closes",
  "—closes",
  "--",
  "=",
  "|",
  "\\",
  "\\|",
  '"',
  "“",
  "”",
  "„",
  "'",
  // A template placeholder as a member could type it, on purpose.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile input, not a template
  "${x}",
  "$t(errors.INVALID_INPUT)",
  "%s",
  "%n",
  "../../etc/passwd",
  "'; DROP TABLE Member;--",
  "NaN",
  "Infinity",
  "-Infinity",
  "-0",
  "1e309",
  "9007199254740993",
  "-9223372036854775809",
  "0x10",
  "1_000",
  "1,5",
  "١٢٣",
  "½",
  "sì",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "~",
  ".",
  "1.pv_t.analytics.1~AAAAAAAAAA",
];

/** Numbers of every awkward kind: out of range, not integers, not finite, negative zero. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.constantFrom(
    0,
    -0,
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MIN_SAFE_INTEGER - 2,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e21,
    2 ** 31,
    2 ** 53,
  ),
  fc.double(),
);

/** Hostile text: pieces, mixes of pieces and random code units, long repetitions, and the given extra values. */
export function hostileString(extra: readonly string[] = []): fc.Arbitrary<string> {
  const piece = fc.constantFrom(...hostilePieces, ...extra);
  return fc.oneof(
    { weight: 3, arbitrary: piece },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.array(fc.oneof(piece, fc.string({ unit: "binary", maxLength: 12 }), fc.string({ maxLength: 12 })), {
            maxLength: 10,
          }),
          fc.constantFrom("", " "),
        )
        .map(([parts, separator]) => parts.join(separator)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...hostilePieces, "a", "é", "9"), fc.integer({ min: 100, max: 5000 }))
        .map(([p, n]) => p.repeat(n)),
    },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    { weight: 1, arbitrary: hostileNumber.map(String) },
  );
}

/** A raw option value as a platform could hand it over (or a forged client could): any JSON-ish shape. */
export function hostileValue(extra: readonly string[] = []): fc.Arbitrary<unknown> {
  const text = hostileString(extra);
  return fc.oneof(
    { weight: 6, arbitrary: text },
    { weight: 2, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
    { weight: 1, arbitrary: fc.array(text, { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(text, text, { maxKeys: 3 }) },
  );
}
