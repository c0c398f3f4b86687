import { describe, expect, it } from "vitest";
import { ActionCodec } from "../../../src/core/actions/action-codec.ts";
import { renderMessage, toRestPayload } from "../../../src/platforms/discord/discord.render.ts";

const codec = new ActionCodec("a-test-secret-that-is-long-enough-for-circolo");

describe("a sealed notify address", () => {
  it("opens only with the same secret, and never shows the address in clear", () => {
    const sealed = codec.seal("123456789012345678");
    expect(sealed).not.toContain("123456789012345678");
    expect(codec.open(sealed)).toBe("123456789012345678");
    expect(new ActionCodec("another-secret-that-is-long-enough-for-circolo").open(sealed)).toBeNull();
  });

  it("differs every time, so equal addresses cannot be matched across questions", () => {
    expect(codec.seal("42")).not.toBe(codec.seal("42"));
  });

  it("refuses anything altered or made up", () => {
    const sealed = codec.seal("42");
    const altered = `${sealed.slice(0, -2)}${sealed.at(-2) === "A" ? "B" : "A"}${sealed.at(-1)}`;
    expect(codec.open(altered)).toBeNull();
    expect(codec.open("not-a-sealed-address")).toBeNull();
    expect(codec.open("")).toBeNull();
  });
});

describe("a Discord message that notifies someone", () => {
  it("mentions that person and allows no other ping, whatever the text says", () => {
    const rendered = renderMessage(
      { title: "Answer to Q1", blocks: [{ type: "paragraph", text: "@everyone <@999> Friday!" }] },
      () => "unused",
      { mentionUserId: "42" },
    );
    expect(rendered.content).toBe("<@42>");
    expect(toRestPayload(rendered).body).toMatchObject({ allowed_mentions: { parse: [], roles: [], users: ["42"] } });
  });
});
