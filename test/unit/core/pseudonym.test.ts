import { describe, expect, it } from "vitest";
import { deriveKey, Pseudonymizer } from "../../../src/core/identity/pseudonym.ts";

const secret = "a-test-secret-that-is-long-enough-for-circolo";

describe("pseudonyms", () => {
  it("gives the same person on the same platform the same pseudonym", () => {
    const p = new Pseudonymizer(secret);
    expect(p.pseudonym("discord", "80351110224678912")).toBe(p.pseudonym("discord", "80351110224678912"));
  });

  it("never contains the raw platform id and differs across platforms and secrets", () => {
    const p = new Pseudonymizer(secret);
    const onDiscord = p.pseudonym("discord", "80351110224678912");
    expect(onDiscord).toMatch(/^[0-9a-f]{64}$/);
    expect(onDiscord).not.toContain("80351110224678912");
    expect(p.pseudonym("telegram", "80351110224678912")).not.toBe(onDiscord);
    expect(new Pseudonymizer(`${secret}-other`).pseudonym("discord", "80351110224678912")).not.toBe(onDiscord);
  });

  it("derives a different key for every purpose from one secret", () => {
    expect(deriveKey(secret, "pseudonym/v1").equals(deriveKey(secret, "encryption/v1"))).toBe(false);
    expect(deriveKey(secret, "pseudonym/v1")).toHaveLength(32);
  });

  it("keys an unlinkable event by its update, the same every time, and by nothing stored elsewhere", () => {
    const p = new Pseudonymizer(secret);
    const key = p.unlinkableEventKey("telegram", "52417");
    // The same update gives the same key (a batch written again records the event once)...
    expect(p.unlinkableEventKey("telegram", "52417")).toBe(key);
    // ...and another update, platform or secret another one.
    expect(p.unlinkableEventKey("telegram", "52418")).not.toBe(key);
    expect(p.unlinkableEventKey("discord", "52417")).not.toBe(key);
    expect(new Pseudonymizer(`${secret}-other`).unlinkableEventKey("telegram", "52417")).not.toBe(key);
    // A one-way hash: the update's id is not in it.
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain("52417");
  });
});
