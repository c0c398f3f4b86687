import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Community } from "../domain/community.ts";
import type { Member } from "../domain/member.ts";
import type { Interaction } from "../engagement/interaction.ts";
import { type AppError, fail } from "../errors/error-codes.ts";
import { reasonOf } from "../errors/issue-reason.ts";
import { ok, type Result } from "../errors/result.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import type { ErasedLimits } from "../privacy/limit-marker.ts";
import type { JsonRecord } from "../privacy/personal-data.port.ts";
import type { AudienceService } from "../targeting/audience.service.ts";
import { decidedAtSending } from "../targeting/segment.schema.ts";
import type { OfferRepository } from "./offer.repository.port.ts";
import { createOfferInputSchema, invalidOfferReasons } from "./offer.schema.ts";
import { type Offer, type OfferClaim, type OfferStats, remainingOf } from "./offer.ts";
import type { HeldCode } from "./offer.view.ts";
import { base32Encode } from "./offer-code.ts";
import type { OfferKeys } from "./offer-keys.ts";
import type { OfferMessages } from "./offer-messages.ts";
import { resolveValidityWindow } from "./offer-window.ts";

/** The jobs the Scheduler runs at an offer's start and end. */
export const offerJobs = { open: "offer.open", close: "offer.close" } as const;

/** The payload of both offer jobs. */
export const offerJobPayloadSchema = z.object({ campaignId: z.string().min(1) });

/** Everything the offer service works with. */
export interface OfferServiceDeps {
  readonly offers: OfferRepository;
  readonly messages: OfferMessages;
  readonly audience: AudienceService;
  readonly scheduler: Scheduler;
  readonly communities: CommunityRepository;
  readonly keys: OfferKeys;
  /** What people who erased their data had claimed of running offers (their codes still count). */
  readonly erased: ErasedLimits;
  readonly logger: Logger;
  readonly newId?: () => string;
}

/** A member's interaction with an offer, as handlers pass it. */
interface MemberRequest {
  readonly community: Community;
  readonly member: Member;
  readonly number: number;
  readonly at: Date;
  /** Where the claim or the view is recorded as this interaction's engagement event. */
  readonly interaction: Interaction;
}

/**
 * Offers: defining one (validated, numbered, posted at its start, ended at its end), claiming a code with the
 * Claim button (targeted, limited per member and in total, delivered privately), a member's Details, and
 * moderators' listing and early close. Used by /offer and by campaign files alike; shops redeem through
 * OfferRedemption.
 */
export class OfferService {
  readonly #deps: OfferServiceDeps;
  readonly #newId: () => string;

  constructor(deps: OfferServiceDeps) {
    this.#deps = deps;
    this.#newId = deps.newId ?? randomUUID;
  }

