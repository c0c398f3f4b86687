import { describe, expect, it } from "vitest";
import { type ConsentEntry, deriveConsentState } from "../../../src/core/domain/consent.ts";

const entry = (purpose: ConsentEntry["purpose"], action: ConsentEntry["action"], minute: number): ConsentEntry => ({
  memberId: "m1",
  purpose,
  action,
  noticeVersion: "v1",
  at: new Date(Date.UTC(2026, 10, 1, 10, minute)),
});

describe("consent state", () => {
  it("assumes nothing: a member who never answered has no consent at all", () => {
    expect(deriveConsentState("m1", [])).toEqual({ analytics: null, personalization: null, direct_messages: null });
  });

  it("follows the latest entry per purpose, whatever order the ledger is read in", () => {
    const ledger = [
      entry("analytics", "withdrawn", 5),
      entry("analytics", "granted", 1),
      entry("personalization", "granted", 2),
    ];
    const state = deriveConsentState("m1", ledger);
    expect(state.analytics).toBeNull();
    expect(state.personalization).toMatchObject({ memberId: "m1", purpose: "personalization", noticeVersion: "v1" });
    expect(state.direct_messages).toBeNull();
  });

  it("grants again after a withdrawal, keeping the notice version of the new grant", () => {
    const ledger = [
      entry("analytics", "granted", 1),
      entry("analytics", "withdrawn", 2),
      { ...entry("analytics", "granted", 3), noticeVersion: "v2" },
    ];
    expect(deriveConsentState("m1", ledger).analytics?.noticeVersion).toBe("v2");
  });

  it("ignores other members' entries", () => {
    expect(deriveConsentState("m2", [entry("analytics", "granted", 1)]).analytics).toBeNull();
  });
});
