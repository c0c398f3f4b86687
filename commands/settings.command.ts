import { z } from "zod";
import { type CommandContext, defineSubcommands, type HandlerResult } from "../src/core/commands/command.ts";
import { option } from "../src/core/commands/option-meta.ts";
import { applyCommunityChanges, parseCommunityChanges } from "../src/core/community/community-settings.ts";
import type { Community } from "../src/core/domain/community.ts";
import { ok } from "../src/core/errors/result.ts";

// Values are checked by the core's communityChangesSchema, so that a wrong one is named in the moderator's
// language; the options only bound their length.
const text = (max: number) => z.string().trim().min(1).max(max).optional();

const setOptions = z.object({
  timezone: option(text(64), {
    en: "Time zone, such as Europe/Rome",
    it: "Fuso orario, per esempio Europe/Rome",
  }),
  language: option(text(8), { en: "Language: en or it", it: "Lingua: en o it" }),
  quiet: option(text(16), {
    en: "Quiet hours, HH:MM-HH:MM (no private messages then), or off",
    it: "Ore di silenzio, HH:MM-HH:MM (niente messaggi privati), oppure off",
  }),
  cap: option(text(8), {
    en: "Private invitations per member per week, 0 to 50",
    it: "Inviti privati per membro a settimana, da 0 a 50",
  }),
  k: option(text(8), {
    en: "Smallest group a report shows, 2 to 100",
    it: "Gruppo più piccolo mostrato nei report, da 2 a 100",
  }),
  benchmark: option(text(8), {
    en: "Compare with peer communities of other brands: on or off",
    it: "Confronta con community di altri brand: on oppure off",
  }),
});

/** The settings as a private message: what moderators can change, and how. */
function settingsView(ctx: CommandContext, community: Community, heading: string): HandlerResult {
  const { t } = ctx;
  const s = community.settings;
  const channel = s.staffChannelId ?? t("settings.noStaffChannel");
  return ok({
    type: "message",
    visibility: "private",
    view: {
      title: heading,
      blocks: [
        {
          type: "list",
          items: [
            t("settings.timeZone", { value: community.timeZone }),
            t("settings.language", { value: community.locale }),
            t("settings.quietHours", {
              value: s.quietHours ? `${s.quietHours.start}-${s.quietHours.end}` : t("settings.quietOff"),
            }),
            t("settings.weeklyCap", { value: s.weeklyPromptCap }),
            t("settings.kAnonymity", { value: s.kAnonymity }),
            t("settings.benchmark", { value: t(s.benchmarkOptIn ? "settings.on" : "settings.off") }),
            t("settings.staffChannel", { value: channel }),
          ],
        },
        { type: "paragraph", text: t("settings.hint") },
      ],
    },
  });
}

/** /settings: moderators see and change their community's time zone, language, quiet hours, caps and privacy. */
export const settingsCommand = defineSubcommands({
  name: "settings",
  description: {
    en: "See or change this community's settings",
    it: "Vedi o cambia le impostazioni di questa community",
  },
  audience: "moderator",
  scope: "community",
  subcommands: {
    show: {
      description: { en: "Show this community's settings", it: "Mostra le impostazioni della community" },
      options: z.object({}),
    },
    set: {
      description: {
        en: "Change time zone, language, quiet hours, weekly cap, report threshold or benchmarking",
        it: "Cambia fuso orario, lingua, ore di silenzio, limite settimanale, soglia dei report o confronto",
      },
      options: setOptions,
    },
  },
  async run(ctx, input) {
    const { community } = ctx;
    if (input.subcommand === "show") {
      return settingsView(ctx, community, ctx.t("settings.title", { community: community.title }));
    }
    const changes = parseCommunityChanges({
      timeZone: input.timezone,
      locale: input.language,
      quietHours: input.quiet,
      weeklyCap: input.cap,
      kAnonymity: input.k,
      benchmark: input.benchmark,
    });
    if (!changes.ok) return changes;
    const applied = await applyCommunityChanges({
      community,
      changes: changes.value,
      communities: ctx.services.repositories.communities,
      scheduler: ctx.services.scheduler,
    });
    if (!applied.ok) return applied;
    return settingsView(ctx, applied.value, ctx.t("settings.saved", { community: applied.value.title }));
  },
});
