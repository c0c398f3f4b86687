import type { ConsentService } from "../consent/consent.service.ts";
import type { EngagementRecorder } from "../engagement/engagement-recorder.ts";
import { Pseudonymizer } from "../identity/pseudonym.ts";
import { VoterKeys } from "../polls/voter-key.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { Repositories } from "../ports/repositories.port.ts";
import type { Scheduler } from "../ports/scheduler.port.ts";
import { AccountLinks } from "./account-links.ts";
import { ConsentPrompt } from "./consent-prompt.ts";
import { ContactBook } from "./contact-book.ts";
import { ContactCipher } from "./contact-cipher.ts";
import { ErasureTickets } from "./erasure-ticket.ts";
import { LimitMarkers } from "./limit-marker.ts";
import { LinkCodes } from "./link-code.ts";
import { Persons } from "./person.ts";
import { PrivacyService } from "./privacy.service.ts";
import { type PrivacyAuditReport, runPrivacyAudit } from "./privacy-audit.ts";
import { RetentionService } from "./retention.service.ts";

/** RETENTION_DAYS when nothing else is configured. */
export const DEFAULT_RETENTION_DAYS = 180;

/** The privacy feature as handlers, adapters and the composition root use it. */
export interface PrivacyFeature {
  /** Export, erasure and the "what is stored" summary over every personal-data source. */
  readonly service: PrivacyService;
  /** /link codes, account links and unlinking. */
  readonly links: AccountLinks;
  /**
   * Sealed contact addresses (the ContactDirectory for direct prompts and private digests). Adapters call
   * `contacts.rememberPrivateChat` when a person starts the bot's private chat.
   */
  readonly contacts: ContactBook;
  /** The daily retention job. */
  readonly retention: RetentionService;
  /** The once-only consent question for new members (the pipeline's consentPrompt). */
  readonly prompt: ConsentPrompt;
  readonly persons: Persons;
  readonly tickets: ErasureTickets;
  /** Runs the privacy audit over the whole database as of `at`. */
  audit(at: Date): Promise<PrivacyAuditReport>;
  /** Stores the daily retention schedule (idempotent); the core's lifecycle calls it before the scheduler starts. */
  arm(): Promise<void>;
}

/**
 * Builds the privacy feature over the repositories' personal-data sources, deletes what a withdrawn consent
 * covered as soon as it is withdrawn (a consent listener), and registers the retention job with the
 * scheduler. buildCore calls it once; the core's lifecycle then calls `arm()` to store the daily schedule.
 */
export function createPrivacyFeature(deps: {
  repositories: Repositories;
  consent: ConsentService;
  engagement: EngagementRecorder;
  scheduler: Scheduler;
  /** CIRCOLO_SECRET: contact, link-code, erasure-ticket and voter keys are derived from it. */
  secret: string;
  retentionDays?: number;
  logger: Logger;
}): PrivacyFeature {
  const { repositories } = deps;
  const logger = deps.logger.child({ component: "privacy" });
  const sources = repositories.personalData;
  const persons = new Persons({
    privacy: repositories.privacy,
    communities: repositories.communities,
    voterKeys: new VoterKeys(deps.secret),
    limitMarkers: new LimitMarkers(deps.secret),
  });
  const service = new PrivacyService({
    sources,
    persons,
    brands: repositories.brands,
    communities: repositories.communities,
    consents: repositories.consents,
    privacy: repositories.privacy,
    engagement: deps.engagement,
    logger,
  });
  const retentionDays = deps.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const retention = new RetentionService({
    sources,
    privacy: repositories.privacy,
    service,
    persons,
    scheduler: deps.scheduler,
    retentionDays,
    logger,
  });
  retention.registerJobs();
  deps.consent.onChange(async (change) => {
    if (!change.granted)
      await service.withdrawn({ id: change.memberId, communityId: change.communityId }, change.purpose, change.at);
  });
  return {
    service,
    persons,
    retention,
    links: new AccountLinks({
      privacy: repositories.privacy,
      persons,
      communities: repositories.communities,
      codes: new LinkCodes(deps.secret),
    }),
    contacts: new ContactBook({
      privacy: repositories.privacy,
      consent: deps.consent,
      cipher: new ContactCipher(deps.secret),
      pseudonyms: new Pseudonymizer(deps.secret),
      logger,
    }),
    prompt: new ConsentPrompt(repositories.privacy),
    tickets: new ErasureTickets(deps.secret),
    audit: (at) => runPrivacyAudit({ sources, privacy: repositories.privacy, at, retentionDays }),
    arm: () => retention.arm(),
  };
}