  /** Registers the offer.open and offer.close jobs with the scheduler. */
  registerJobs(): void {
    this.#deps.scheduler.register(offerJobs.open, async (fire) => {
      const { campaignId } = offerJobPayloadSchema.parse(fire.payload);
      await this.openDue(campaignId, fire.fireAt);
    });
    this.#deps.scheduler.register(offerJobs.close, async (fire) => {
      const { campaignId } = offerJobPayloadSchema.parse(fire.payload);
      await this.closeDue(campaignId, fire.fireAt);
    });
  }

  /**
   * Creates an offer from a definition (see createOfferInputSchema): validates it, stores it under the
   * community's next number, schedules its end, and posts it now or schedules its posting at its start. An
   * invalid definition creates nothing.
   */
  async create(input: { community: Community; definition: unknown; at: Date }): Promise<Result<Offer, AppError>> {
    const { community, at } = input;
    const parsed = createOfferInputSchema.safeParse(input.definition);
    if (!parsed.success) {
      const { reason, params } = reasonOf(invalidOfferReasons, parsed.error.issues);
      return fail("INVALID_OFFER", { reason, ...params });
    }
    const definition = parsed.data;
    const window = resolveValidityWindow(definition, at, community.timeZone);
    if (!window.ok) return fail("INVALID_OFFER", { reason: window.reason });
    // An offer posted later only needs its platform then (the bot's, even when a CLI process defined it).
    const startsNow = window.window.startsAt.getTime() <= at.getTime();
    if (startsNow && !this.#deps.messages.platformOf(community)) return fail("TEMPORARILY_UNAVAILABLE");
    const stored = await this.#deps.offers.create({
      id: this.#newId(),
      communityId: community.id,
      brandId: community.brandId,
      ref: base32Encode(randomBytes(5)),
      title: definition.title,
      description: definition.description,
      terms: definition.terms,
      quantity: definition.quantity ?? definition.codes?.length ?? 0,
      perMember: definition.perMember,
      codeSource: definition.codes ? "pool" : "signed",
      segment: definition.segment,
      channelId: definition.channelId,
      startsAt: window.window.startsAt,
      endsAt: window.window.endsAt,
      pool: definition.codes ?? null,
    });
    if ("codesInUse" in stored)
      return fail("INVALID_OFFER", { reason: "pool_code_in_use", code: stored.codesInUse[0]! });
    const schedule = (job: string, runAt: Date) =>
      this.#deps.scheduler.upsert({
        id: `${job}:${stored.id}`,
        job,
        payload: { campaignId: stored.id },
        timeZone: community.timeZone,
        runAt,
        communityId: community.id,
        campaignId: stored.id,
      });
    await schedule(offerJobs.close, stored.endsAt);
    if (!startsNow) {
      await schedule(offerJobs.open, stored.startsAt);
      return ok(stored);
    }
    const opened = await this.#open(stored, community, at);
    if (!opened) {
      await this.#deps.scheduler.cancel(`${offerJobs.close}:${stored.id}`);
      await this.#deps.offers.discard(stored.id);
      return fail("OFFER_NOT_POSTED");
    }
    return ok(opened);
  }

  /**
   * Hands a member the next code of the offer, refused when the offer is not open, the member is outside its
   * segment, already holds as many codes as one member may, or every code is taken.
   */
  async claim(input: MemberRequest): Promise<Result<{ offer: Offer; held: HeldCode }, AppError>> {
    const { community, member, at } = input;
    const offer = await this.#deps.offers.findByNumber(community.id, input.number);
    if (!offer) return fail("OFFER_NOT_FOUND");
    if (offer.state === "scheduled" || at.getTime() < offer.startsAt.getTime()) return fail("OFFER_NOT_OPEN");
    if (offer.state === "closed" || at.getTime() >= offer.endsAt.getTime()) return fail("OFFER_CLOSED");
    const eligible = await this.#deps.audience.includes(offer.segment, member, offer.startsAt, (memberId) =>
      this.#deps.offers.inAudience(offer.id, memberId),
    );
    if (!eligible) return fail("OFFER_NOT_IN_SEGMENT");
    // Codes claimed before an erasure still count against the person's limit, though no longer theirs to see.
    const priorClaims = await this.#deps.erased.count(offer.id, member, "claim");
    const limitReached = () =>
      priorClaims > 0 ? fail("TAKEN_PART_BEFORE_ERASURE") : fail("OFFER_LIMIT_REACHED", { limit: offer.perMember });
    // A sold-out offer is refused without a write; the repository decides every other claim atomically.
    const outcome =
      remainingOf(offer) === 0
        ? ({ kind: "all_claimed" } as const)
        : await this.#deps.offers.claim({ offerId: offer.id, memberId: member.id, at, priorClaims });
    switch (outcome.kind) {
      case "closed":
        return fail("OFFER_CLOSED");
      case "all_claimed":
        // A member who already holds their codes learns where to find them rather than that none are left.
        return (await this.#deps.offers.claimsOf(offer.id, member.id)).length + priorClaims >= offer.perMember
          ? limitReached()
          : fail("OFFER_ALL_CLAIMED");
      case "limit_reached":
        return limitReached();
    }
    input.interaction.record({ kind: "claim", campaignId: offer.id });
    this.#deps.messages.refresh(offer.id);
    return ok({
      offer: outcome.offer,
      held: { code: this.codeFor(outcome.offer, outcome.claim, community.brandId), claim: outcome.claim },
    });
  }

  /** The offer and the member's own codes, privately; recorded as an offer view. */
  async details(input: MemberRequest): Promise<Result<{ offer: Offer; codes: HeldCode[] }, AppError>> {
    const { community, member } = input;
    const offer = await this.#deps.offers.findByNumber(community.id, input.number);
    if (!offer) return fail("OFFER_NOT_FOUND");
    const claims = await this.#deps.offers.claimsOf(offer.id, member.id);
    input.interaction.record({ kind: "offer_view", campaignId: offer.id });
    return ok({
      offer,
      codes: claims.map((claim) => ({ code: this.codeFor(offer, claim, community.brandId), claim })),
    });
  }

  /** A moderator's early close: no more claims; codes already claimed work until the offer's end. */
  async closeNow(input: { community: Community; number: number; at: Date }): Promise<Result<Offer, AppError>> {
    const offer = await this.#deps.offers.findByNumber(input.community.id, input.number);
    if (!offer) return fail("OFFER_NOT_FOUND");
    const closed = await this.#deps.offers.close(offer.id, input.at);
    if (!closed?.changed) return fail("OFFER_CLOSED");
    await this.#deps.erased.forget(offer.id);
    await this.#deps.scheduler.cancel(`${offerJobs.open}:${offer.id}`);
    await this.#deps.scheduler.cancel(`${offerJobs.close}:${offer.id}`);
    await this.#deps.messages.finish(closed.offer);
    return ok(closed.offer);
  }

  /** Posts a scheduled offer whose start has come (the offer.open job); idempotent. */
  async openDue(offerId: string, at: Date): Promise<"opened" | "not_scheduled" | "not_posted"> {
    const offer = await this.#deps.offers.get(offerId);
    const community = offer && (await this.#deps.communities.get(offer.communityId));
    if (offer?.state !== "scheduled" || !community) return "not_scheduled";
    if (await this.#open(offer, community, at)) return "opened";
    // A channel that refuses the post leaves nothing to claim from: end the offer rather than keep it waiting.
    await this.#deps.offers.close(offerId, at);
    return "not_posted";
  }

  /** Ends an offer whose end has come (the offer.close job); idempotent. */
  async closeDue(offerId: string, at: Date): Promise<"closed" | "already_closed" | "not_found"> {
    const closed = await this.#deps.offers.close(offerId, at);
    if (!closed) return "not_found";
    await this.#deps.erased.forget(offerId);
    await this.#deps.messages.finish(closed.offer);
    return closed.changed ? "closed" : "already_closed";
  }

  /** The community's latest offers with their figures, newest first. */
  async list(communityId: string, limit = 15): Promise<{ offer: Offer; stats: OfferStats }[]> {
    const offers = await this.#deps.offers.list(communityId, limit);
    return Promise.all(offers.map(async (offer) => ({ offer, stats: await this.#deps.offers.stats(offer.id) })));
  }

  /** The text of a claim's code: the brand's pool code, or the signed code recomputed (Ed25519 is deterministic). */
  codeFor(offer: Offer, claim: OfferClaim, brandId: string): string {
    if (claim.poolCode !== null) return claim.poolCode;
    return this.#deps.keys.issue(brandId, { offerRef: offer.ref, serial: claim.serial, expiresAt: offer.endsAt });
  }

  /**
   * Adds each claim's code to a member's exported claims (records with campaignId, memberId and claim, as the
   * offerClaims personal-data source writes them): the code is recomputed, never stored, so only the offers
   * feature can tell it. A claim whose offer is gone keeps `code: null`.
   */
  async withCodes(records: readonly JsonRecord[]): Promise<JsonRecord[]> {
    const completed: JsonRecord[] = [];
    for (const record of records) {
      const { campaignId, memberId, claim: serial } = record;
      let code: string | null = null;
      if (typeof campaignId === "string" && typeof memberId === "string" && typeof serial === "number") {
        const offer = await this.#deps.offers.get(campaignId);
        const community = offer && (await this.#deps.communities.get(offer.communityId));
        const claim = offer && (await this.#deps.offers.claimsOf(offer.id, memberId)).find((c) => c.serial === serial);
        if (offer && community && claim) code = this.codeFor(offer, claim, community.brandId);
      }
      completed.push({ ...record, code });
    }
    return completed;
  }

  /** Resolves once no background work (message refreshes) is left. */
  idle(): Promise<void> {
    return this.#deps.messages.idle();
  }

  /** Opens the offer (its reach, its audience when decided at sending) and posts it; null when posting failed. */
  async #open(offer: Offer, community: Community, at: Date): Promise<Offer | null> {
    const members = await this.#deps.audience.membersIn(community.id, offer.segment, at);
    const audience = decidedAtSending(offer.segment) ? members.map((m) => m.id) : null;
    const opened = await this.#deps.offers.open(offer.id, at, members.length, audience);
    if (!opened) return null;
    try {
      await this.#deps.messages.post(opened, community, at);
      return opened;
    } catch (error) {
      this.#deps.logger.warn({ err: error, offerId: offer.id }, "offer could not be posted");
      return null;
    }
  }
}
