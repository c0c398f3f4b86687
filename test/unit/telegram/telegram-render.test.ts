import { describe, expect, it } from "vitest";
import { parseHtml } from "../../../emulators/telegram/emulator-html.ts";
import { ActionCodec } from "../../../src/core/actions/action-codec.ts";
import type { MessageView } from "../../../src/core/ports/view.ts";
import { callbackEncoder, decodeCallback } from "../../../src/platforms/telegram/telegram.ids.ts";
import { renderSingle, renderView } from "../../../src/platforms/telegram/telegram.render.ts";

const codec = new ActionCodec("render-test-secret-0123456789abcdefghijklmnop");
const inGroup = callbackEncoder(codec, { kind: "group", chatId: "-1001234567890" });

/** What Telegram makes of a part: the text a person reads and its formatting. */
const read = (html: string) => parseHtml(html);

describe("the Telegram renderer", () => {
  it("escapes markup in every string of the view, so a member's <b> stays literal", () => {
    const view: MessageView = {
      title: "<b>Gelato</b> & co",
      blocks: [
        { type: "heading", text: "Vote <now>" },
        { type: "paragraph", text: 'He said "<i>hi</i>" & left' },
        { type: "list", items: ["a < b", "<a href='x'>link</a>"] },
        { type: "code", text: "CODE<1>&2" },
        { type: "link", label: "<u>shop</u>", url: "https://example.com/?a=1&b=<2>" },
      ],
    };
    const [html] = renderView(view, inGroup).parts;
    const { text, entities } = read(html!);
    expect(text).toBe(
      [
        "<b>Gelato</b> & co",
        "",
        "Vote <now>",
        "",
        'He said "<i>hi</i>" & left',
        "",
        "• a < b",
        "• <a href='x'>link</a>",
        "",
        "CODE<1>&2",
        "",
        "<u>shop</u>",
      ].join("\n"),
    );
    expect(entities.map((e) => e.type)).toEqual(["bold", "bold", "code", "text_link"]);
    expect(entities.find((e) => e.type === "text_link")).toMatchObject({ url: "https://example.com/?a=1&b=<2>" });
  });

  it("shows a link that is not http(s) or tg: as plain text, never as a link", () => {
    const [html] = renderView(
      { blocks: [{ type: "link", label: "Click", url: "javascript:alert(1)" }] },
      inGroup,
    ).parts;
    expect(read(html!)).toEqual({ text: "Click: javascript:alert(1)", entities: [] });
  });

  it("splits text longer than 4,096 characters between messages on line breaks, losing nothing", () => {
    const lines = Array.from({ length: 120 }, (_, i) => `${String(i).padStart(3, "0")} ${"x".repeat(95)}`);
    const rendered = renderView(
      {
        blocks: [{ type: "paragraph", text: lines.join("\n") }],
        actions: [{ type: "buttons", buttons: [{ label: "OK", action: { name: "ok", args: [] } }] }],
      },
      inGroup,
    );
    const texts = rendered.parts.map((p) => read(p).text);
    expect(texts.length).toBe(3);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(4096);
    expect(texts.join("\n")).toBe(lines.join("\n"));
    expect(rendered.keyboard?.inline_keyboard).toHaveLength(1);
  });

  it("splits one over-long line at a space and keeps its formatting in both messages", () => {
    const heading = Array.from({ length: 900 }, () => "word").join(" ");
    const parts = renderView({ blocks: [{ type: "heading", text: heading }] }, inGroup).parts.map(read);
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.text.length <= 4096 && p.entities[0]?.type === "bold")).toBe(true);
    expect(parts.map((p) => p.text).join(" ")).toBe(heading);
  });

  it("counts the limit in characters a person reads, not in escaped HTML", () => {
    const text = "&<".repeat(2000);
    const rendered = renderView({ blocks: [{ type: "paragraph", text }] }, inGroup);
    expect(rendered.parts).toHaveLength(1);
    expect(rendered.parts[0]!.length).toBeGreaterThan(4096);
    expect(read(rendered.parts[0]!).text).toBe(text);
  });

  it("cuts an edit to one message that ends with …", () => {
    const long = "y".repeat(5000);
    const single = renderSingle({ blocks: [{ type: "paragraph", text: long }] }, inGroup);
    const { text } = read(single.text);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text.endsWith("\n…")).toBe(true);
  });

  it("renders result bars with a share and a count per option", () => {
    const [html] = renderView(
      { blocks: [{ type: "bars", rows: [{ label: "<Vanilla>", count: 3, percent: 75 }] }] },
      inGroup,
    ).parts;
    expect(read(html!).text).toBe("<Vanilla>\n████████░░ 75% · 3");
  });

  it("puts buttons in rows of at most eight, each with callback data of at most 64 bytes that verifies", () => {
    const buttons = Array.from({ length: 11 }, (_, i) => ({
      label: `Option ${i}`,
      action: { name: "poll_vote", args: ["c0a8b2d4e6f8a0b2c4d6", String(i)] },
    }));
    const keyboard = renderView({ blocks: [], actions: [{ type: "buttons", buttons }] }, inGroup).keyboard!;
    expect(keyboard.inline_keyboard.map((row) => row.length)).toEqual([8, 3]);
    for (const button of keyboard.inline_keyboard.flat()) {
      const data = (button as { callback_data: string }).callback_data;
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeCallback(codec, data, { id: -1001234567890, type: "supergroup" })?.action.name).toBe("poll_vote");
    }
  });

  it("fits the group prefix of a private chat's buttons within 64 bytes too", () => {
    const encode = callbackEncoder(codec, { kind: "private", communityChatId: "-1009876543210" });
    const data = encode({ name: "pv_t", args: ["direct_messages", "1"] });
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(data.startsWith("-1009876543210@")).toBe(true);
  });

  it("refuses, as a bug, an action whose arguments cannot fit 64 bytes", () => {
    expect(() => inGroup({ name: "poll_vote", args: ["a".repeat(40), "b".repeat(20)] })).toThrow(/64/);
  });

  it("refuses select menus, which Telegram does not have", () => {
    const view: MessageView = {
      blocks: [],
      actions: [{ type: "select", select: { placeholder: "Pick", action: { name: "pick", args: [] }, options: [] } }],
    };
    expect(() => renderView(view, inGroup)).toThrow(/select menus/);
  });
});
