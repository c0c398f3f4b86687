import type { Translator } from "../i18n/translator.ts";
import { ErasedLimits } from "../privacy/limit-marker.ts";
import type { CoreServices } from "../services.ts";
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
}

type WithQa = CoreServices & { readonly qa?: QaFeature };

/**
 * Builds the Q&A feature on the core's services and registers its job (qa.close) with the scheduler: what
 * the composition root, and tests that build CoreServices by hand, call once before the scheduler starts.
 */
export function createQaFeature(
  services: CoreServices,
  translator: Translator,
  /** CIRCOLO_SECRET: the erasure markers that keep a session's limits are keyed by it. */
  secret: string,
): QaFeature {
  const logger = services.logger.child({ component: "qa" });
  const { qa, communities, limitMarkers } = services.repositories;
  const messages = new QaMessages({ qa, communities, chat: services.chat, translator, logger });
  const erased = new ErasedLimits(secret, limitMarkers);
  const sessions = new QaService({
    qa,
    messages,
    scheduler: services.scheduler,
    erased,
    logger,
  });
  const closing = new QaClosing({ qa, communities, messages, scheduler: services.scheduler, erased });
  closing.registerJobs();
  return { sessions, moderation: new QaModeration({ qa, communities, messages }), closing };
}

/**
 * Adds the Q&A feature to the handlers' services. CoreServices is shared by every feature, so Q&A rides
 * beside it (as the digest does) rather than widening it; the composition root calls this once.
 */
export function attachQa(services: CoreServices, feature: QaFeature): void {
  Object.defineProperty(services, "qa", { value: feature, enumerable: true });
}

/** The Q&A feature among the handler's services; a missing one is a wiring bug and fails loudly. */
export function qaFrom(services: CoreServices): QaFeature {
  const feature = (services as WithQa).qa;
  if (!feature) throw new Error("the Q&A feature is not wired: call attachQa in the composition root");
  return feature;
}
