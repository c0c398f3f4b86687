import { createHmac } from "node:crypto";
import { deriveKey } from "../identity/pseudonym.ts";
import type { AuditCheck, PersonalDataSource } from "./personal-data.port.ts";

/** What one unit of a campaign's per-member limit was: a ballot, a claimed code, a question, an upvote. */
export type LimitUseKind = "ballot" | "claim" | "question" | "upvote";

/** One unit of a limit an erased person had used on a campaign. */
export interface LimitUse {
  readonly kind: LimitUseKind;
  /** The question asked or upvoted (Q&A), else null. */
  readonly questionId: string | null;
}

/** A unit of a limit to remember for a campaign after an erasure, under the person's marker. */
export interface NewLimitMarker extends LimitUse {
  readonly campaignId: string;
  readonly marker: string;
  readonly at: Date;
}

/**
 * The markers erasure leaves so that a running campaign's limits still hold: kept per campaign, read when a
 * person acts on it, deleted when it ends.
 */
export interface LimitMarkerRepository {
  /** What the marker had used of the campaign's limits (empty for anyone who never erased while it ran). */
  uses(campaignId: string, marker: string): Promise<LimitUse[]>;
  /** Deletes the campaign's markers (it ended); returns how many. */
  forget(campaignId: string): Promise<number>;
}

/**
 * A person's marker on one campaign: HMAC-SHA-256 of their pseudonym under a key derived from CIRCOLO_SECRET for
 * that campaign alone. The same person has an unrelated marker on every other campaign, and nobody can tell whose
 * marker it is without the secret and the person's platform id: only the person, coming back to that campaign,
 * meets it again.
 */
export class LimitMarkers {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = deriveKey(secret, "limit-marker/v1");
  }

  /** The marker of the person behind `pseudonym` on a campaign. */
  of(campaignId: string, pseudonym: string): string {
    const campaignKey = createHmac("sha256", this.#key).update(campaignId).digest();
    return createHmac("sha256", campaignKey).update(pseudonym).digest("base64url");
  }
}

/**
 * What a member who erased their data had already used of a campaign's limits, for the services that hold them
 * (one ballot per poll, an offer's codes per member, a session's open questions and upvotes).
 */
export class ErasedLimits {
  readonly #markers: LimitMarkers;
  readonly #repository: LimitMarkerRepository;

  constructor(secret: string, repository: LimitMarkerRepository) {
    this.#markers = new LimitMarkers(secret);
    this.#repository = repository;
  }

  /** The units of the campaign's limits the member's person used before an erasure. */
  uses(campaignId: string, member: { readonly pseudonym: string }): Promise<LimitUse[]> {
    return this.#repository.uses(campaignId, this.#markers.of(campaignId, member.pseudonym));
  }

  /** How many units of `kind` the member's person used before an erasure (of one question, when given). */
  async count(
    campaignId: string,
    member: { readonly pseudonym: string },
    kind: LimitUseKind,
    questionId?: string,
  ): Promise<number> {
    const uses = await this.uses(campaignId, member);
    return uses.filter((use) => use.kind === kind && (questionId === undefined || use.questionId === questionId))
      .length;
  }

  /** Forgets the campaign's markers: it ended, and its limits with it. */
  async forget(campaignId: string): Promise<void> {
    await this.#repository.forget(campaignId);
  }
}

/**
 * What the erasure markers' personal-data source is on every storage: never exported nor counted (the rows name
 * no one), claiming the LimitMarker table. Each storage adds how it erases, expires and audits.
 */
export const limitMarkerSourceBase = {
  name: "limitMarkers",
  exported: false,
  tables: ["LimitMarker"],
  export: async () => [],
  count: async () => 0,
} as const satisfies Omit<PersonalDataSource, "erase">;

/** The audit's check of the markers: none is kept more than a day after its campaign ended. */
export function limitMarkerAudit(outlived: number): AuditCheck {
  return {
    table: "LimitMarker",
    rule: "an erasure marker is kept only while its campaign runs (a day's grace for the closing job)",
    violations: outlived,
  };
}
