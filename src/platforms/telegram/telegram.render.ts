import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { ActionRowView, AttachmentView, MessageView, ViewBlock } from "../../core/ports/view.ts";
import type { EncodeAction } from "./telegram.ids.ts";

/** Telegram's limits for what the renderer produces (Bot API: sendMessage, InlineKeyboardMarkup). */
export const telegramLimits = {
  /** Characters of a message after its HTML is parsed. */
  message: 4_096,
  buttonsPerRow: 8,
  rows: 10,
  buttonLabel: 64,
  callbackAnswer: 200,
} as const;

/** A view rendered for Telegram: one or more HTML messages, the keyboard for the last, and files. */
export interface RenderedView {
  /** Message texts in HTML parse mode, each at most 4,096 visible characters; empty for a files-only view. */
  readonly parts: readonly string[];
  readonly keyboard: InlineKeyboardMarkup | undefined;
  readonly attachments: readonly AttachmentView[];
}

/** A run of text with at most one kind of formatting. */
interface Span {
  readonly text: string;
  readonly style?: "b" | "code" | "a";
  readonly href?: string;
}

type Line = readonly Span[];

/**
 * Renders a view in HTML parse mode. Every string from the view is escaped (views carry plain text, so a
 * member's `<b>` stays literal). Text longer than Telegram's 4,096 characters is split between messages
 * on line breaks where possible; the keyboard goes with the last message.
 */
export function renderView(
  view: MessageView,
  encode: EncodeAction,
  limit: number = telegramLimits.message,
): RenderedView {
  return {
    parts: chunk(viewLines(view), limit).map(toHtml),
    keyboard: renderKeyboard(view.actions ?? [], encode),
    attachments: view.attachments ?? [],
  };
}

/**
 * Renders a view as exactly one message (an edit can change only one): text beyond the limit is cut
 * and ends with "…".
 */
export function renderSingle(view: MessageView, encode: EncodeAction, limit: number = telegramLimits.message) {
  // Room for the line break and "…" that mark a cut.
  const chunks = chunk(viewLines(view), limit - 2);
  const first = chunks[0] ?? [[{ text: "…" }]];
  const text = chunks.length > 1 ? toHtml([...first, [{ text: "…" }]]) : toHtml(first);
  return { text, keyboard: renderKeyboard(view.actions ?? [], encode) };
}

/** Escapes the three characters Telegram's HTML parse mode gives meaning to, and quotes for attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Inline keyboard rows; rows of more than eight buttons wrap. Select menus do not exist on Telegram. */
export function renderKeyboard(rows: readonly ActionRowView[], encode: EncodeAction): InlineKeyboardMarkup | undefined {
  const keyboard: InlineKeyboardButton[][] = [];
  for (const row of rows) {
    if (row.type === "select") {
      throw new Error("Telegram has no select menus: the core must check capabilities.selectMenus");
    }
    const buttons = row.buttons.map((b) => ({
      text: cut(b.label, telegramLimits.buttonLabel),
      callback_data: encode(b.action),
    }));
    for (let i = 0; i < buttons.length; i += telegramLimits.buttonsPerRow) {
      keyboard.push(buttons.slice(i, i + telegramLimits.buttonsPerRow));
    }
  }
  return keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined;
}

/** Cuts plain text to `max` characters ending with "…", never inside a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}

function viewLines(view: MessageView): Line[] {
  const lines: Line[] = [];
  const blocks: Line[][] = [
    ...(view.title ? [[[{ text: view.title, style: "b" as const }]]] : []),
    ...view.blocks.map(blockLines),
  ];
  blocks.forEach((block, index) => {
    if (index > 0) lines.push([]);
    lines.push(...block);
  });
  return lines;
}

function blockLines(block: ViewBlock): Line[] {
  switch (block.type) {
    case "heading":
      return textLines(block.text).map((text) => [{ text, style: "b" }]);
    case "paragraph":
      return textLines(block.text).map((text) => [{ text }]);
    case "list":
      return block.items.map((item) => [{ text: "• " }, { text: item.replace(/\s*\n\s*/g, " ") }]);
    case "bars":
      return block.rows.flatMap((row) => [
        [{ text: row.label }],
        [{ text: `${bar(row.percent)} ${Math.round(row.percent)}% · ${row.count}` }],
      ]);
    case "code":
      return [[{ text: block.text, style: "code" }]];
    case "link":
      return [
        isSafeUrl(block.url)
          ? [{ text: block.label, style: "a", href: block.url }]
          : [{ text: `${block.label}: ${block.url}` }],
      ];
  }
}

function textLines(text: string): string[] {
  return text.split("\n");
}

function bar(percent: number): string {
  const filled = Math.round(Math.min(100, Math.max(0, percent)) / 10);
  return "█".repeat(filled) + "░".repeat(10 - filled);
}

/** Links a member can be sent to: web pages and Telegram's own links, nothing else (no javascript:). */
function isSafeUrl(url: string): boolean {
  try {
    return ["http:", "https:", "tg:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

function lineLength(line: Line): number {
  return line.reduce((n, span) => n + span.text.length, 0);
}

/** Groups lines into messages of at most `limit` visible characters, splitting over-long lines. */
function chunk(lines: readonly Line[], limit: number): Line[][] {
  const chunks: Line[][] = [];
  let current: Line[] = [];
  let length = 0;
  const flush = () => {
    while (current.length > 0 && lineLength(current[current.length - 1]!) === 0) current.pop();
    if (current.length > 0) chunks.push(current);
    current = [];
    length = 0;
  };
  for (const line of lines.flatMap((l) => splitLine(l, limit))) {
    const added = lineLength(line) + (current.length > 0 ? 1 : 0);
    if (length + added > limit) flush();
    if (current.length === 0 && lineLength(line) === 0) continue;
    length += lineLength(line) + (current.length > 0 ? 1 : 0);
    current.push(line);
  }
  flush();
  return chunks;
}

/** Splits a line longer than `limit` into pieces, at a space when there is one in the second half. */
function splitLine(line: Line, limit: number): Line[] {
  if (lineLength(line) <= limit) return [line];
  const text = line.map((s) => s.text).join("");
  let end = text.lastIndexOf(" ", limit);
  if (end < limit / 2) end = limit;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  const [head, tail] = sliceSpans(line, end);
  return [head, ...splitLine(trimStart(tail), limit)];
}

/** The spans before and after a character offset, each keeping its formatting. */
function sliceSpans(line: Line, at: number): [Span[], Span[]] {
  const head: Span[] = [];
  const tail: Span[] = [];
  let offset = 0;
  for (const span of line) {
    const start = offset;
    offset += span.text.length;
    if (offset <= at) head.push(span);
    else if (start >= at) tail.push(span);
    else {
      head.push({ ...span, text: span.text.slice(0, at - start) });
      tail.push({ ...span, text: span.text.slice(at - start) });
    }
  }
  return [head, tail];
}

function trimStart(line: Span[]): Span[] {
  const [first, ...rest] = line;
  return first ? [{ ...first, text: first.text.trimStart() }, ...rest] : line;
}

function toHtml(lines: readonly Line[]): string {
  return lines.map((line) => line.map(spanHtml).join("")).join("\n");
}

function spanHtml(span: Span): string {
  const text = escapeHtml(span.text);
  if (span.text.length === 0) return "";
  switch (span.style) {
    case "b":
      return `<b>${text}</b>`;
    case "code":
      return `<code>${text}</code>`;
    case "a":
      return `<a href="${escapeHtml(span.href ?? "")}">${text}</a>`;
    default:
      return text;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
