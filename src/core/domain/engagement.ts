import { z } from "zod";
import type { ConsentGrant } from "./consent.ts";

/**
 * What one event records. Every interaction (a command, a button, a form) is exactly one event, of its own kind;
 * a redemption at a shop is one event too. Digest figures are defined over these kinds
 * (src/core/digest/metric-definitions.ts says which kinds each one counts).
 */
export const engagementKinds = {
  command: "a command, button or form with no kind of its own (/help, /polls list, a form opened)",
  vote: "a member's first vote on a poll",
  vote_change: "a later vote on the same poll (a changed choice, or an option toggled)",
  results_view: "a poll's results opened while they are visible",
  offer_view: "an offer's details opened",
  claim: "an offer's code claimed",
  redeem: "a claimed code redeemed at a shop (no chat interaction)",
  ask: "a question asked in a Q&A session",
  upvote: "a question upvoted",
  answer: "a moderator's answer posted",
  consent_change:
    "a consent choice (the /privacy buttons, the first-reply question): never an interaction, never names the member",
} as const;

export const engagementKindSchema = z.enum(
  Object.keys(engagementKinds) as [keyof typeof engagementKinds, ...(keyof typeof engagementKinds)[]],
);
export type EngagementKind = z.infer<typeof engagementKindSchema>;

/**
 * The kinds that are a member's interaction with their community: every kind but consent_change. A consent choice
 * is about privacy, not engagement: it is not counted as an interaction and makes nobody active.
 */
export const interactionKinds: readonly EngagementKind[] = engagementKindSchema.options.filter(
  (kind) => kind !== "consent_change",
);

/** Whether events of this kind are interactions (and may name a consenting member). */
export function isInteraction(kind: string): boolean {
  return (interactionKinds as readonly string[]).includes(kind);
}

/**
 * Who did it, as far as the record may say. A member reference needs an analytics grant: without one
 * the only thing that moves is an anonymous counter.
 */
export type EngagementSubject =
  | { readonly kind: "anonymous" }
  | { readonly kind: "member"; readonly grant: ConsentGrant<"analytics"> };

/** An engagement to record. */
export interface EngagementInput {
  readonly communityId: string;
  /** The community's IANA time zone: rollup days are local days. */
  readonly timeZone: string;
  readonly campaignId?: string | null;
  readonly kind: EngagementKind;
  readonly at: Date;
  readonly subject: EngagementSubject;
  /**
   * The replay key: a second event with the same key is not written (so a replayed update, or a batch retried
   * after a commit whose answer was lost, records nothing twice). See UpdatePipeline for the keys it uses.
   */
  readonly dedupeKey?: string | null;
}

/** An event as the repository stores it: already bucketed into the community's local day and UTC hour. */
export interface EngagementRow {
  readonly communityId: string;
  readonly campaignId: string | null;
  readonly kind: EngagementKind;
  readonly at: Date;
  readonly memberId: string | null;
  readonly dedupeKey: string | null;
  /** Local calendar day, YYYY-MM-DD, in the community's time zone. */
  readonly day: string;
  /** Start of the UTC hour containing `at`. */
  readonly hour: Date;
}
