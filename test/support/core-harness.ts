import { registry } from "../../commands/index.ts";
import { buildCore } from "../../src/core/build-core.ts";
import type { CommandRegistry } from "../../src/core/commands/command.ts";
import type { ChartRenderer } from "../../src/core/digest/chart.port.ts";
import type { Inbound } from "../../src/core/pipeline/inbound.ts";
import type { PlatformCapabilities } from "../../src/core/ports/chat-platform.port.ts";
import type { Clock } from "../../src/core/ports/clock.port.ts";
import type { ContactDirectory } from "../../src/core/ports/contact-directory.port.ts";
import { silentLogger } from "../../src/core/ports/logger.port.ts";
import { createInMemoryRepositories } from "../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { CronScheduler } from "../../src/scheduling/cron-scheduler.ts";
import { FakeCharts } from "./fake-charts.ts";

/** Capabilities of a Discord-like platform, for core tests. */
export const testCapabilities: PlatformCapabilities = {
  ephemeralReplies: true,
  modals: true,
  selectMenus: true,
  nativePolls: false,
  maxMessageLength: 2000,
  maxButtonsPerRow: 5,
  maxActionRows: 5,
};

/** A settable clock. */
export class FakeClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
}

/** The secret the harness keys pseudonyms, voter keys and contacts with. */
export const harnessSecret = "core-harness-secret-0123456789abcdef";

/**
 * The real core (pipeline, services, scheduler) on in-memory repositories, driven by Inbound updates
 * as an adapter would send them.
 */
export function coreHarness(
  options: {
    registry?: CommandRegistry;
    clock?: FakeClock;
    timeZone?: string;
    /** Ask new members for consent on their first personal reply, as the app does (off by default). */
    consentPrompt?: boolean;
    retentionDays?: number;
    /** The digest's chart renderer (a fake that draws nothing by default). */
    chart?: ChartRenderer;
    /** Where members can be reached privately (the privacy feature's contact book by default). */
    contacts?: ContactDirectory;
  } = {},
) {
  const clock = options.clock ?? new FakeClock(new Date("2026-11-29T10:00:00Z"));
  const repositories = createInMemoryRepositories();
  const scheduler = new CronScheduler({ repository: repositories.schedules, clock, logger: silentLogger });
  const core = buildCore({
    repositories,
    registry: options.registry ?? registry,
    scheduler,
    clock,
    logger: silentLogger,
    secret: harnessSecret,
    chart: options.chart ?? new FakeCharts(),
    communityDefaults: {
      brandId: "brand",
      brandName: "Brand",
      timeZone: options.timeZone ?? "Europe/Rome",
      locale: "en",
    },
    ...(options.retentionDays ? { retentionDays: options.retentionDays } : {}),
    ...(options.contacts ? { contacts: options.contacts } : {}),
    ...(options.consentPrompt ? { askConsent: true } : {}),
  });
  const { services, pipeline, directory } = core;
  const { qa, privacy, engagement, chat } = services;
  let update = 0;
  const send = (
    request: Inbound["request"],
    who: { userId?: string; admin?: boolean; locale?: string; chat?: string } = {},
  ) =>
    pipeline.handle(
      {
        platform: "telegram",
        updateId: String(++update),
        receivedAt: clock.now(),
        community: { platformId: who.chat ?? "-100777", title: "Community" },
        channelId: who.chat ?? "-100777",
        user: { id: who.userId ?? "1001", languageTag: who.locale ?? "en", isAdmin: who.admin ?? false, roles: [] },
        request,
      },
      testCapabilities,
    );
  return { clock, repositories, services, scheduler, qa, privacy, engagement, chat, directory, pipeline, core, send };
}
