import type { Locale } from "../domain/platform.ts";
import type { Translate } from "../i18n/translator.ts";
import type { MessageView } from "../ports/view.ts";
import { formatLocal } from "../time/format-local.ts";
import type { ScheduledChatCampaign } from "./chat-campaign.ts";

/**
 * The private confirmation of a scheduled poll, offer or Q&A session: its campaign id, when it runs (the next
 * five runs of a repeat) in the community's time zone, and how to control it.
 */
export function scheduledCampaignView(
  scheduled: ScheduledChatCampaign,
  context: { t: Translate; locale: Locale; timeZone: string },
): MessageView {
  const { t } = context;
  const when = scheduled.nextRuns.map((at) => formatLocal(at, context.locale, context.timeZone));
  const id = scheduled.scheduleId;
  return {
    title: t("campaign.scheduled.title"),
    blocks: [
      { type: "paragraph", text: t(`campaign.scheduled.${scheduled.kind}`, { id }) },
      ...(scheduled.repeating
        ? [
            { type: "paragraph" as const, text: t("campaign.scheduled.next") },
            { type: "list" as const, items: when },
          ]
        : [{ type: "paragraph" as const, text: t("campaign.scheduled.once", { when: when[0] ?? "" }) }]),
      { type: "paragraph", text: t("campaign.scheduled.manage", { id }) },
    ],
  };
}
