import type { CommandRegistry, CoreServices } from "./commands/command.ts";
import { type CommunityDefaults, CommunityDirectory } from "./community/community-directory.ts";
import { ConsentService } from "./consent/consent.service.ts";
import { EngagementRecorder } from "./engagement/engagement-recorder.ts";
import { buildFeatures, type FeatureDeps, hasHook } from "./features.ts";
import { Translator } from "./i18n/translator.ts";
import { Pseudonymizer } from "./identity/pseudonym.ts";
import { noMetrics, type PipelineMetrics } from "./pipeline/pipeline-metrics.ts";
import { UpdatePipeline } from "./pipeline/update-pipeline.ts";
import { ChatPlatforms } from "./ports/chat-platforms.ts";
import type { Clock } from "./ports/clock.port.ts";
import type { Logger } from "./ports/logger.port.ts";
import type { Repositories } from "./ports/repositories.port.ts";
import type { Scheduler } from "./ports/scheduler.port.ts";
import type { SharedServices } from "./services.ts";

/** What the core is built from: storage, the scheduler, time, logs and the settings of this deployment. */
export interface CoreDeps extends Omit<FeatureDeps, "translator"> {
  readonly repositories: Repositories;
  readonly registry: CommandRegistry;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where new communities go, and their time zone and locale until a moderator changes them. */
  readonly communityDefaults: CommunityDefaults;
  /** The engagement recorder (a plain one on `repositories.engagement` when absent). */
  readonly engagement?: EngagementRecorder;
  readonly metrics?: PipelineMetrics;
  /** Ask each new member once for consent, on their first personal reply (the app does; tests opt in). */
  readonly askConsent?: boolean;
  /** Whether a failure is a dependency briefly out of reach (the member is asked to try again). */
  readonly isTransient?: (error: unknown) => boolean;
}

/** The order in which the core's background parts start and stop, around the platforms' own. */
export interface CoreLifecycle {
  /** Stores each feature's built-in schedules (daily retention, weekly digests); before `start`. */
  arm(): Promise<void>;
  /** Starts firing schedules. */
  start(): Promise<void>;
  /** Stops firing schedules; work already under way goes on until `idle`. */
  stop(): Promise<void>;
  /** Resolves once every feature's background posts and edits have settled. */
  idle(): Promise<void>;
}

/** The core as buildCore returns it: its services and features, the pipeline in front of them, its lifecycle. */
export interface Core {
  readonly services: CoreServices;
  readonly pipeline: UpdatePipeline;
  readonly directory: CommunityDirectory;
  readonly translator: Translator;
  readonly lifecycle: CoreLifecycle;
}

/**
 * Builds the whole core once: the shared services, every feature (typed by name), the update pipeline and its
 * lifecycle. The app, the demo, the bench and every test harness call this, so all of them run the same wiring.
 */
export function buildCore(deps: CoreDeps): Core {
  const { repositories, logger } = deps;
  const engagement =
    deps.engagement ??
    new EngagementRecorder(repositories.engagement, { logger: logger.child({ component: "engagement" }) });
  const shared: SharedServices = {
    repositories,
    consent: new ConsentService(repositories.consents, engagement),
    engagement,
    chat: new ChatPlatforms(),
    scheduler: deps.scheduler,
    clock: deps.clock,
    logger,
  };
  const translator = new Translator();
  const features = buildFeatures(shared, { ...deps, translator });
  const services: CoreServices = { ...shared, registry: deps.registry, ...features };
  const directory = new CommunityDirectory(repositories, deps.communityDefaults);
  const pipeline = new UpdatePipeline({
    services,
    directory,
    pseudonyms: new Pseudonymizer(deps.secret),
    translator,
    metrics: deps.metrics ?? noMetrics,
    ...(deps.askConsent ? { consentPrompt: features.privacy.prompt } : {}),
    ...(deps.isTransient ? { isTransient: deps.isTransient } : {}),
  });
  // In the features' order: privacy's retention is armed before the digest, as it always was.
  const all: readonly object[] = Object.values(features);
  const lifecycle: CoreLifecycle = {
    async arm() {
      for (const feature of all) if (hasHook(feature, "arm")) await feature.arm();
    },
    start: () => deps.scheduler.start(),
    stop: () => deps.scheduler.stop(),
    async idle() {
      for (const feature of all) if (hasHook(feature, "idle")) await feature.idle();
    },
  };
  return { services, pipeline, directory, translator, lifecycle };
}
