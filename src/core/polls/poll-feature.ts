import type { ConsentService } from "../consent/consent.service.ts";
import { DirectPromptService } from "../delivery/direct-prompts.service.ts";
import type { Translator } from "../i18n/translator.ts";
import type { AudienceRepository } from "../ports/audience.repository.port.ts";
import type { ChatPlatforms } from "../ports/chat-platforms.ts";
import { type ContactDirectory, noContacts } from "../ports/contact-directory.port.ts";
import type { DeliveryRepository } from "../ports/delivery.repository.port.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { PollRepository } from "../ports/poll.repository.port.ts";
import type { CommunityRepository, ConsentRepository } from "../ports/repositories.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import { ErasedLimits, type LimitMarkerRepository } from "../privacy/limit-marker.ts";
import { AudienceService } from "../targeting/audience.service.ts";
import { PollService } from "./poll.service.ts";
import { PollMessages } from "./poll-messages.ts";
import { VoterKeys } from "./voter-key.ts";

/** The repositories the poll feature reads and writes. */
export interface PollFeatureRepositories {
  readonly communities: CommunityRepository;
  readonly consents: ConsentRepository;
  readonly polls: PollRepository;
  readonly audience: AudienceRepository;
  readonly deliveries: DeliveryRepository;
  readonly limitMarkers: LimitMarkerRepository;
}

/**
 * Builds the poll feature (polls, targeting, direct prompts with restraint) and registers its jobs
 * (poll.close, prompt.deliver) with the scheduler; buildCore calls it once.
 */
export function createPollFeature(deps: {
  repositories: PollFeatureRepositories;
  consent: ConsentService;
  chat: ChatPlatforms;
  scheduler: Scheduler;
  translator: Translator;
  /** CIRCOLO_SECRET: voter keys are derived from it. */
  secret: string;
  logger: Logger;
  /** Where members allowed Circolo to write privately; none by default. */
  contacts?: ContactDirectory;
}): { polls: PollService; prompts: DirectPromptService } {
  const { repositories, chat, scheduler, translator } = deps;
  const prompts = new DirectPromptService({
    deliveries: repositories.deliveries,
    communities: repositories.communities,
    contacts: deps.contacts ?? noContacts,
    chat,
    scheduler,
    logger: deps.logger.child({ component: "prompts" }),
  });
  const logger = deps.logger.child({ component: "polls" });
  const polls = new PollService({
    polls: repositories.polls,
    messages: new PollMessages({
      polls: repositories.polls,
      communities: repositories.communities,
      chat,
      translator,
      logger,
    }),
    audience: new AudienceService(repositories.audience, repositories.consents),
    consent: deps.consent,
    scheduler,
    communities: repositories.communities,
    voterKeys: new VoterKeys(deps.secret),
    erased: new ErasedLimits(deps.secret, repositories.limitMarkers),
    logger,
    prompts,
  });
  polls.registerJobs();
  prompts.registerJobs();
  return { polls, prompts };
}
