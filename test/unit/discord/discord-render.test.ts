import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ActionCodec } from "../../../src/core/actions/action-codec.ts";
import type { ActionRef, MessageView } from "../../../src/core/ports/view.ts";
import { actionEncoder, decodeCustomId, directEncoderFor } from "../../../src/platforms/discord/discord.ids.ts";
import {
  discordLimits,
  escapeText,
  renderMessage,
  renderModal,
  renderNotice,
  toInteractionPayload,
  toRestPayload,
  truncate,
} from "../../../src/platforms/discord/discord.render.ts";
import { testSecret } from "../../support/test-app.ts";

const codec = new ActionCodec(testSecret);
const guildId = "1234567890123456789";
const encode = actionEncoder(codec, guildId);
const action = (n: number): ActionRef => ({ name: "vote", args: [String(n)] });

describe("the Discord renderer", () => {
  it("escapes markdown in member text so it shows literally", () => {
    const hostile = "**bold** _it_ ~~s~~ ||spoiler|| `code` [click](https://evil.example) <@123> \\*";
    const rendered = renderMessage({ blocks: [{ type: "paragraph", text: hostile }] }, encode);
    expect(rendered.content).toBe(
      "\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\`code\\` \\[click\\](https://evil.example) \\<@123\\> \\\\\\*",
    );
  });

  it("escapes line-start markdown: headings, lists, quotes and subtext", () => {
    expect(escapeText("# Big\n- item\n  + more\n12. first\n> quoted\n-# small\nnot-a-list 3.5")).toBe(
      "\\# Big\n\\- item\n  \\+ more\n12\\. first\n\\> quoted\n-\\# small\nnot-a-list 3.5",
    );
  });

  it("escapes any text so that Discord shows it back exactly, with no markdown character left active", () => {
    const discordUnescape = (s: string) => s.replace(/\\([^0-9A-Za-z\s])/g, "$1");
    const activeMarkdown = /(?<!\\)(?:\\\\)*[*_~`|[\]<>#]/;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."*_~`|[]()<>#-+.\\ \n1aé@:") }), (text) => {
        const escaped = escapeText(text);
        expect(discordUnescape(escaped)).toBe(text);
        expect(escaped).not.toMatch(activeMarkdown);
      }),
    );
  });

  it("escapes long text in linear time", () => {
    const started = performance.now();
    escapeText("_*".repeat(50_000));
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("never lets user text ping anyone and allows only the requested role", () => {
    const view: MessageView = { blocks: [{ type: "paragraph", text: "@everyone <@&999> hello" }] };
    const plain = toRestPayload(renderMessage(view, encode));
    expect(plain.body).toMatchObject({ allowed_mentions: { parse: [], roles: [] } });
    const announced = renderMessage(view, encode, { mentionRoleId: "555" });
    expect(announced.content.startsWith("<@&555>\n")).toBe(true);
    expect(toInteractionPayload(announced).allowedMentions).toEqual({ parse: [], roles: ["555"], repliedUser: false });
  });

  it("puts short untitled text in the content and everything else in an embed", () => {
    expect(renderMessage({ blocks: [{ type: "paragraph", text: "Saved." }] }, encode)).toMatchObject({
      content: "Saved.",
      embeds: [],
    });
    const titled = renderMessage({ title: "Poll", blocks: [{ type: "list", items: ["a", "b"] }] }, encode);
    expect(titled.content).toBe("");
    expect(titled.embeds[0]).toMatchObject({ title: "Poll", description: "• a\n• b" });
  });

  it("moves text longer than 2,000 characters into an embed and cuts it at 4,096", () => {
    const long = renderMessage({ blocks: [{ type: "paragraph", text: "x".repeat(3_000) }] }, encode);
    expect(long.content).toBe("");
    expect(long.embeds[0]?.description).toHaveLength(3_000);
    const huge = renderMessage({ blocks: [{ type: "paragraph", text: "y".repeat(10_000) }] }, encode);
    expect(huge.embeds[0]?.description).toHaveLength(discordLimits.embedDescription);
    expect(huge.embeds[0]?.description?.endsWith("…")).toBe(true);
    expect(renderNotice("z".repeat(5_000)).content).toHaveLength(discordLimits.content);
  });

  it("cuts long titles to 256 characters without splitting an emoji", () => {
    const title = `${"a".repeat(254)}😀😀`;
    const embedTitle = renderMessage({ title, blocks: [] }, encode).embeds[0]?.title ?? "";
    expect(embedTitle.length).toBeLessThanOrEqual(discordLimits.embedTitle);
    expect(embedTitle).toBe(`${"a".repeat(254)}…`);
    expect(truncate("😀😀😀", 3)).toBe("😀…");
  });

  it("packs buttons five to a row and drops rows beyond five", () => {
    const buttons = Array.from({ length: 7 }, (_, i) => ({ label: `B${i}`, action: action(i) }));
    const twoRows = renderMessage({ blocks: [], actions: [{ type: "buttons", buttons }] }, encode);
    expect(twoRows.components.map((r) => r.components.length)).toEqual([5, 2]);
    const many = Array.from({ length: 30 }, (_, i) => ({ label: `B${i}`, action: action(i) }));
    const capped = renderMessage({ blocks: [], actions: [{ type: "buttons", buttons: many }] }, encode);
    expect(capped.components).toHaveLength(discordLimits.rows);
    expect(capped.components.every((r) => r.components.length === discordLimits.buttonsPerRow)).toBe(true);
  });

  it("gives each select menu its own row with at most 25 options", () => {
    const options = Array.from({ length: 30 }, (_, i) => ({ label: `Option ${i}`, value: `v${i}` }));
    const rendered = renderMessage(
      {
        blocks: [],
        actions: [
          { type: "buttons", buttons: [{ label: "Go", action: action(1) }] },
          { type: "select", select: { placeholder: "Pick", action: action(2), options, maxValues: 40 } },
        ],
      },
      encode,
    );
    expect(rendered.components).toHaveLength(2);
    const select = rendered.components[1]?.components[0] as {
      options: unknown[];
      max_values: number;
      min_values: number;
    };
    expect(select.options).toHaveLength(discordLimits.selectOptions);
    expect(select).toMatchObject({ min_values: 1, max_values: 25 });
  });

  it("signs custom_ids for the guild, within 100 characters, and they decode only there", () => {
    const rendered = renderMessage(
      {
        blocks: [],
        actions: [{ type: "buttons", buttons: [{ label: "Yes", action: { name: "pv_t", args: ["analytics", "1"] } }] }],
      },
      encode,
    );
    const button = rendered.components[0]?.components[0] as { custom_id: string; style: number; label: string };
    expect(button.custom_id.length).toBeLessThanOrEqual(100);
    expect(button.style).toBe(2);
    expect(decodeCustomId(codec, button.custom_id, guildId)).toEqual({ name: "pv_t", args: ["analytics", "1"] });
    expect(decodeCustomId(codec, button.custom_id, "9999999999999999999")).toBeNull();
    expect(decodeCustomId(codec, button.custom_id, null)).toBeNull();
  });

  it("signs a direct message's custom_ids for the guild they act for, and no other guild can be swapped in", () => {
    const customId = directEncoderFor(codec, guildId)({ name: "vote", args: ["p-1", "2"] });
    expect(customId.startsWith(`${guildId}@`)).toBe(true);
    expect(customId.length).toBeLessThanOrEqual(100);
    expect(decodeCustomId(codec, customId, null)).toEqual({ name: "vote", args: ["p-1", "2"] });
    // Pressed inside a guild, or with another guild's id in front, it verifies nowhere.
    expect(decodeCustomId(codec, customId, guildId)).toBeNull();
    expect(decodeCustomId(codec, customId.replace(guildId, "9999999999999999999"), null)).toBeNull();
    expect(decodeCustomId(codec, customId.slice(guildId.length + 1), null)).toBeNull();
  });

  it("cuts button labels to 80 characters", () => {
    const rendered = renderMessage(
      { blocks: [], actions: [{ type: "buttons", buttons: [{ label: "L".repeat(120), action: action(1) }] }] },
      encode,
    );
    expect(rendered.components[0]?.components[0]).toHaveProperty("label");
    expect((rendered.components[0]?.components[0] as { label: string } | undefined)?.label).toHaveLength(
      discordLimits.buttonLabel,
    );
  });

  it("renders results as bars, codes verbatim and only http(s) links as links", () => {
    const rendered = renderMessage(
      {
        title: "Results",
        blocks: [
          { type: "bars", rows: [{ label: "*Pistachio*", count: 3, percent: 75 }] },
          { type: "code", text: "SAVE_10" },
          { type: "link", label: "Open [chat]", url: "https://t.me/circolo_bot?start=x(1)" },
          { type: "link", label: "Bad", url: "javascript:alert(1)" },
        ],
      },
      encode,
    );
    expect(rendered.embeds[0]?.description).toBe(
      [
        "\\*Pistachio\\*\n████████░░ 75% · 3",
        "`SAVE_10`",
        "[Open \\[chat\\]](https://t.me/circolo_bot?start=x%281%29)",
        "Bad: javascript:alert(1)",
      ].join("\n\n"),
    );
  });

  it("renders a form as a modal of labelled text inputs within Discord's limits", () => {
    const modal = renderModal(
      {
        title: "Suggest a flavour for the next tasting session, please",
        action: { name: "fl_form", args: [] },
        fields: [{ id: "name", label: "Flavour", style: "short", maxLength: 9_999 }],
      },
      encode,
    );
    expect(modal.title).toHaveLength(discordLimits.modalTitle);
    expect(modal.components[0]).toEqual({
      type: 18,
      label: "Flavour",
      component: { type: 4, custom_id: "name", style: 1, required: true, max_length: 4_000 },
    });
  });

  it("uploads attachments as files referenced by the message", () => {
    const view: MessageView = {
      blocks: [{ type: "paragraph", text: "Your data" }],
      attachments: [
        { filename: "my data.json", contentType: "application/json", data: new TextEncoder().encode("{}") },
      ],
    };
    const { body, files } = toRestPayload(renderMessage(view, encode));
    expect(body).toMatchObject({ attachments: [{ id: 0, filename: "my_data.json" }] });
    expect(files).toEqual([
      { key: "files[0]", name: "my_data.json", data: Buffer.from("{}"), contentType: "application/json" },
    ]);
  });
});
