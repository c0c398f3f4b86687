import { z } from "zod";
import { type CommandContext, defineSubcommands } from "../src/core/commands/command.ts";
import { option } from "../src/core/commands/option-meta.ts";
import { fail } from "../src/core/errors/error-codes.ts";
import { ok } from "../src/core/errors/result.ts";
import type { ScheduleStatus } from "../src/core/ports/scheduler.port.ts";
import { formatLocal } from "../src/core/time/format-local.ts";

const idOption = z.object({
  id: option(
    z.string().trim().min(4).max(64),
    { en: "The schedule's id from /campaign list", it: "L'id della programmazione da /campaign list" },
    true,
  ),
});

/**
 * The schedule of this community whose id is, or starts with, what the moderator typed (unique). The key at the
 * end of a campaign's id (`campaign:<community>:poll-1a2b3c4d`) works on its own too, so nobody types the prefix.
 */
async function findSchedule(ctx: CommandContext, typed: string): Promise<ScheduleStatus | null> {
  if (!ctx.community) return null;
  const all = await ctx.services.scheduler.list({ communityId: ctx.community.id });
  const keyOf = (id: string) => (id.startsWith("campaign:") ? (id.split(":").at(-1) ?? id) : id);
  const exact = all.find((s) => s.id === typed) ?? all.find((s) => keyOf(s.id) === typed);
  if (exact) return exact;
  const matches = all.filter((s) => s.id.startsWith(typed) || keyOf(s.id).startsWith(typed));
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

function next(ctx: CommandContext, status: ScheduleStatus): string {
  if (!status.nextFireAt || !ctx.community) return ctx.t("campaign.never");
  return formatLocal(status.nextFireAt, ctx.actor.locale, ctx.community.timeZone);
}

/** /campaign: moderators see and control what is scheduled in their community. */
export const campaignCommand = defineSubcommands({
  name: "campaign",
  description: { en: "See and control scheduled campaigns", it: "Vedi e gestisci le campagne programmate" },
  audience: "moderator",
  scope: "community",
  subcommands: {
    list: {
      description: {
        en: "List scheduled campaigns and their next run",
        it: "Elenca le campagne e la prossima esecuzione",
      },
      options: z.object({}),
    },
    pause: { description: { en: "Pause a scheduled campaign", it: "Metti in pausa una campagna" }, options: idOption },
    resume: {
      description: { en: "Resume a paused campaign", it: "Riprendi una campagna in pausa" },
      options: idOption,
    },
    cancel: {
      description: { en: "Cancel a scheduled campaign for good", it: "Annulla definitivamente una campagna" },
      options: idOption,
    },
  },
  async run(ctx, input) {
    if (input.subcommand === "list") {
      const schedules = await ctx.services.scheduler.list({
        communityId: ctx.community.id,
        states: ["active", "paused"],
      });
      const items = schedules.map((s) =>
        ctx.t("campaign.line", { id: s.id, job: s.job, state: ctx.t(`campaign.state.${s.state}`), next: next(ctx, s) }),
      );
      return ok({
        type: "message",
        visibility: "private",
        view: {
          title: ctx.t("campaign.title"),
          blocks: items.length > 0 ? [{ type: "list", items }] : [{ type: "paragraph", text: ctx.t("campaign.none") }],
        },
      });
    }
    const typed = input.id;
    const found = await findSchedule(ctx, typed);
    if (!found) return fail("SCHEDULE_NOT_FOUND", { id: typed });
    const scheduler = ctx.services.scheduler;
    const changed =
      input.subcommand === "pause"
        ? await scheduler.pause(found.id)
        : input.subcommand === "resume"
          ? await scheduler.resume(found.id)
          : await scheduler.cancel(found.id);
    if (!changed) return fail("SCHEDULE_NOT_FOUND", { id: typed });
    const key =
      input.subcommand === "pause"
        ? "campaign.paused"
        : input.subcommand === "resume"
          ? "campaign.resumed"
          : "campaign.cancelled";
    return ok({
      type: "message",
      visibility: "private",
      view: { blocks: [{ type: "paragraph", text: ctx.t(key, { id: changed.id, next: next(ctx, changed) }) }] },
    });
  },
});
