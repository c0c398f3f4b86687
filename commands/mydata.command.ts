import { z } from "zod";
import { type CommandContext, defineAction, defineSubcommands } from "../src/core/commands/command.ts";
import { ok } from "../src/core/errors/result.ts";
import type { MessageView } from "../src/core/ports/view.ts";

/** The brand whose communities the member's data spans (the export and erasure cover all of them). */
async function brandName(ctx: CommandContext): Promise<string> {
  const brand = ctx.community ? await ctx.services.repositories.brands.get(ctx.community.brandId) : null;
  return brand?.name ?? ctx.community?.title ?? "";
}

/** /mydata export | erase: a member takes a copy of, or erases, everything Circolo keeps about them. */
export const mydataCommand = defineSubcommands({
  name: "mydata",
  description: { en: "Take a copy of your data, or erase it", it: "Scarica una copia dei tuoi dati, o cancellali" },
  audience: "member",
  scope: "community",
  subcommands: {
    export: {
      description: {
        en: "Get everything Circolo keeps about you as a JSON file",
        it: "Ricevi tutto ciò che Circolo conserva su di te in un file JSON",
      },
      options: z.object({}),
    },
    erase: {
      description: {
        en: "Erase everything Circolo keeps about you (asks first)",
        it: "Cancella tutto ciò che Circolo conserva su di te (chiede conferma)",
      },
      options: z.object({}),
    },
  },
  async run(ctx, input) {
    const { member } = ctx;
    const privacy = ctx.services.privacy;
    const brand = await brandName(ctx);
    if (input.subcommand === "export") {
      const document = await privacy.service.export(member, ctx.now);
      const count = Object.values(document.sections).reduce((sum, records) => sum + records.length, 0);
      const view: MessageView = {
        title: ctx.t("privacy.mydata.exportTitle"),
        blocks: [{ type: "paragraph", text: ctx.t("privacy.mydata.exportReady", { brand, count }) }],
        attachments: [
          {
            filename: `circolo-my-data-${ctx.now.toISOString().slice(0, 10)}.json`,
            contentType: "application/json",
            data: new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`),
          },
        ],
      };
      return ok({ type: "message", visibility: "private", view });
    }
    const count = (await privacy.service.summary(member)).reduce((sum, s) => sum + s.records, 0);
    return ok({
      type: "message",
      visibility: "private",
      view: {
        title: ctx.t("privacy.mydata.eraseTitle"),
        blocks: [{ type: "paragraph", text: ctx.t("privacy.mydata.eraseConfirm", { brand, count }) }],
        actions: [
          {
            type: "buttons",
            buttons: [
              {
                label: ctx.t("privacy.mydata.eraseButton"),
                style: "danger",
                action: { name: eraseConfirmAction.name, args: [privacy.tickets.issue(member.id)] },
              },
              {
                label: ctx.t("privacy.mydata.cancelButton"),
                style: "secondary",
                action: { name: eraseKeepAction.name, args: [] },
              },
            ],
          },
        ],
      },
    });
  },
});

/**
 * The confirmation of /mydata erase. It carries a ticket for the member row it was issued to, so pressing it
 * again after the erasure (the member is a new row by then) erases nothing.
 */
export const eraseConfirmAction = defineAction({
  name: "md_e",
  audience: "member",
  scope: "community",
  args: z.tuple([z.string().regex(/^[A-Za-z0-9_-]{12}$/)]),
  async run(ctx, [ticket]: [string]) {
    const { member } = ctx;
    const privacy = ctx.services.privacy;
    if (!privacy.tickets.matches(ticket, member.id)) {
      return ok({
        type: "update",
        view: { blocks: [{ type: "paragraph", text: ctx.t("privacy.mydata.nothingToErase") }] },
      });
    }
    await privacy.service.erasePerson(member, ctx.now);
    return ok({ type: "update", view: { blocks: [{ type: "paragraph", text: ctx.t("privacy.mydata.erased") }] } });
  },
});

/** "Keep my data" on the erasure confirmation. */
export const eraseKeepAction = defineAction({
  name: "md_k",
  audience: "member",
  scope: "community",
  args: z.tuple([]),
  async run(ctx) {
    return ok({ type: "update", view: { blocks: [{ type: "paragraph", text: ctx.t("privacy.mydata.kept") }] } });
  },
});
