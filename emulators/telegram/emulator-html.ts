import type { MessageEntity } from "grammy/types";
import { ApiFailure } from "./emulator-errors.ts";

/** Tags Telegram's HTML parse mode understands, and the entity each becomes. */
const tags: Readonly<Record<string, MessageEntity["type"]>> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  code: "code",
  pre: "pre",
  a: "text_link",
  "tg-spoiler": "spoiler",
  blockquote: "blockquote",
};

const namedEntities: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/**
 * Parses text sent with parse_mode HTML the way the Bot API does: supported tags become entities
 * (offsets in UTF-16 code units), the four named entities and numeric ones are decoded, and an unknown
 * or unbalanced tag is refused with "can't parse entities", so an unescaped `<` fails as it would on Telegram.
 */
export function parseHtml(html: string): { text: string; entities: MessageEntity[] } {
  let text = "";
  const entities: MessageEntity[] = [];
  const open: { tag: string; offset: number; href?: string }[] = [];
  let i = 0;
  while (i < html.length) {
    const char = html[i]!;
    if (char === "<") {
      const end = html.indexOf(">", i);
      if (end < 0) throw cannotParse(`Unclosed start tag at byte offset ${i}`);
      const raw = html.slice(i + 1, end).trim();
      i = end + 1;
      if (raw.startsWith("/")) {
        const name = raw.slice(1).trim().toLowerCase();
        const top = open.pop();
        if (!top || top.tag !== name) throw cannotParse(`Can't find end tag corresponding to start tag "${name}"`);
        const length = text.length - top.offset;
        const type = tags[top.tag]!;
        if (length > 0) {
          entities.push(
            type === "text_link"
              ? { type, offset: top.offset, length, url: top.href ?? "" }
              : ({ type, offset: top.offset, length } as MessageEntity),
          );
        }
        continue;
      }
      const name = /^[a-z-]+/i.exec(raw)?.[0]?.toLowerCase() ?? "";
      if (!(name in tags)) throw cannotParse(`Unsupported start tag "${name}" at byte offset ${i}`);
      const href = name === "a" ? /href\s*=\s*"([^"]*)"/i.exec(raw)?.[1] : undefined;
      if (name === "a" && href === undefined) throw cannotParse("Can't parse entities: link without href");
      open.push({ tag: name, offset: text.length, ...(href !== undefined ? { href: decode(href) } : {}) });
      continue;
    }
    if (char === "&") {
      const match = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(html.slice(i));
      const decoded = match ? decodeEntity(match[1]!) : null;
      if (match && decoded !== null) {
        text += decoded;
        i += match[0].length;
        continue;
      }
    }
    text += char;
    i += 1;
  }
  if (open.length > 0)
    throw cannotParse(`Can't find end tag corresponding to start tag "${open[open.length - 1]!.tag}"`);
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}

function decode(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => decodeEntity(body) ?? whole);
}

function decodeEntity(body: string): string | null {
  if (body.startsWith("#x") || body.startsWith("#X")) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
  if (body.startsWith("#")) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
  return namedEntities[body.toLowerCase()] ?? null;
}

function cannotParse(detail: string): ApiFailure {
  return new ApiFailure(400, `Bad Request: can't parse entities: ${detail}`);
}
