import { describe, expect, it } from "vitest";
import { ActionCodec } from "../../../src/core/actions/action-codec.ts";
import {
  callbackEncoder,
  decodeCallback,
  decodeStartPayload,
  encodeStartPayload,
} from "../../../src/platforms/telegram/telegram.ids.ts";

const codec = new ActionCodec("ids-test-secret-0123456789abcdefghijklmnopqrs");
const action = { name: "pv_t", args: ["analytics", "1"] };
const supergroup = { id: -1001234567890, type: "supergroup" };
const otherGroup = { id: -1009999999999, type: "supergroup" };
const privateChat = { id: 424242, type: "private" };

describe("Telegram callback data", () => {
  it("verifies a group button pressed in its own group", () => {
    const data = callbackEncoder(codec, { kind: "group", chatId: String(supergroup.id) })(action);
    expect(decodeCallback(codec, data, supergroup)).toEqual({ action, communityChatId: String(supergroup.id) });
  });

  it("refuses a group button pressed in another group", () => {
    const data = callbackEncoder(codec, { kind: "group", chatId: String(supergroup.id) })(action);
    expect(decodeCallback(codec, data, otherGroup)).toBeNull();
  });

  it("carries the group of a private chat's button, and refuses it when the group is changed", () => {
    const data = callbackEncoder(codec, { kind: "private", communityChatId: String(supergroup.id) })(action);
    expect(decodeCallback(codec, data, privateChat)).toEqual({ action, communityChatId: String(supergroup.id) });
    const moved = data.replace(String(supergroup.id), String(otherGroup.id));
    expect(decodeCallback(codec, moved, privateChat)).toBeNull();
  });

  it("verifies a private chat's button that belongs to no group", () => {
    const data = callbackEncoder(codec, { kind: "private", communityChatId: null })(action);
    expect(decodeCallback(codec, data, privateChat)).toEqual({ action, communityChatId: null });
  });

  it("refuses made-up data and buttons in channels", () => {
    expect(decodeCallback(codec, "1.pv_t.analytics.1~AAAAAAAAAA", supergroup)).toBeNull();
    expect(decodeCallback(codec, "-100123@1.pv_t.analytics.1~AAAAAAAAAA", privateChat)).toBeNull();
    expect(decodeCallback(codec, "nonsense", privateChat)).toBeNull();
    const data = callbackEncoder(codec, { kind: "group", chatId: "-100555" })(action);
    expect(decodeCallback(codec, data, { id: -100555, type: "channel" })).toBeNull();
  });
});

describe("Telegram deep-link payloads", () => {
  it("round-trips a command and its group within Telegram's 64 allowed characters", () => {
    const target = { command: "a_command_name_of_32_characters_", communityChatId: "-1001234567890" };
    const payload = encodeStartPayload(codec, target);
    expect(payload).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(decodeStartPayload(codec, payload)).toEqual(target);
  });

  it("round-trips a payload with no command (opened from a button)", () => {
    const target = { command: "", communityChatId: "-4000001" };
    expect(decodeStartPayload(codec, encodeStartPayload(codec, target))).toEqual(target);
  });

  it("refuses a payload whose group or command was changed, or that Circolo never issued", () => {
    const payload = encodeStartPayload(codec, { command: "privacy", communityChatId: "-1001234567890" });
    expect(decodeStartPayload(codec, payload.replace("m1001234567890", "m1009999999999"))).toBeNull();
    expect(decodeStartPayload(codec, payload.replace("privacy", "help"))).toBeNull();
    expect(decodeStartPayload(codec, "privacy-m1001234567890-AAAAAAAAAA")).toBeNull();
    expect(decodeStartPayload(codec, "hello")).toBeNull();
  });

  it("refuses a payload signed with another deployment's secret", () => {
    const other = new ActionCodec("another-secret-0123456789abcdefghijklmnopqrstu");
    const payload = encodeStartPayload(other, { command: "privacy", communityChatId: "-1001234567890" });
    expect(decodeStartPayload(codec, payload)).toBeNull();
  });
});
