import { z } from "zod";
import type { ConsentService } from "../consent/consent.service.ts";
import type { Community } from "../domain/community.ts";
import type { ChatPlatforms } from "../ports/chat-platforms.ts";
import type { ContactDirectory } from "../ports/contact-directory.port.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import type { ScheduledFire, Scheduler, ScheduleSpec } from "../ports/scheduler.port.ts";
import type { MessageView } from "../ports/view.ts";
import type { DigestDeliveryKey } from "./digest.repository.port.ts";
import type { DigestService } from "./digest.service.ts";
import { lastFullIsoWeek } from "./digest-week.ts";

/** The built-in job that sends a community's weekly digest. */
export const digestWeeklyJob = "digest.weekly";
/** Every Monday at 09:00, read in the community's time zone. */
export const digestWeeklyCron = "0 9 * * 1";

/** Communities whose schedules start-up arms together (one read, one transaction). */
const armPageSize = 500;

const payloadSchema = z.object({ communityId: z.string().min(1) });

/** The id of a community's weekly digest schedule: one per community, so upserting it twice changes nothing. */
export function digestScheduleId(communityId: string): string {
  return `digest.weekly:${communityId}`;
}

/** The weekly schedule a community has: Monday 09:00 in its time zone. */
function weeklySpec(community: Community): ScheduleSpec {
  return {
    id: digestScheduleId(community.id),
    job: digestWeeklyJob,
    payload: { communityId: community.id },
    timeZone: community.timeZone,
    cron: digestWeeklyCron,
    communityId: community.id,
  };
}

/** What one weekly run did. */
export interface DeliveryReport {
  readonly staff: "sent" | "already_sent" | "no_channel" | "failed";
  readonly direct: number;
  /** Subscribers not reached: no direct-message consent, no contact kept, blocked, or a failure. */
  readonly skipped: number;
}

/**
 * Sends the weekly digest: every Monday at 09:00 in the community's time zone (a built-in schedule per
 * community), in the community's language, to its staff channel and privately to subscribers who allow direct
 * messages and whose contact Circolo keeps. A fire run twice (an instance died mid-run) delivers nothing twice:
 * each delivery is recorded once it is made.
 */
export class DigestDelivery {
  readonly #digests: DigestService;
  readonly #communities: CommunityRepository;
  readonly #scheduler: Scheduler;
  readonly #chat: ChatPlatforms;
  readonly #consent: ConsentService;
  readonly #contacts: ContactDirectory;
  readonly #logger: Logger;

  constructor(deps: {
    digests: DigestService;
    communities: CommunityRepository;
    scheduler: Scheduler;
    chat: ChatPlatforms;
    consent: ConsentService;
    contacts: ContactDirectory;
    logger: Logger;
  }) {
    this.#digests = deps.digests;
    this.#communities = deps.communities;
    this.#scheduler = deps.scheduler;
    this.#chat = deps.chat;
    this.#consent = deps.consent;
    this.#contacts = deps.contacts;
    this.#logger = deps.logger;
    this.#scheduler.register(digestWeeklyJob, (fire) => this.#onFire(fire));
  }

  /** Stores (or refreshes, after a time-zone change) the community's weekly schedule. */
  async ensureSchedule(community: Community): Promise<void> {
    await this.#scheduler.upsert(weeklySpec(community));
  }

  /**
   * The built-in schedules, upserted at start for every active community. A schedule a moderator paused or
   * cancelled stays so (the scheduler keeps the state of an unchanged timing). Communities are read and their
   * schedules stored a page at a time, and only the schedules that change are written: with 10,000 communities
   * start-up neither holds them all in memory nor makes 20,000 queries.
   */
  async armAll(): Promise<{ communities: number; written: number }> {
    let communities = 0;
    let written = 0;
    let after: string | null = null;
    for (;;) {
      const page: Community[] = await this.#communities.listActivePage(after, armPageSize);
      if (page.length === 0) break;
      written += await this.#scheduler.upsertMany(page.map(weeklySpec));
      communities += page.length;
      after = page.at(-1)!.id;
    }
    return { communities, written };
  }

  /** Whether Circolo keeps a contact through which it could write to the member privately. */
  async canReach(memberId: string): Promise<boolean> {
    return (await this.#contacts.contactFor(memberId)) !== null;
  }

  /** Delivers the digest of the last full week before `at` (the fire instant) for one community. */
  async deliver(communityId: string, at: Date): Promise<DeliveryReport | null> {
    const community = await this.#communities.get(communityId);
    if (!community?.active) return null;
    const chat = this.#chat.for(community.platform);
    if (!chat) {
      this.#logger.warn({ communityId, platform: community.platform }, "digest not sent: platform not connected");
      return null;
    }
    const week = lastFullIsoWeek(at, community.timeZone);
    const store = this.#digests.repository;
    const builder = this.#digests.builder();
    const digest = await this.#digests.community(community, week, { now: at, builder });
    const view = await this.#digests.communityView(digest, community.locale);
    const key = (recipient: DigestDeliveryKey["recipient"], memberId: string | null): DigestDeliveryKey => ({
      communityId,
      week: week.label,
      recipient,
      memberId,
    });

    let staff: DeliveryReport["staff"] = "no_channel";
    const channelId = community.settings.staffChannelId;
    if (channelId && (await store.delivered(key("staff", null)))) staff = "already_sent";
    else if (channelId) {
      try {
        await chat.send({ channelId }, view);
        await store.recordDelivery(key("staff", null), at);
        staff = "sent";
      } catch (error) {
        this.#logger.error({ err: error, communityId, week: week.label }, "digest not posted in the staff channel");
        staff = "failed";
      }
    }

    let direct = 0;
    let skipped = 0;
    let brandView: Promise<MessageView | null> | null = null;
    // The brand's digest is built once per run, and only if a subscriber asked for it.
    const brandMessage = () => {
      brandView ??= this.#digests
        .brand(community.brandId, week, { now: at, builder })
        .then((brand) => (brand ? this.#digests.brandView(brand, community.locale) : null));
      return brandView;
    };
    for (const subscription of await store.subscriptions(communityId)) {
      const deliveryKey = key(subscription.scope, subscription.memberId);
      if (await store.delivered(deliveryKey)) continue;
      const contact = (await this.#consent.state(subscription.memberId)).direct_messages
        ? await this.#contacts.contactFor(subscription.memberId)
        : null;
      if (!contact) {
        skipped += 1;
        continue;
      }
      const message = subscription.scope === "brand" ? await brandMessage() : view;
      try {
        const sent = message ? await chat.sendPrivate(contact, message) : null;
        if (sent) {
          await store.recordDelivery(deliveryKey, at);
          direct += 1;
        } else skipped += 1;
      } catch (error) {
        this.#logger.error({ err: error, communityId, week: week.label }, "digest not sent privately");
        skipped += 1;
      }
    }
    const report = { staff, direct, skipped };
    this.#logger.info({ communityId, week: week.label, ...report }, "weekly digest delivered");
    return report;
  }

  async #onFire(fire: ScheduledFire): Promise<void> {
    const payload = payloadSchema.safeParse(fire.payload);
    if (!payload.success) {
      this.#logger.error({ scheduleId: fire.scheduleId }, "digest schedule with an invalid payload");
      return;
    }
    await this.deliver(payload.data.communityId, fire.fireAt);
  }
}
