import { z } from "zod";
import { everyone, segmentSchema } from "../targeting/segment.schema.ts";

/** Why a poll definition was refused; each has a message under polls.invalid.<reason> in the catalogues. */
export const invalidPollReasons = [
  "question_missing",
  "question_too_long",
  "option_empty",
  "option_too_long",
  "too_few_options",
  "too_many_options",
  "duplicate_options",
  "closes_invalid",
  "closes_past",
  "closes_too_far",
  "unknown_segment",
  "segment_needs_days",
  "segment_days_range",
  "segment_needs_roles",
  "segment_needs_language",
  "segment_bad_language",
  "mention_needs_roles",
  "channel_missing",
  "invalid",
] as const;
export type InvalidPollReason = (typeof invalidPollReasons)[number];

/** How long a poll stays open when nobody says: in chat (/poll) and in campaign files alike. */
export const defaultPollCloses = "1d";

export const pollLimits = { question: 300, option: 100, minOptions: 2, maxOptions: 10 } as const;

/** Options compare equal when they differ only in case and spacing. */
export function optionKey(text: string): string {
  return text.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase();
}

const optionText = z
  .string({ error: "option_empty" })
  .trim()
  .min(1, { error: "option_empty" })
  .max(pollLimits.option, { error: "option_too_long" });

/**
 * A poll as a moderator, a campaign file or the scheduler defines it. `closes` is a duration from now
 * ("90m", "2h", "3d", "1w", "1d12h"; days and weeks are calendar days in the community's time zone), a local
 * date-time in the community's time zone ("2026-12-01 18:00"), or an instant.
 */
export const createPollInputSchema = z.object({
  question: z
    .string({ error: "question_missing" })
    .trim()
    .min(1, { error: "question_missing" })
    .max(pollLimits.question, { error: "question_too_long" }),
  options: z
    .array(optionText, { error: "too_few_options" })
    .min(pollLimits.minOptions, { error: "too_few_options" })
    .max(pollLimits.maxOptions, { error: "too_many_options" })
    .superRefine((options, ctx) => {
      const seen = new Set<string>();
      for (const option of options) {
        const key = optionKey(option);
        if (seen.has(key)) {
          ctx.addIssue({ code: "custom", message: "duplicate_options", params: { option } });
          return;
        }
        seen.add(key);
      }
    }),
  multi: z.boolean().default(false),
  results: z.enum(["live", "after_close"], { error: "invalid" }).default("live"),
  anonymity: z.enum(["anonymous", "attributed"], { error: "invalid" }).default("anonymous"),
  closes: z.union([z.string().trim().min(1), z.date()], { error: "closes_invalid" }).default(defaultPollCloses),
  segment: segmentSchema.default(everyone),
  /** The channel (Discord) or chat (Telegram) to post in. */
  channelId: z.string({ error: "channel_missing" }).trim().min(1, { error: "channel_missing" }),
  /** Mention the segment's role when posting (roles segments only). */
  mentionRole: z.boolean().default(false),
  /** Also offer the poll privately to members of the segment who consented to direct messages. */
  direct: z.boolean().default(false),
});
export type CreatePollInput = z.input<typeof createPollInputSchema>;
export type PollDefinition = z.output<typeof createPollInputSchema>;

/** The poll-specific part of Campaign.payload, re-parsed on every read. */
export const pollPayloadSchema = z.object({
  question: z.string(),
  options: z.array(z.string()).min(pollLimits.minOptions).max(pollLimits.maxOptions),
  multi: z.boolean(),
  results: z.enum(["live", "after_close"]),
  anonymity: z.enum(["anonymous", "attributed"]),
  mentionRoleId: z.string().nullable(),
});
export type PollPayload = z.infer<typeof pollPayloadSchema>;
