import type { ActionDefinition, CommandDefinition } from "./commands/command.ts";
import type { ConsentService } from "./consent/consent.service.ts";
import type { EngagementRecorder } from "./engagement/engagement-recorder.ts";
import type { Features } from "./features.ts";
import type { ChatPlatforms } from "./ports/chat-platforms.ts";
import type { Clock } from "./ports/clock.port.ts";
import type { Logger } from "./ports/logger.port.ts";
import type { Repositories } from "./ports/repositories.port.ts";
import type { Scheduler } from "./ports/scheduler.port.ts";

/** The registry of everything a member can invoke; declared in commands/index.ts. */
export interface CommandRegistry {
  readonly commands: readonly CommandDefinition[];
  readonly actions: readonly ActionDefinition<unknown>[];
}

/** What every feature builds on: storage, consent, engagement, the platforms, the scheduler, time and logs. */
export interface SharedServices {
  readonly repositories: Repositories;
  readonly consent: ConsentService;
  readonly engagement: EngagementRecorder;
  readonly registry: CommandRegistry;
  /** The connected platforms, for messages the core sends without an interaction to answer. */
  readonly chat: ChatPlatforms;
  /** Campaign schedules and built-in jobs; handlers are registered by the features that own them. */
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The core's services as buildCore makes them and every handler receives them: the shared ones and each
 * feature by name (`polls`, `offers`, `qa`, `digest`, `privacy`, ...), typed by what its factory returns.
 */
export type CoreServices = SharedServices & Features;
