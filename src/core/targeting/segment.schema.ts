import { z } from "zod";

// Each check names its problem with a stable reason: the poll service turns the first one into
// INVALID_POLL { reason }, which the catalogues explain under polls.invalid.<reason>.
const days = z
  .number({ error: "segment_needs_days" })
  .int({ error: "segment_needs_days" })
  .min(1, { error: "segment_days_range" })
  .max(365, { error: "segment_days_range" });

/** A language as members' clients report it, reduced to its base code ("it" for "it-IT"). */
const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}$/, { error: "segment_bad_language" });

/**
 * Who a campaign is for. `everyone`, `roles` and `language` use what the platform tells about every member;
 * the others rely on a member's activity, so they hold only members who consented to personalization.
 * Stored as JSON in Campaign.segment and re-parsed on every read.
 */
export const segmentSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("everyone") }),
    /** Members holding at least one of the roles (platform role ids). */
    z.object({
      kind: z.literal("roles"),
      roleIds: z
        .array(z.string().trim().min(1).max(64), { error: "segment_needs_roles" })
        .min(1, { error: "segment_needs_roles" })
        .max(25, { error: "segment_needs_roles" }),
    }),
    /** Members who joined within `days` days before the campaign was sent (or since). */
    z.object({ kind: z.literal("new_members"), days }),
    /** Members who used Circolo within `days` days before the campaign was sent. */
    z.object({ kind: z.literal("active"), days }),
    /** Members who had not used Circolo for `days` days when the campaign was sent. */
    z.object({ kind: z.literal("lapsed"), days }),
    /** Members whose client language is one of these. */
    z.object({
      kind: z.literal("language"),
      languages: z
        .array(languageCode, { error: "segment_needs_language" })
        .min(1, { error: "segment_needs_language" })
        .max(10, { error: "segment_needs_language" }),
    }),
    /** Members who consented to personalization. */
    z.object({ kind: z.literal("personalization") }),
  ],
  { error: "unknown_segment" },
);
export type Segment = z.infer<typeof segmentSchema>;
export type SegmentKind = Segment["kind"];

/** Every segment kind, in the order moderators see them. */
export const segmentKinds = [
  "everyone",
  "roles",
  "new_members",
  "active",
  "lapsed",
  "language",
  "personalization",
] as const satisfies readonly SegmentKind[];

/** The segment that holds every member. */
export const everyone: Segment = { kind: "everyone" };

/** Whether membership depends on the member's activity, and so on their personalization consent. */
export function needsPersonalization(segment: Segment): boolean {
  return segment.kind !== "everyone" && segment.kind !== "roles" && segment.kind !== "language";
}

/**
 * Whether membership must be fixed when the campaign is sent: a member's activity changes as soon as they
 * answer (answering is activity), so "lapsed" and "active" are decided once, at sending.
 */
export function decidedAtSending(segment: Segment): boolean {
  return segment.kind === "active" || segment.kind === "lapsed";
}
