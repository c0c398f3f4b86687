import { z } from "zod";
import { createOfferInputSchema } from "../offers/offer.schema.ts";
import { createPollInputSchema } from "../polls/poll.schema.ts";
import { defaultMaxOpenPerMember } from "../qa/qa.ts";
import { parseCron } from "../scheduling/cron-expression.ts";

/** A local date-time as campaign files and the chat commands' `start` and `until` take it. */
export const localDateTime = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/, "expected a local date-time like 2026-12-01 18:00");

const runCountExpected = "expected a whole number of runs, from 1 to 10000";

/**
 * When a campaign runs, in its community's time zone: once, or on a cron expression. A mistake inside one of the
 * two is reported under that one's field (see campaign-apply's issue reading), not as "Invalid input".
 */
export const campaignScheduleSchema = z.union([
  z.strictObject({
    /** One run at this local date-time. */
    at: localDateTime,
  }),
  z.strictObject({
    /** Five-field cron expression (minute hour day-of-month month day-of-week) in local time. */
    cron: z
      .string()
      .trim()
      .refine((value) => parseCron(value).ok, {
        error: (issue) => `not a valid cron expression: ${String(issue.input)}`,
      }),
    /** First local date-time the series may fire (default: when the file is first applied). */
    from: localDateTime.optional(),
    /** Last local date-time the series may fire. */
    until: localDateTime.optional(),
    /** Number of runs, at most. */
    count: z
      .number({ error: runCountExpected })
      .int({ error: runCountExpected })
      .min(1, { error: runCountExpected })
      .max(10_000, { error: runCountExpected })
      .optional(),
  }),
]);

/** A campaign schedule as validated: `{ at }` or `{ cron, from?, until?, count? }`, in local time. */
export type CampaignSchedule = z.output<typeof campaignScheduleSchema>;

/** A poll campaign: the poll's fields as /poll takes them; `closes` counts from each run. */
const pollCampaignSchema = createPollInputSchema.omit({ channelId: true });

const { channelId: _offerChannel, ...offerFields } = createOfferInputSchema.shape;

/**
 * An offer campaign: the offer's fields as /offer create takes them; `starts` and `ends` count from each run.
 * Rules across fields (a quantity or codes, the per-member limit) are checked when the file is applied.
 */
const offerCampaignSchema = z.strictObject(offerFields);

/** A Q&A campaign: a session as /qa open opens it; `ends` counts from each run. */
const qaCampaignSchema = z.strictObject({
  topic: z.string().trim().min(3).max(200),
  /** When it ends: a duration (90m, 2h, 1d) or a local date-time; none: a moderator closes it. */
  ends: z.string().trim().min(1).max(40).optional(),
  /** Questions wait for a moderator's approval. */
  queue: z.boolean().default(false),
  /** Open questions one member may have at once. */
  limit: z.number().int().min(1).max(20).default(defaultMaxOpenPerMember),
});

/** One campaign of a brand's plan: a poll, an offer or a Q&A session, on a schedule. */
export const campaignEntrySchema = z
  .strictObject({
    /** Stable key: applying the same file again updates this campaign instead of adding another. */
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{2,47}$/, "expected 3-48 lowercase letters, digits and dashes"),
    /** The community: `telegram:<chat id>`, `discord:<guild id>`, or Circolo's community id. */
    community: z.string().trim().min(1),
    /** Where to post: a Discord channel id or a Telegram chat id (default: the Telegram group itself). */
    channel: z.string().trim().min(1).optional(),
    schedule: campaignScheduleSchema,
    poll: pollCampaignSchema.optional(),
    offer: offerCampaignSchema.optional(),
    qa: qaCampaignSchema.optional(),
  })
  .superRefine((entry, ctx) => {
    const given = [entry.poll, entry.offer, entry.qa].filter((c) => c !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: "custom", message: "expected exactly one of poll, offer or qa" });
  });

/** A campaign file (YAML or JSON). */
export const campaignFileSchema = z
  .strictObject({
    /** Format version. */
    version: z.literal(1).default(1),
    campaigns: z.array(campaignEntrySchema).min(1, "a campaign file needs at least one campaign"),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.campaigns.forEach((entry, index) => {
      const id = `${entry.community}/${entry.key}`;
      if (seen.has(id))
        ctx.addIssue({ code: "custom", path: ["campaigns", index, "key"], message: `duplicate key "${entry.key}"` });
      seen.add(id);
    });
  });
export type CampaignFile = z.output<typeof campaignFileSchema>;
export type CampaignEntry = CampaignFile["campaigns"][number];

const runTarget = { key: z.string(), communityId: z.string(), channelId: z.string() };

/**
 * The payload a campaign's schedule carries to its run: everything needed to post, re-parsed on read. Campaign
 * files schedule polls; /poll, /offer create and /qa open with a start or a repeat schedule all three. An offer's
 * definition is checked by the offer service at each run (its schema refines across fields, so it cannot be
 * embedded here); relative times in it count from the run.
 */
export const campaignRunPayloadSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("poll"), ...runTarget, poll: pollCampaignSchema }),
  z.object({ kind: z.literal("offer"), ...runTarget, offer: z.record(z.string(), z.unknown()) }),
  z.object({
    kind: z.literal("qa"),
    ...runTarget,
    qa: z.object({
      topic: z.string(),
      ends: z.string().nullable(),
      moderated: z.boolean(),
      maxOpenPerMember: z.number().int(),
    }),
  }),
]);
export type CampaignRunPayload = z.infer<typeof campaignRunPayloadSchema>;
/** What a campaign run creates. */
export type CampaignKind = CampaignRunPayload["kind"];

/** The JSON Schema of the campaign-file format, for editor completion. */
export function campaignFileJsonSchema(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Circolo campaign file",
    ...z.toJSONSchema(campaignFileSchema, { io: "input", unrepresentable: "any" }),
  };
}
