// The core built as the composition root builds it (buildCore), on any set of repositories, with a fake chat
// platform and a settable clock: for unit tests (in memory) and database-level tests (SQLite, PostgreSQL).
import { randomUUID } from "node:crypto";
import { registry } from "../../../../commands/index.ts";
import { buildCore } from "../../../../src/core/build-core.ts";
import type { Community } from "../../../../src/core/domain/community.ts";
import type { ConsentPurpose } from "../../../../src/core/domain/consent.ts";
import type { Member } from "../../../../src/core/domain/member.ts";
import { EngagementRecorder } from "../../../../src/core/engagement/engagement-recorder.ts";
import { InteractionRecord } from "../../../../src/core/engagement/interaction.ts";
import { Pseudonymizer } from "../../../../src/core/identity/pseudonym.ts";
import type { Inbound } from "../../../../src/core/pipeline/inbound.ts";
import type { AudienceRepository } from "../../../../src/core/ports/audience.repository.port.ts";
import type { ContactDirectory } from "../../../../src/core/ports/contact-directory.port.ts";
import type { DeliveryRepository } from "../../../../src/core/ports/delivery.repository.port.ts";
import { silentLogger } from "../../../../src/core/ports/logger.port.ts";
import type { PollRepository } from "../../../../src/core/ports/poll.repository.port.ts";
import type { Repositories } from "../../../../src/core/ports/repositories.port.ts";
import { AudienceRepositoryInMemory } from "../../../../src/persistence/repositories/in-memory/audience.in-memory.ts";
import { DeliveryRepositoryInMemory } from "../../../../src/persistence/repositories/in-memory/delivery.in-memory.ts";
import { createInMemoryRepositories } from "../../../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { PollRepositoryInMemory } from "../../../../src/persistence/repositories/in-memory/poll.in-memory.ts";
import { CronScheduler } from "../../../../src/scheduling/cron-scheduler.ts";
import { FakeCharts } from "../../../support/fake-charts.ts";
import { FakeChat } from "./fake-chat.ts";

export const testSecret = "poll-tests-secret-0123456789-abcdefghijklmnop";

/** A settable clock. */
export class FakeClock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** The poll feature's own repositories, which a contract harness may give its own instances of. */
export interface PollStorage {
  readonly polls: PollRepository;
  readonly audience: AudienceRepository;
  readonly deliveries: DeliveryRepository;
}

/** Contacts kept for tests: member id → contact. */
export class TestContacts implements ContactDirectory {
  readonly byMember = new Map<string, string>();
  async contactFor(memberId: string): Promise<string | null> {
    return this.byMember.get(memberId) ?? null;
  }
}

/** The poll feature on in-memory repositories. */
export function inMemoryPollCore(options: { now?: Date; timeZone?: string } = {}) {
  const repositories = createInMemoryRepositories();
  const storage: PollStorage = {
    polls: new PollRepositoryInMemory(repositories.store),
    audience: new AudienceRepositoryInMemory(repositories.store),
    deliveries: new DeliveryRepositoryInMemory(repositories.store),
  };
  return pollCore(repositories, storage, options);
}

/** The poll feature on the given repositories, with the pipeline in front of it. */
export function pollCore(
  repositories: Repositories,
  storage: PollStorage,
  options: { now?: Date; timeZone?: string } = {},
) {
  const clock = new FakeClock(options.now ?? new Date("2026-11-30T10:00:00Z"));
  const scheduler = new CronScheduler({ repository: repositories.schedules, clock, logger: silentLogger });
  const contacts = new TestContacts();
  const { services, pipeline, directory, translator } = buildCore({
    repositories: { ...repositories, ...storage },
    registry,
    engagement: new EngagementRecorder(repositories.engagement, { logger: silentLogger, flushIntervalMs: 5 }),
    scheduler,
    clock,
    logger: silentLogger,
    secret: testSecret,
    chart: new FakeCharts(),
    contacts,
    communityDefaults: {
      brandId: "brand",
      brandName: "Brand",
      timeZone: options.timeZone ?? "Europe/Rome",
      locale: "en",
    },
  });
  const { polls, prompts, consent, engagement } = services;
  const fake = new FakeChat("telegram");
  services.chat.register(fake);
  const pseudonyms = new Pseudonymizer(testSecret);
  let update = 0;

  /** Sends an update through the pipeline as a Telegram group member would. */
  const send = (
    request: Inbound["request"],
    who: { userId?: string; admin?: boolean; locale?: string; chat?: string; roles?: string[] } = {},
  ) =>
    pipeline.handle(
      {
        platform: "telegram",
        updateId: String(++update),
        receivedAt: clock.now(),
        community: { platformId: who.chat ?? "-100777", title: "Pasticceria" },
        channelId: who.chat ?? "-100777",
        user: {
          id: who.userId ?? "1001",
          languageTag: who.locale ?? "en",
          isAdmin: who.admin ?? false,
          roles: who.roles ?? [],
        },
        request,
      },
      fake.capabilities,
    );

  /** The community of a chat, created on first use. */
  const community = (platformId = "-100777"): Promise<Community> =>
    directory.ensure("telegram", platformId, "Pasticceria");

  /** A member of the community as the pipeline would know them (user id → pseudonym). */
  const member = async (
    of: Community,
    userId: string,
    extra: { roles?: string[]; locale?: string | null; at?: Date } = {},
  ): Promise<Member> =>
    repositories.members.touch({
      id: randomUUID(),
      communityId: of.id,
      pseudonym: pseudonyms.pseudonym("telegram", userId),
      at: extra.at ?? clock.now(),
      roles: extra.roles ?? [],
      locale: extra.locale ?? "en",
    });

  const grant = (of: Community, m: Member, purpose: ConsentPurpose) =>
    consent.set({
      communityId: of.id,
      memberId: m.id,
      purpose,
      granted: true,
      at: clock.now(),
      interaction: new InteractionRecord(),
    });

  return {
    clock,
    repositories,
    storage,
    services,
    polls,
    prompts,
    contacts,
    engagement,
    consent,
    chat: fake,
    scheduler,
    translator,
    pipeline,
    send,
    community,
    member,
    grant,
  };
}

export type PollCore = ReturnType<typeof pollCore>;
