import type { Translator } from "../i18n/translator.ts";
import type { ChatPlatforms } from "../ports/chat-platforms.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { Repositories } from "../ports/repositories.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import { ErasedLimits } from "../privacy/limit-marker.ts";
import { QaService } from "./qa.service.ts";
import { QaClosing } from "./qa-closing.ts";
import { QaMessages } from "./qa-messages.ts";
import { QaModeration } from "./qa-moderation.ts";

/** The Q&A feature as the composition root wires it. */
export interface QaFeature {
  /** Sessions, questions, upvotes, answers and closing. */
  readonly sessions: QaService;
  /** Moderators' decisions on questions. */
  readonly moderation: QaModeration;
  /** Closing at the end time (the qa.close job) or by a moderator. */
  readonly closing: QaClosing;
  /** Resolves once the sessions' background posts and edits have settled (before the platforms stop). */
  idle(): Promise<void>;
}

/**
 * Builds the Q&A feature and registers its job (qa.close) with the scheduler; buildCore calls it once, before
 * the scheduler starts.
 */
export function createQaFeature(deps: {
  repositories: Pick<Repositories, "qa" | "communities" | "limitMarkers">;
  chat: ChatPlatforms;
  scheduler: Scheduler;
  translator: Translator;
  /** CIRCOLO_SECRET: the erasure markers that keep a session's limits are keyed by it. */
  secret: string;
  logger: Logger;
}): QaFeature {
  const { chat, scheduler, translator } = deps;
  const logger = deps.logger.child({ component: "qa" });
  const { qa, communities, limitMarkers } = deps.repositories;
  const messages = new QaMessages({ qa, communities, chat, translator, logger });
  const erased = new ErasedLimits(deps.secret, limitMarkers);
  const sessions = new QaService({ qa, messages, scheduler, erased, logger });
  const closing = new QaClosing({ qa, communities, messages, scheduler, erased });
  closing.registerJobs();
  return {
    sessions,
    moderation: new QaModeration({ qa, communities, messages }),
    closing,
    idle: () => sessions.idle(),
  };
}
