import { z } from "zod";
import type { ConsentGrant } from "./consent.ts";

/** What a member did. Digest metrics are defined over these kinds. */
export const engagementKindSchema = z.enum([
  "command",
  "vote",
  "vote_change",
  "results_view",
  "offer_view",
  "claim",
  "redeem",
  "ask",
  "upvote",
  "answer",
  "consent_change",
]);
export type EngagementKind = z.infer<typeof engagementKindSchema>;

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
  /** platform:updateId of the interaction, so a replayed update records nothing twice. */
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
