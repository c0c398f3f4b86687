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
import { silentLogger } from "../../../../src/core/ports/logger.port.ts";
import type { Repositories } from "../../../../src/core/ports/repositories.port.ts";
import { createInMemoryRepositories } from "../../../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { CronScheduler } from "../../../../src/scheduling/cron-scheduler.ts";
import { FakeCharts } from "../../../support/fake-charts.ts";
import { FakeChat } from "../../polls/support/fake-chat.ts";

export const offerSecret = "offer-tests-secret-0123456789-abcdefghijklmnop";

/** A settable clock. */
export class FakeClock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
}

/** Who sends an update. */
export interface Sender {
  readonly userId?: string;
  readonly admin?: boolean;
  readonly locale?: string;
  readonly chat?: string;
}

/** The offer feature on in-memory repositories. */
export function inMemoryOfferCore(options: { now?: Date; timeZone?: string } = {}) {
  return offerCore(createInMemoryRepositories(), options);
}

/** The offer feature on the given repositories, with the pipeline in front of it. */
export function offerCore<R extends Repositories>(repositories: R, options: { now?: Date; timeZone?: string } = {}) {
  const clock = new FakeClock(options.now ?? new Date("2026-11-30T10:00:00Z"));
  const scheduler = new CronScheduler({ repository: repositories.schedules, clock, logger: silentLogger });
  const { services, pipeline, directory } = buildCore({
    repositories,
    registry,
    engagement: new EngagementRecorder(repositories.engagement, { logger: silentLogger, flushIntervalMs: 5 }),
    scheduler,
    clock,
    logger: silentLogger,
    secret: offerSecret,
    chart: new FakeCharts(),
    communityDefaults: {
      brandId: "brand",
      brandName: "Brand",
      timeZone: options.timeZone ?? "Europe/Rome",
      locale: "en",
    },
  });
  const { consent, engagement, offers: feature } = services;
  const fake = new FakeChat("telegram");
  services.chat.register(fake);
  const pseudonyms = new Pseudonymizer(offerSecret);
  let update = 0;

  /** Sends an update through the pipeline as a Telegram group member would. */
  const send = (request: Inbound["request"], who: Sender = {}) =>
    pipeline.handle(
      {
        platform: "telegram",
        updateId: String(++update),
        receivedAt: clock.now(),
        community: { platformId: who.chat ?? "-100777", title: "Pasticceria" },
        channelId: who.chat ?? "-100777",
        user: { id: who.userId ?? "1001", languageTag: who.locale ?? "en", isAdmin: who.admin ?? false, roles: [] },
        request,
      },
      fake.capabilities,
    );

  /** A moderator's `/offer create` with these options. */
  const createOffer = (options: Record<string, unknown>, who: Sender = {}) =>
    send({ type: "command", name: "offer", subcommand: "create", options }, { userId: "900", admin: true, ...who });

  /** A press of an offer's button (claim or details). */
  const press = (name: "of_c" | "of_d", number: number, who: Sender) =>
    send({ type: "action", name, args: [String(number)] }, who);

  /** The community of a chat, created on first use. */
  const community = (platformId = "-100777"): Promise<Community> =>
    directory.ensure("telegram", platformId, "Pasticceria");

  /** A member of the community as the pipeline would know them (user id → pseudonym). */
  const member = (of: Community, userId: string, extra: { locale?: string | null } = {}): Promise<Member> =>
    repositories.members.touch({
      id: randomUUID(),
      communityId: of.id,
      pseudonym: pseudonyms.pseudonym("telegram", userId),
      at: clock.now(),
      roles: [],
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
    services,
    feature,
    offers: feature.offers,
    engagement,
    consent,
    chat: fake,
    scheduler,
    pipeline,
    send,
    createOffer,
    press,
    community,
    member,
    grant,
  };
}

export type OfferCore = ReturnType<typeof offerCore<Repositories>>;
