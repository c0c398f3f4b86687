import { describe, expect, it } from "vitest";
import { ActionCodec } from "../../../src/core/actions/action-codec.ts";

const codec = new ActionCodec("a-test-secret-that-is-long-enough-for-circolo");
const action = { name: "pv_t", args: ["direct_messages", "1"] };

describe("signed action data", () => {
  it("round-trips an action within Telegram's 64 bytes", () => {
    const data = codec.encode(action, "-1001234567890", 64);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(codec.decode(data, "-1001234567890")).toEqual(action);
  });

  it("refuses data altered in any single character", () => {
    const data = codec.encode(action, "g1", 100);
    for (let i = 0; i < data.length; i++) {
      const altered = data.slice(0, i) + (data[i] === "A" ? "B" : "A") + data.slice(i + 1);
      expect(codec.decode(altered, "g1")).toBeNull();
    }
  });

  it("refuses a button copied into another community", () => {
    expect(codec.decode(codec.encode(action, "g1", 100), "g2")).toBeNull();
  });

  it("refuses data signed with another secret, or unsigned", () => {
    const other = new ActionCodec("another-secret-that-is-long-enough-for-circolo");
    expect(codec.decode(other.encode(action, "g1", 100), "g1")).toBeNull();
    expect(codec.decode("1.pv_t.analytics.1", "g1")).toBeNull();
  });

  it("refuses to encode what would not fit or could not be parsed back", () => {
    expect(() => codec.encode({ name: "x", args: ["a".repeat(80)] }, "g1", 64)).toThrow(/64/);
    expect(() => codec.encode({ name: "x", args: ["a.b"] }, "g1", 64)).toThrow(/characters/);
  });
});
