import { z } from "zod";
import type { Community } from "../domain/community.ts";
import type { MessageRef } from "../ports/chat-platform.port.ts";
import type { ChatPlatforms } from "../ports/chat-platforms.ts";
import type { ContactDirectory } from "../ports/contact-directory.port.ts";
import type {
  DeliveryRepository,
  PromptDeliveryRecord,
  PromptReason,
  PromptStatus,
} from "../ports/delivery.repository.port.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import type { ScheduledFire, Scheduler } from "../ports/scheduler.port.ts";
import type { MessageView } from "../ports/view.ts";
import { type DeliveryDecision, planDirectPrompt } from "./delivery-planner.ts";

/** The job that sends a deferred direct prompt when restraint allows it again. */
export const promptDeliverJob = "prompt.deliver";

/** The payload of a prompt.deliver schedule. */
export const promptDeliverPayloadSchema = z.object({ deliveryId: z.number().int().positive(), source: z.string() });

/** A campaign kind that can be sent privately (polls today). */
export interface PromptSource {
  /** What to send the member, and until when it makes sense; null when the campaign is over or gone. */
  prompt(campaignId: string, memberId: string): Promise<{ view: MessageView; deadline: Date } | null>;
  /**
   * Keeps the sent message so the campaign can edit it later (its final state). Its channel is the member's
   * private chat, so it is kept with `memberId` (deleted when they withdraw direct_messages or are erased).
   */
  delivered(campaignId: string, ref: MessageRef, at: Date, memberId: string): Promise<void>;
}

/** What became of one direct prompt. */
export type PromptOutcome = { readonly status: PromptStatus; readonly reason: PromptReason | null };

/**
 * Direct (private) prompts with restraint: a prompt that would fall in the community's quiet hours or go
 * over the weekly cap per member is deferred to the next allowed instant (through the Scheduler), or
 * skipped when that instant is not before the campaign ends. Every prompt is recorded with its status
 * and reason, so campaigns can say how many went, waited or were held back. Only members with a
 * direct_messages consent may be passed in: this service checks restraint, not consent.
 */
export class DirectPromptService {
  readonly #deliveries: DeliveryRepository;
  readonly #communities: CommunityRepository;
  readonly #contacts: ContactDirectory;
  readonly #chat: ChatPlatforms;
  readonly #scheduler: Scheduler;
  readonly #logger: Logger;
  readonly #sources = new Map<string, PromptSource>();

  constructor(deps: {
    deliveries: DeliveryRepository;
    communities: CommunityRepository;
    contacts: ContactDirectory;
    chat: ChatPlatforms;
    scheduler: Scheduler;
    logger: Logger;
  }) {
    this.#deliveries = deps.deliveries;
    this.#communities = deps.communities;
    this.#contacts = deps.contacts;
    this.#chat = deps.chat;
    this.#scheduler = deps.scheduler;
    this.#logger = deps.logger;
  }

  /** Makes a campaign kind deliverable under `name` (the name travels in deferred schedules). */
  registerSource(name: string, source: PromptSource): void {
    this.#sources.set(name, source);
  }

  /** Registers the prompt.deliver job with the scheduler. */
  registerJobs(): void {
    this.#scheduler.register(promptDeliverJob, (fire) => this.#onFire(fire));
  }

