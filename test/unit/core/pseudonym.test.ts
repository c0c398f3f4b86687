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
});
