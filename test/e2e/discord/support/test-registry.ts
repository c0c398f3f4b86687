import { z } from "zod";
import { type CommandRegistry, defineAction, defineCommand } from "../../../../src/core/commands/command.ts";
import { option } from "../../../../src/core/commands/option-meta.ts";
import { ok } from "../../../../src/core/errors/result.ts";
import { textView } from "../../../../src/core/ports/view.ts";

/** A door the slow handlers wait at, opened by the test. */
export class Gate {
  #open: () => void = () => {};
  #opened = this.#closed();

  wait(): Promise<void> {
    return this.#opened;
  }

  open(): void {
    this.#open();
  }

  reset(): void {
    this.#opened = this.#closed();
  }

  #closed(): Promise<void> {
    return new Promise((resolve) => {
      this.#open = resolve;
    });
  }
}

/** Slow handlers wait for this gate. */
export const gate = new Gate();

const flavours = ["pistachio", "hazelnut", "lemon"] as const;

/** /flavours: a select menu of flavours and a button that opens a suggestion form. */
const flavoursCommand = defineCommand({
  name: "flavours",
  description: { en: "Pick a flavour", it: "Scegli un gusto" },
  audience: "member",
  scope: "community",
  options: z.object({}),
  async run() {
    return ok({
      type: "message",
      visibility: "private",
      view: {
        title: "Flavours",
        blocks: [{ type: "paragraph", text: "Which one?" }],
        actions: [
          {
            type: "select",
            select: {
              placeholder: "Choose",
              action: { name: "fl_pick", args: [] },
              options: flavours.map((f) => ({ label: f, value: f })),
              maxValues: 2,
            },
          },
          { type: "buttons", buttons: [{ label: "Suggest one", action: { name: "fl_sug", args: [] } }] },
        ],
      },
    });
  },
});

const pickAction = defineAction({
  name: "fl_pick",
  audience: "member",
  scope: "community",
  args: z.tuple([]),
  async run(_ctx, _args, submitted) {
    return ok({ type: "update", view: textView(`You picked ${(submitted.values ?? []).join(" and ")}`) });
  },
});

const suggestAction = defineAction({
  name: "fl_sug",
  audience: "member",
  scope: "community",
  args: z.tuple([]),
  async run() {
    return ok({
      type: "form",
      form: {
        title: "Suggest a flavour",
        action: { name: "fl_form", args: [] },
        fields: [{ id: "name", label: "Flavour", style: "short", maxLength: 40 }],
      },
    });
  },
});

const suggestionFormAction = defineAction({
  name: "fl_form",
  audience: "member",
  scope: "community",
  args: z.tuple([]),
  async run(_ctx, _args, submitted) {
    return ok({
      type: "message",
      visibility: "public",
      view: textView(`New suggestion: ${submitted.fields?.name ?? ""}`),
    });
  },
});

/** /colour hex: an option Discord cannot validate (a pattern), checked by the command's zod schema. */
const colourCommand = defineCommand({
  name: "colour",
  description: { en: "Set the brand colour", it: "Imposta il colore del brand" },
  audience: "member",
  scope: "community",
  options: z.object({
    hex: option(z.string().regex(/^#[0-9a-f]{6}$/, "must look like #a1b2c3"), { en: "Colour", it: "Colore" }),
  }),
  async run(_ctx, input) {
    return ok({ type: "message", visibility: "private", view: textView(`Colour set to ${input.hex}`) });
  },
});

/** /announce: moderators only. */
const announceCommand = defineCommand({
  name: "announce",
  description: { en: "Announce something", it: "Annuncia qualcosa" },
  audience: "moderator",
  scope: "community",
  options: z.object({}),
  async run() {
    return ok({ type: "message", visibility: "public", view: textView("Announced.") });
  },
});

/** /slow: answers after the gate opens, privately or publicly. */
const slowCommand = defineCommand({
  name: "slow",
  description: { en: "Take your time", it: "Con calma" },
  audience: "member",
  scope: "community",
  options: z.object({ public: option(z.boolean().default(false), { en: "Show everyone", it: "Mostra a tutti" }) }),
  async run(_ctx, input) {
    await gate.wait();
    return ok({
      type: "message",
      visibility: input.public ? "public" : "private",
      view: {
        blocks: [{ type: "paragraph", text: "Slow answer" }],
        actions: [{ type: "buttons", buttons: [{ label: "Again", action: { name: "slow_btn", args: [] } }] }],
      },
    });
  },
});

const slowButtonAction = defineAction({
  name: "slow_btn",
  audience: "member",
  scope: "community",
  args: z.tuple([]),
  async run() {
    await gate.wait();
    return ok({ type: "update", view: textView("Slow update") });
  },
});

/** /ask: a modal straight from a slash command. */
const askCommand = defineCommand({
  name: "ask",
  description: { en: "Ask a question", it: "Fai una domanda" },
  audience: "member",
  scope: "community",
  options: z.object({}),
  async run() {
    return ok({
      type: "form",
      form: {
        title: "Your question",
        action: { name: "ask_form", args: [] },
        fields: [{ id: "question", label: "Question", style: "paragraph", minLength: 5 }],
      },
    });
  },
});

const askFormAction = defineAction({
  name: "ask_form",
  audience: "member",
  scope: "community",
  args: z.tuple([]),
  async run(_ctx, _args, submitted) {
    return ok({ type: "notice", text: `Question received: ${submitted.fields?.question ?? ""}` });
  },
});

/** Commands and actions made for the adapter's end-to-end tests. */
export const testRegistry: CommandRegistry = {
  commands: [flavoursCommand, colourCommand, announceCommand, slowCommand, askCommand],
  actions: [pickAction, suggestAction, suggestionFormAction, slowButtonAction, askFormAction],
};
