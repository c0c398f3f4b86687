import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { ConsentService } from "../consent/consent.service.ts";
import type { DirectPromptService } from "../delivery/direct-prompts.service.ts";
import type { Community } from "../domain/community.ts";
import type { Member } from "../domain/member.ts";
import type { Interaction } from "../engagement/interaction.ts";
import { type AppError, fail } from "../errors/error-codes.ts";
import { reasonOf } from "../errors/issue-reason.ts";
import { ok, type Result } from "../errors/result.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { PollRepository } from "../ports/poll.repository.port.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import type { ErasedLimits } from "../privacy/limit-marker.ts";
import type { AudienceService } from "../targeting/audience.service.ts";
import { decidedAtSending } from "../targeting/segment.schema.ts";
import { resolveClosingTime } from "./closing-time.ts";
import { createPollInputSchema, invalidPollReasons, type PollDefinition } from "./poll.schema.ts";
import { isOpen, type Poll, resultsVisible, type Tally } from "./poll.ts";
import { pollMessageView } from "./poll.view.ts";
import type { PollMessages } from "./poll-messages.ts";
import type { VoterKeys } from "./voter-key.ts";

/** The job the Scheduler runs at a poll's closing time. */
export const pollCloseJob = "poll.close";

/** The payload of a poll.close schedule. */
export const pollClosePayloadSchema = z.object({ campaignId: z.string().min(1) });

/** The prompt source name polls are delivered privately under. */
export const pollPromptSource = "poll";

/** What a vote did, for the voter's acknowledgement. Choices are option indexes, ascending. */
export interface VoteReceipt {
  readonly poll: Poll;
  readonly before: readonly number[];
  readonly after: readonly number[];
}

/** What a member may see of a poll's results. */
export interface ResultsReceipt {
  readonly poll: Poll;
  readonly tally: Tally;
  readonly choices: readonly number[];
}

/** Everything the poll service works with. */
export interface PollServiceDeps {
  readonly polls: PollRepository;
  readonly messages: PollMessages;
  readonly audience: AudienceService;
  readonly consent: ConsentService;
  readonly scheduler: Scheduler;
  readonly communities: CommunityRepository;
  readonly voterKeys: VoterKeys;
  /** What people who erased their data had used of running polls (one ballot each). */
  readonly erased: ErasedLimits;
  readonly logger: Logger;
  /** Private delivery with restraint; without it, polls are posted in their channel only. */
  readonly prompts?: DirectPromptService;
  readonly newId?: () => string;
}

/**
 * Targeted polls: creating one (validated, numbered, posted, its closing scheduled), voting with buttons
 * (one vote per member, changeable until closing; toggles on multiple-choice polls), results, and closing
 * at the closing time or early. Used by /poll and by campaign files and the scheduler alike.
 */
export class PollService {
  readonly #deps: PollServiceDeps;
  readonly #newId: () => string;

  constructor(deps: PollServiceDeps) {
    this.#deps = deps;
    this.#newId = deps.newId ?? randomUUID;
    deps.prompts?.registerSource(pollPromptSource, {
      prompt: (campaignId) => this.#privateCopy(campaignId),
      delivered: (campaignId, ref, at, memberId) =>
        deps.polls.addMessage(campaignId, { role: "direct", ref, at, memberId }),
    });
  }

