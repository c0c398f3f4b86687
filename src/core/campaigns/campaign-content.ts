import { type AppError, fail } from "../errors/error-codes.ts";
import { reasonOf } from "../errors/issue-reason.ts";
import { ok, type Result } from "../errors/result.ts";
import { createOfferInputSchema, invalidOfferReasons } from "../offers/offer.schema.ts";
import { resolveValidityWindow } from "../offers/offer-window.ts";
import { resolveClosingTime } from "../polls/closing-time.ts";
import { createPollInputSchema, invalidPollReasons } from "../polls/poll.schema.ts";
import { resolveEndTime } from "../qa/qa-end-time.ts";
import type { CampaignRunPayload } from "./campaign-file.schema.ts";

/**
 * What a scheduled run creates, as the command gathered it: the definition its service takes, without the
 * channel (where the command was typed). A poll's or an offer's relative times count from each run.
 */
export type ChatCampaignContent =
  | { readonly kind: "poll"; readonly poll: Readonly<Record<string, unknown>> }
  | { readonly kind: "offer"; readonly offer: Readonly<Record<string, unknown>> }
  | { readonly kind: "qa"; readonly qa: Extract<CampaignRunPayload, { kind: "qa" }>["qa"] };

/** The part of a campaign-run payload that says what to create (the rest says where). */
export type RunContent = DistributiveOmit<CampaignRunPayload, "key" | "communityId" | "channelId">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Checks what a run will create as the service will at its first run (a closing time or an end counts from the
 * run), so a moderator learns about a bad poll, offer or session now rather than from a run that posts nothing.
 * Returns what the schedule's payload keeps.
 */
export function checkCampaignContent(
  content: ChatCampaignContent,
  channelId: string,
  at: Date,
  timeZone: string,
): Result<RunContent, AppError> {
  if (content.kind === "poll") {
    const parsed = createPollInputSchema.safeParse({ ...content.poll, channelId });
    if (!parsed.success) {
      const { reason, params } = reasonOf(invalidPollReasons, parsed.error.issues);
      return fail("INVALID_POLL", { reason, ...params });
    }
    const closes = resolveClosingTime(parsed.data.closes, at, timeZone);
    if (!closes.ok) return fail("INVALID_POLL", { reason: closes.reason });
    if (parsed.data.mentionRole && parsed.data.segment.kind !== "roles") {
      return fail("INVALID_POLL", { reason: "mention_needs_roles" });
    }
    const { channelId: _where, ...poll } = parsed.data;
    return ok({ kind: "poll", poll });
  }
  if (content.kind === "offer") {
    const parsed = createOfferInputSchema.safeParse({ ...content.offer, channelId });
    if (!parsed.success) {
      const { reason, params } = reasonOf(invalidOfferReasons, parsed.error.issues);
      return fail("INVALID_OFFER", { reason, ...params });
    }
    const window = resolveValidityWindow(parsed.data, at, timeZone);
    if (!window.ok) return fail("INVALID_OFFER", { reason: window.reason });
    // The offer service re-reads the definition as typed at each run (its schema transforms while parsing).
    return ok({ kind: "offer", offer: { ...content.offer } });
  }
  if (content.qa.ends) {
    const end = resolveEndTime(content.qa.ends, at, timeZone);
    if (!end.ok) return fail("QA_INVALID_END", { reason: end.problem });
  }
  return ok({ kind: "qa", qa: content.qa });
}
