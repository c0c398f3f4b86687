import { z } from "zod";
import { defineCommand } from "../src/core/commands/command.ts";
import { ok } from "../src/core/errors/result.ts";

/** /help: the commands the asker may use, in the asker's language. */
export const helpCommand = defineCommand({
  name: "help",
  description: { en: "Show what Circolo can do for you", it: "Mostra cosa può fare Circolo per te" },
  audience: "member",
  scope: "anywhere",
  options: z.object({}),
  async run(ctx) {
    const locale = ctx.actor.locale;
    const visible = ctx.services.registry.commands.filter((c) => c.audience === "member" || ctx.actor.isModerator);
    const line = (c: (typeof visible)[number]) => `/${c.name} — ${c.description[locale]}`;
    const members = visible.filter((c) => c.audience === "member").map(line);
    const moderators = visible.filter((c) => c.audience === "moderator").map(line);
    return ok({
      type: "message",
      visibility: "private",
      view: {
        title: ctx.t("help.title"),
        blocks: [
          { type: "paragraph", text: ctx.t("help.intro") },
          { type: "list", items: members },
          ...(moderators.length > 0
            ? [
                { type: "paragraph" as const, text: ctx.t("help.moderatorSection") },
                { type: "list" as const, items: moderators },
              ]
            : []),
        ],
      },
    });
  },
});