  /** Registers the poll.close job with the scheduler. */
  registerJobs(): void {
    this.#deps.scheduler.register(pollCloseJob, async (fire) => {
      const { campaignId } = pollClosePayloadSchema.parse(fire.payload);
      await this.closeDuePoll(campaignId, fire.fireAt);
    });
  }

  /**
   * Creates a poll from a definition (see createPollInputSchema): validates it, evaluates its segment (the
   * reach), stores it under the community's next number, schedules its closing, posts it in its channel,
   * and offers it privately when asked. An invalid definition creates nothing.
   */
  async create(input: { community: Community; definition: unknown; at: Date }): Promise<Result<Poll, AppError>> {
    const { community, at } = input;
    const parsed = createPollInputSchema.safeParse(input.definition);
    if (!parsed.success) {
      const { reason, params } = reasonOf(invalidPollReasons, parsed.error.issues);
      return fail("INVALID_POLL", { reason, ...params });
    }
    const definition = parsed.data;
    const closes = resolveClosingTime(definition.closes, at, community.timeZone);
    if (!closes.ok) return fail("INVALID_POLL", { reason: closes.reason });
    if (definition.mentionRole && definition.segment.kind !== "roles") {
      return fail("INVALID_POLL", { reason: "mention_needs_roles" });
    }
    if (!this.#deps.messages.platformOf(community)) return fail("TEMPORARILY_UNAVAILABLE");

    const members = await this.#deps.audience.membersIn(community.id, definition.segment, at);
    const poll = await this.#deps.polls.create(
      toNewPoll(this.#newId(), community, definition, at, closes.at, members.length),
      decidedAtSending(definition.segment) ? members.map((m) => m.id) : null,
    );
    await this.#deps.scheduler.upsert({
      id: `${pollCloseJob}:${poll.id}`,
      job: pollCloseJob,
      payload: { campaignId: poll.id },
      timeZone: community.timeZone,
      runAt: poll.closesAt,
      communityId: community.id,
      campaignId: poll.id,
    });
    try {
      await this.#deps.messages.post(poll, community, at);
    } catch (error) {
      this.#deps.logger.warn({ err: error, pollId: poll.id }, "poll could not be posted; discarded");
      await this.#deps.scheduler.cancel(`${pollCloseJob}:${poll.id}`);
      await this.#deps.polls.discard(poll.id);
      return fail("POLL_NOT_POSTED");
    }
    if (definition.direct && this.#deps.prompts) {
      this.#deps.messages.track(this.#offerPrivately(poll, community, members, at));
    }
    return ok(poll);
  }

  /**
   * A member's vote: on a single-choice poll it sets (or changes) the member's choice, on a multiple-choice
   * poll it toggles the option. Refused when the poll is closed, the member is outside its segment, or the
   * member picks the option already chosen on a single-choice poll.
   */
  async vote(input: {
    community: Community;
    member: Member;
    number: number;
    option: number;
    at: Date;
    /** Where the vote is recorded as this interaction's engagement event. */
    interaction: Interaction;
  }): Promise<Result<VoteReceipt, AppError>> {
    const { community, member, at } = input;
    const poll = await this.#deps.polls.findByNumber(community.id, input.number);
    if (!poll || input.option >= poll.options.length) return fail("STALE_OR_FORGED_ACTION");
    if (!isOpen(poll, at)) return fail("POLL_CLOSED");
    // Read side by side: a vote's answer waits for neither in turn.
    const [eligible, ballotsBefore] = await Promise.all([
      this.#eligible(poll, member),
      this.#deps.erased.count(poll.id, member, "ballot"),
    ]);
    if (!eligible) return fail("NOT_IN_SEGMENT");
    // A ballot cast before an erasure still counts, under no one's key: the person may not cast another.
    if (ballotsBefore > 0) return fail("TAKEN_PART_BEFORE_ERASURE");
    const grant = poll.anonymity === "attributed" ? await this.#deps.consent.analyticsGrant(member.id) : null;
    const outcome = await this.#deps.polls.castVote({
      pollId: poll.id,
      voterKey: this.#deps.voterKeys.of(poll.id, member.id),
      memberId: grant?.memberId ?? null,
      option: input.option,
      mode: poll.multi ? "toggle" : "single",
      at,
    });
    if (outcome.kind === "closed") return fail("POLL_CLOSED");
    if (outcome.kind === "unchanged") return fail("ALREADY_VOTED", { option: poll.options[input.option] ?? "" });
    record(poll, input.interaction, outcome.before.length === 0 ? "vote" : "vote_change");
    this.#deps.messages.refresh(poll.id);
    return ok({ poll, before: outcome.before, after: outcome.after });
  }

  /** The results as the member may see them now, with the member's own choices; a visible view is recorded. */
  async results(input: {
    community: Community;
    member: Member;
    number: number;
    /** Where a visible view is recorded as this interaction's engagement event. */
    interaction: Interaction;
  }): Promise<Result<ResultsReceipt, AppError>> {
    const poll = await this.#deps.polls.findByNumber(input.community.id, input.number);
    if (!poll) return fail("POLL_NOT_FOUND");
    const visible = resultsVisible(poll);
    const [tally, choices] = await Promise.all([
      visible ? this.#deps.polls.tally(poll.id) : Promise.resolve({ counts: [], voters: 0 }),
      this.#deps.polls.choices(poll.id, this.#deps.voterKeys.of(poll.id, input.member.id)),
    ]);
    if (visible) record(poll, input.interaction, "results_view");
    return ok({ poll, tally, choices });
  }

  /** A moderator's early close: final message, results posted, the scheduled close cancelled. */
  async closeNow(input: { community: Community; number: number; at: Date }): Promise<Result<Poll, AppError>> {
    const poll = await this.#deps.polls.findByNumber(input.community.id, input.number);
    if (!poll) return fail("POLL_NOT_FOUND");
    const outcome = await this.#deps.polls.close(poll.id, input.at, "now");
    if (outcome.kind !== "closed") return fail("POLL_CLOSED");
    await this.#deps.erased.forget(poll.id);
    await this.#deps.scheduler.cancel(`${pollCloseJob}:${poll.id}`);
    await this.#deps.messages.finish(outcome.poll, outcome.tally, true, input.at);
    return ok(outcome.poll);
  }

  /**
   * Closes a poll whose closing time has come (the poll.close job). Idempotent: run again, it only shows the
   * final state again; the results are posted once, by the call that closed the poll.
   */
  async closeDuePoll(campaignId: string, at: Date): Promise<"closed" | "already_closed" | "not_due" | "not_found"> {
    const outcome = await this.#deps.polls.close(campaignId, at, "due");
    if (outcome.kind === "closed" || outcome.kind === "already_closed") {
      await this.#deps.erased.forget(campaignId);
      await this.#deps.messages.finish(outcome.poll, outcome.tally, outcome.kind === "closed", at);
    }
    return outcome.kind;
  }

  /** The community's open polls with their voter counts. */
  async listOpen(communityId: string): Promise<{ poll: Poll; voters: number }[]> {
    const polls = await this.#deps.polls.listOpen(communityId);
    return Promise.all(polls.map(async (poll) => ({ poll, voters: (await this.#deps.polls.tally(poll.id)).voters })));
  }

  /** Resolves once no background work (message refreshes, private deliveries) is left. */
  idle(): Promise<void> {
    return this.#deps.messages.idle();
  }

  /** The poll as a member receives it privately, while it is open. */
  async #privateCopy(campaignId: string) {
    const poll = await this.#deps.polls.get(campaignId);
    if (poll?.state !== "live") return null;
    const community = await this.#deps.communities.get(poll.communityId);
    const chat = community && this.#deps.messages.platformOf(community);
    if (!community || !chat) return null;
    const tally = await this.#deps.polls.tally(poll.id);
    const view = pollMessageView(poll, tally, this.#deps.messages.contextFor(community), chat.capabilities);
    return { view, deadline: poll.closesAt };
  }

  #eligible(poll: Poll, member: Member): Promise<boolean> {
    return this.#deps.audience.includes(poll.segment, member, poll.sentAt, (memberId) =>
      this.#deps.polls.inAudience(poll.id, memberId),
    );
  }

  async #offerPrivately(poll: Poll, community: Community, members: readonly Member[], at: Date): Promise<void> {
    const prompts = this.#deps.prompts;
    if (!prompts) return;
    const allowed = await this.#deps.audience.consenting(
      members.map((m) => m.id),
      "direct_messages",
    );
    for (const member of members) {
      if (!allowed.has(member.id)) continue;
      await prompts.deliver({ community, campaignId: poll.id, memberId: member.id, source: pollPromptSource, at });
    }
  }
}

/**
 * Declares a poll's event. On an anonymous poll it is unlinkable: it names nobody, whatever the member consented
 * to, and shares no key with anything that does.
 */
function record(poll: Poll, interaction: Interaction, kind: "vote" | "vote_change" | "results_view"): void {
  interaction.record({ kind, campaignId: poll.id, unlinkable: poll.anonymity === "anonymous" });
}

function toNewPoll(
  id: string,
  community: Community,
  definition: PollDefinition,
  at: Date,
  closesAt: Date,
  reach: number,
) {
  return {
    id,
    communityId: community.id,
    question: definition.question,
    options: definition.options,
    multi: definition.multi,
    results: definition.results,
    anonymity: definition.anonymity,
    segment: definition.segment,
    channelId: definition.channelId,
    mentionRoleId:
      definition.mentionRole && definition.segment.kind === "roles" ? definition.segment.roleIds[0]! : null,
    sentAt: at,
    closesAt,
    reach,
  };
}
