import { z } from "zod";

/** What a member may consent to, each separately. */
export const consentPurposeSchema = z.enum(["analytics", "personalization", "direct_messages"]);
export type ConsentPurpose = z.infer<typeof consentPurposeSchema>;
export const consentPurposes = consentPurposeSchema.options;

/** One row of the append-only consent ledger. */
export interface ConsentEntry {
  readonly memberId: string;
  readonly purpose: ConsentPurpose;
  readonly action: "granted" | "withdrawn";
  readonly noticeVersion: string;
  readonly at: Date;
}

declare const grantBrand: unique symbol;

/**
 * Proof that a member holds an active consent for one purpose. Only {@link deriveConsentState}
 * produces it, so code that needs consent cannot be called without having checked the ledger.
 */
export interface ConsentGrant<P extends ConsentPurpose = ConsentPurpose> {
  readonly [grantBrand]: true;
  readonly memberId: string;
  readonly purpose: P;
  readonly noticeVersion: string;
  readonly since: Date;
}

/** The current state of each purpose for one member: a grant, or null when not (or no longer) granted. */
export type ConsentState = { readonly [P in ConsentPurpose]: ConsentGrant<P> | null };

/**
 * Derives the current consent state from the ledger: the latest entry per purpose wins, and no entry
 * means no consent (nothing is assumed).
 */
export function deriveConsentState(memberId: string, ledger: readonly ConsentEntry[]): ConsentState {
  const latest = new Map<ConsentPurpose, ConsentEntry>();
  for (const entry of ledger) {
    if (entry.memberId !== memberId) continue;
    const seen = latest.get(entry.purpose);
    if (!seen || entry.at.getTime() >= seen.at.getTime()) latest.set(entry.purpose, entry);
  }
  const grantFor = <P extends ConsentPurpose>(purpose: P): ConsentGrant<P> | null => {
    const entry = latest.get(purpose);
    if (entry?.action !== "granted") return null;
    return { memberId, purpose, noticeVersion: entry.noticeVersion, since: entry.at } as ConsentGrant<P>;
  };
  return {
    analytics: grantFor("analytics"),
    personalization: grantFor("personalization"),
    direct_messages: grantFor("direct_messages"),
  };
}

/** The version of the privacy notice members currently see; stored with every grant. */
export const currentNoticeVersion = "2026-12-v2";