  /** Offers a campaign to one member privately, now or later. A second call for the same pair changes nothing. */
  async deliver(input: {
    community: Community;
    campaignId: string;
    memberId: string;
    source: string;
    at: Date;
  }): Promise<PromptOutcome> {
    const source = this.#source(input.source);
    const prompt = await source.prompt(input.campaignId, input.memberId);
    const decision: DeliveryDecision = prompt
      ? await planDirectPrompt({
          at: input.at,
          deadline: prompt.deadline,
          rules: rulesOf(input.community),
          plannedInWeek: (week) => this.#deliveries.countPlanned(input.memberId, week.start, week.end),
        })
      : { kind: "skip", reason: "expired" };
    const base = { communityId: input.community.id, campaignId: input.campaignId, memberId: input.memberId };
    const { record, created } = await this.#deliveries.create({
      ...base,
      status: decision.kind === "send" ? "sent" : decision.kind === "defer" ? "deferred" : "skipped",
      reason: decision.kind === "send" ? null : decision.reason,
      deliverAt: decision.kind === "defer" ? decision.until : input.at,
      createdAt: input.at,
    });
    if (!created) return { status: record.status, reason: record.reason };
    if (decision.kind === "defer") await this.#scheduleRetry(record, input.community, input.source, decision.until);
    if (decision.kind !== "send" || !prompt) return { status: record.status, reason: record.reason };
    return this.#send(record, input.community, source, prompt.view, input.at);
  }

  /** The campaign's direct prompts by status. */
  counts(campaignId: string) {
    return this.#deliveries.counts(campaignId);
  }

  /** Runs a deferred prompt again: sends it, defers it once more, or skips it. Idempotent per delivery. */
  async runDeferred(deliveryId: number, sourceName: string, at: Date): Promise<PromptOutcome | null> {
    const record = await this.#deliveries.get(deliveryId);
    if (record?.status !== "deferred") return null;
    const community = await this.#communities.get(record.communityId);
    const source = this.#source(sourceName);
    const memberId = record.memberId;
    const prompt = memberId && community?.active ? await source.prompt(record.campaignId, memberId) : null;
    const decision: DeliveryDecision =
      prompt && community && memberId
        ? await planDirectPrompt({
            at,
            deadline: prompt.deadline,
            rules: rulesOf(community),
            plannedInWeek: (week) => this.#deliveries.countPlanned(memberId, week.start, week.end, record.id),
          })
        : { kind: "skip", reason: "expired" };
    const next =
      decision.kind === "send"
        ? { status: "sent" as const, reason: null, deliverAt: at }
        : decision.kind === "defer"
          ? { status: "deferred" as const, reason: decision.reason, deliverAt: decision.until }
          : { status: "skipped" as const, reason: decision.reason, deliverAt: at };
    if (!(await this.#deliveries.settleDeferred(record.id, next))) return null;
    const settled = { ...record, ...next };
    if (decision.kind === "defer" && community)
      await this.#scheduleRetry(settled, community, sourceName, decision.until);
    if (decision.kind !== "send" || !prompt || !community) return { status: next.status, reason: next.reason };
    return this.#send(settled, community, source, prompt.view, at);
  }

  async #send(
    record: PromptDeliveryRecord,
    community: Community,
    source: PromptSource,
    view: MessageView,
    at: Date,
  ): Promise<PromptOutcome> {
    const skip = async (reason: PromptReason): Promise<PromptOutcome> => {
      await this.#deliveries.update(record.id, { status: "skipped", reason, deliverAt: at });
      return { status: "skipped", reason };
    };
    const contact = record.memberId ? await this.#contacts.contactFor(record.memberId) : null;
    const chat = this.#chat.for(community.platform);
    if (!contact || !chat) return skip("no_contact");
    try {
      const ref = await chat.sendPrivate(contact, view, community.platformId);
      if (!ref) return skip("blocked");
      if (record.memberId) await source.delivered(record.campaignId, ref, at, record.memberId);
      return { status: "sent", reason: null };
    } catch (error) {
      this.#logger.warn({ err: error, deliveryId: record.id }, "direct prompt failed");
      return skip("failed");
    }
  }

  async #scheduleRetry(record: PromptDeliveryRecord, community: Community, source: string, until: Date) {
    // A new schedule per deferral: each one fires once, and a fire never rewrites its own schedule.
    await this.#scheduler.upsert({
      id: `${promptDeliverJob}:${record.id}:${until.getTime()}`,
      job: promptDeliverJob,
      payload: { deliveryId: record.id, source },
      timeZone: community.timeZone,
      runAt: until,
      communityId: community.id,
      campaignId: record.campaignId,
    });
  }

  async #onFire(fire: ScheduledFire): Promise<void> {
    const payload = promptDeliverPayloadSchema.parse(fire.payload);
    await this.runDeferred(payload.deliveryId, payload.source, fire.fireAt);
  }

  #source(name: string): PromptSource {
    const source = this.#sources.get(name);
    if (!source) throw new Error(`no prompt source "${name}" is registered`);
    return source;
  }
}

function rulesOf(community: Community) {
  return {
    timeZone: community.timeZone,
    quietHours: community.settings.quietHours,
    weeklyCap: community.settings.weeklyPromptCap,
  };
}
