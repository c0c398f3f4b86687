import { z } from "zod";
import type { Community } from "../domain/community.ts";
import { type AppError, fail } from "../errors/error-codes.ts";
import { ok, type Result } from "../errors/result.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import type { ErasedLimits } from "../privacy/limit-marker.ts";
import type { QaRepository } from "./qa.repository.port.ts";
import type { QaSession } from "./qa.ts";
import type { QaMessages } from "./qa-messages.ts";

/** The job the Scheduler runs at a session's end time. */
export const qaCloseJob = "qa.close";

/** The payload of a qa.close schedule. */
export const qaClosePayloadSchema = z.object({ sessionId: z.string().min(1) });

/** The schedule id of a session's closing. */
export function qaCloseScheduleId(sessionId: string): string {
  return `${qaCloseJob}:${sessionId}`;
}

/**
 * Closing a session, at its end time (the qa.close job) or by a moderator: the channel is freed, the board
 * edited to its final ranking without buttons, and the summary posted once.
 */
export class QaClosing {
  readonly #qa: QaRepository;
  readonly #communities: CommunityRepository;
  readonly #messages: QaMessages;
  readonly #scheduler: Scheduler;
  readonly #erased: ErasedLimits;

  constructor(deps: {
    qa: QaRepository;
    communities: CommunityRepository;
    messages: QaMessages;
    scheduler: Scheduler;
    /** The session's erasure markers are forgotten once it closes. */
    erased: ErasedLimits;
  }) {
    this.#erased = deps.erased;
    this.#qa = deps.qa;
    this.#communities = deps.communities;
    this.#messages = deps.messages;
    this.#scheduler = deps.scheduler;
  }

  /** Registers the qa.close job with the scheduler. */
  registerJobs(): void {
    this.#scheduler.register(qaCloseJob, async (fire) => {
      const { sessionId } = qaClosePayloadSchema.parse(fire.payload);
      await this.closeDue(sessionId, fire.fireAt);
    });
  }

  /** A moderator closes the channel's session now: final board, summary, the scheduled close cancelled. */
  async closeNow(input: {
    community: Community;
    channelId: string | null;
    at: Date;
  }): Promise<Result<QaSession, AppError>> {
    const open = input.channelId ? await this.#qa.findOpenInChannel(input.community.id, input.channelId) : null;
    if (!open) return fail("QA_SESSION_NOT_FOUND");
    const closed = await this.#qa.close(open.id, input.at);
    if (closed.kind !== "closed") return fail("QA_SESSION_CLOSED");
    await this.#erased.forget(closed.session.id);
    await this.#scheduler.cancel(qaCloseScheduleId(closed.session.id));
    await this.#messages.finish(closed.session, input.community, true);
    return ok(closed.session);
  }

  /**
   * Closes a session at its end time (the qa.close job). Idempotent: run again, it only shows the final
   * board again; the summary is posted once, by the call that closed the session.
   */
  async closeDue(sessionId: string, at: Date): Promise<"closed" | "already_closed" | "not_found"> {
    const closed = await this.#qa.close(sessionId, at);
    if (closed.kind === "not_found") return "not_found";
    await this.#erased.forget(sessionId);
    const community = await this.#communities.get(closed.session.communityId);
    if (!community) return "not_found";
    await this.#messages.finish(closed.session, community, closed.kind === "closed");
    return closed.kind;
  }
}
