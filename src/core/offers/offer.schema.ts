import { z } from "zod";
import { everyone, segmentSchema } from "../targeting/segment.schema.ts";

/** Why an offer definition was refused; each has a message under offers.invalid.<reason> in the catalogues. */
export const invalidOfferReasons = [
  "title_missing",
  "title_too_long",
  "description_too_long",
  "terms_too_long",
  "quantity_missing",
  "quantity_invalid",
  "quantity_too_large",
  "per_member_invalid",
  "per_member_above_quantity",
  "starts_invalid",
  "starts_past",
  "starts_too_far",
  "ends_invalid",
  "ends_past",
  "ends_before_start",
  "ends_too_far",
  "pool_empty",
  "pool_too_large",
  "pool_too_small",
  "pool_code_invalid",
  "pool_duplicate",
  "pool_code_in_use",
  "channel_missing",
  "unknown_segment",
  "segment_needs_days",
  "segment_days_range",
  "segment_needs_roles",
  "segment_needs_language",
  "segment_bad_language",
  "invalid",
] as const;
export type InvalidOfferReason = (typeof invalidOfferReasons)[number];

export const offerLimits = {
  title: 100,
  description: 1000,
  terms: 1000,
  quantity: 1_000_000,
  perMember: 100,
  poolCodes: 10_000,
} as const;

/** A code from a brand's pool, once read: upper case, 1-64 letters, digits, "-" or "_". */
export const poolCodePattern = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;

/** A pool code as typed, in the form it is stored and looked up in. */
export function normalizePoolCode(typed: string): string {
  return typed.normalize("NFKC").trim().toUpperCase();
}

const count = (reason: InvalidOfferReason) => z.number({ error: reason }).int({ error: reason });

/**
 * An offer as a moderator, a campaign file or the core API defines it. `starts` and `ends` take what poll
 * closing times take: a duration ("90m", "2h", "3d", "1w"; `ends` counts from the start), a local date-time in
 * the community's time zone ("2026-12-01 18:00") or an instant. Without `codes`, Circolo issues signed codes;
 * with them, the brand's codes are handed out in order and `quantity` defaults to how many there are.
 */
export const createOfferInputSchema = z
  .object({
    title: z
      .string({ error: "title_missing" })
      .trim()
      .min(1, { error: "title_missing" })
      .max(offerLimits.title, { error: "title_too_long" }),
    description: z.string().trim().max(offerLimits.description, { error: "description_too_long" }).default(""),
    terms: z.string().trim().max(offerLimits.terms, { error: "terms_too_long" }).default(""),
    quantity: count("quantity_invalid")
      .min(1, { error: "quantity_invalid" })
      .max(offerLimits.quantity, { error: "quantity_too_large" })
      .optional(),
    perMember: count("per_member_invalid")
      .min(1, { error: "per_member_invalid" })
      .max(offerLimits.perMember, { error: "per_member_invalid" })
      .default(1),
    starts: z.union([z.string().trim().min(1), z.date()], { error: "starts_invalid" }).optional(),
    ends: z.union([z.string().trim().min(1), z.date()], { error: "ends_invalid" }),
    segment: segmentSchema.default(everyone),
    /** The channel (Discord) or chat (Telegram) to post in. */
    channelId: z.string({ error: "channel_missing" }).trim().min(1, { error: "channel_missing" }),
    /** The brand's own codes; absent for signed codes. */
    codes: z
      .array(z.string({ error: "pool_code_invalid" }), { error: "pool_code_invalid" })
      .transform((codes) => codes.map(normalizePoolCode))
      .optional(),
  })
  .superRefine((offer, ctx) => {
    const problem = (message: InvalidOfferReason, params: Record<string, string> = {}) =>
      ctx.addIssue({ code: "custom", message, params });
    const { codes } = offer;
    if (!codes) {
      if (offer.quantity === undefined) problem("quantity_missing");
      else if (offer.perMember > offer.quantity) problem("per_member_above_quantity");
      return;
    }
    if (codes.length === 0) return problem("pool_empty");
    if (codes.length > offerLimits.poolCodes) return problem("pool_too_large");
    const seen = new Set<string>();
    for (const code of codes) {
      if (!poolCodePattern.test(code)) return problem("pool_code_invalid", { code: code.slice(0, 70) });
      if (seen.has(code)) return problem("pool_duplicate", { code });
      seen.add(code);
    }
    const quantity = offer.quantity ?? codes.length;
    if (quantity > codes.length) return problem("pool_too_small", { count: String(codes.length) });
    if (offer.perMember > quantity) problem("per_member_above_quantity");
  });
export type CreateOfferInput = z.input<typeof createOfferInputSchema>;
export type OfferDefinition = z.output<typeof createOfferInputSchema>;
