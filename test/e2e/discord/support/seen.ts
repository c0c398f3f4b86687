import type { Answer, EmuInteraction, EmuMessage } from "../../../../emulators/discord/discord-emulator.ts";
import type { SeenMessage } from "../../../scenarios/platform-driver.ts";

/** What a person sees on Discord, plus the message it is on (to click its buttons next). */
export interface DiscordSeen extends SeenMessage {
  /** The message shown, or null for a modal. */
  readonly message: EmuMessage | null;
  /** Option values of the message's select menu, if any. */
  readonly selectValues: readonly string[];
  /** The modal's title when the answer was a modal. */
  readonly modalTitle: string | null;
}

/** Markdown escapes and emphasis removed, as Discord displays them. */
export function displayed(markdown: string): string {
  return markdown.replace(/\*\*(.*?)\*\*/g, "$1").replace(/\\(.)/g, "$1");
}

/** The text, buttons and visibility of what an answer shows. */
export function seen(answer: Answer): DiscordSeen {
  if (answer.kind === "modal") {
    return {
      text: answer.modal.title,
      buttons: [],
      private: true,
      message: null,
      selectValues: [],
      modalTitle: answer.modal.title,
    };
  }
  const message = answer.message;
  const embeds = message.embeds as { title?: string; description?: string }[];
  const parts = [message.content, ...embeds.flatMap((e) => [e.title ?? "", e.description ?? ""])].filter(Boolean);
  const children = (
    message.components as { components: { type: number; label?: string; options?: { value: string }[] }[] }[]
  ).flatMap((row) => row.components);
  return {
    text: displayed(parts.join("\n")),
    buttons: children.filter((c) => c.type === 2).map((c) => c.label ?? ""),
    private: (message.flags & 64) !== 0,
    message,
    selectValues: children.filter((c) => c.type === 3).flatMap((c) => (c.options ?? []).map((o) => o.value)),
    modalTitle: null,
  };
}

/** Waits for the first thing the person sees in answer to an interaction. */
export async function answerOf(interaction: EmuInteraction, index = 0): Promise<DiscordSeen> {
  return seen(await interaction.answer(index));
}
