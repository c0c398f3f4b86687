import { z } from "zod";
import type { ChatCampaignContent } from "../src/core/campaigns/campaign-content.ts";
import { scheduleChatCampaign } from "../src/core/campaigns/chat-campaign.ts";
import { scheduledCampaignView } from "../src/core/campaigns/chat-campaign.view.ts";
import type { CommunityContext, HandlerResult } from "../src/core/commands/command.ts";
import { option } from "../src/core/commands/option-meta.ts";
import { ok } from "../src/core/errors/result.ts";

/**
 * The options that turn /poll, /offer create and /qa open into a scheduled campaign: `start` (once, later) and
 * `repeat` (a cron expression) with an optional `until`, all in the community's time zone. On Telegram they are
 * flags whose value runs to the next flag: `--start 2026-12-07 18:00 --repeat 0 18 * * 1 --until 2027-03-31 23:59`.
 */
export const scheduleOptions = {
  start: option(z.string().trim().min(1).max(40).optional(), {
    en: "Post it later: a local time like 2026-12-07 18:00, or in 2h (first run with repeat)",
    it: "Pubblica più tardi: un'ora locale come 2026-12-07 18:00, o tra 2h (prima volta con repeat)",
  }),
  repeat: option(z.string().trim().min(1).max(100).optional(), {
    en: "Repeat on a cron expression in local time, like 0 18 * * 1 (Mondays 18:00)",
    it: "Ripeti con un'espressione cron in ora locale, come 0 18 * * 1 (lunedì alle 18:00)",
  }),
  until: option(z.string().trim().min(1).max(40).optional(), {
    en: "With repeat: the last local time it may run, like 2027-03-31 23:59",
    it: "Con repeat: l'ultima ora locale in cui può ripetersi, come 2027-03-31 23:59",
  }),
};

/** The scheduling options as a handler receives them. */
export interface ScheduleOptionValues {
  readonly start?: string | undefined;
  readonly repeat?: string | undefined;
  readonly until?: string | undefined;
}

/** Schedules the content for later and answers privately with the campaign id and its next runs. */
export async function scheduleFromCommand(
  ctx: CommunityContext,
  when: ScheduleOptionValues,
  content: ChatCampaignContent,
): Promise<HandlerResult> {
  const { community } = ctx;
  const scheduled = await scheduleChatCampaign({
    scheduler: ctx.services.scheduler,
    community,
    channelId: ctx.channelId,
    content,
    when: { start: when.start, repeat: when.repeat, until: when.until },
    now: ctx.now,
  });
  if (!scheduled.ok) return scheduled;
  const view = scheduledCampaignView(scheduled.value, {
    t: ctx.t,
    locale: ctx.actor.locale,
    timeZone: community.timeZone,
  });
  return ok({ type: "message", visibility: "private", view });
}
