import type { ConsentService } from "./consent/consent.service.ts";
import type { EngagementRecorder } from "./engagement/engagement-recorder.ts";
import type { ChatPlatforms } from "./ports/chat-platforms.ts";
import type { Clock } from "./ports/clock.port.ts";
import type { Logger } from "./ports/logger.port.ts";
import type { Repositories } from "./ports/repositories.port.ts";
import type { Scheduler } from "./ports/scheduler.port.ts";

/**
 * What every feature builds on: storage, consent, engagement, the platforms, the scheduler, time and logs. The
 * command registry and the features themselves join them in CoreServices (src/core/commands/command.ts), the
 * services a handler's context holds.
 */
export interface SharedServices {
  readonly repositories: Repositories;
  readonly consent: ConsentService;
  readonly engagement: EngagementRecorder;
  /** The connected platforms, for messages the core sends without an interaction to answer. */
  readonly chat: ChatPlatforms;
  /** Campaign schedules and built-in jobs; handlers are registered by the features that own them. */
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly logger: Logger;
}
