import {
  type ButtonInteraction,
  MessageFlags,
  type ModalMessageModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from "discord.js";
import type { ActionCodec } from "../../core/actions/action-codec.ts";
import type { Locale } from "../../core/domain/platform.ts";
import type { Translator } from "../../core/i18n/translator.ts";
import type { Inbound } from "../../core/pipeline/inbound.ts";
import type { PipelineOutcome, UpdatePipeline } from "../../core/pipeline/update-pipeline.ts";
import type { PlatformCapabilities } from "../../core/ports/chat-platform.port.ts";
import type { Logger } from "../../core/ports/logger.port.ts";
import type { MessageView } from "../../core/ports/view.ts";
import { toPlatformError } from "./discord.errors.ts";
import { actionEncoder } from "./discord.ids.ts";
import type { RoutedInteraction } from "./discord.inbound.ts";
import {
  type RenderedMessage,
  renderMessage,
  renderModal,
  renderNotice,
  toInteractionPayload,
} from "./discord.render.ts";

/** What the responder needs from the adapter. */
export interface ResponderDeps {
  readonly pipeline: UpdatePipeline;
  readonly capabilities: PlatformCapabilities;
  readonly actions: ActionCodec;
  readonly translator: Translator;
  readonly logger: Logger;
  /** How long the pipeline may take before the interaction is deferred (Discord allows 3 s in all). */
  readonly deferAfterMs: number;
}

type Deferral = "reply" | "update";

/**
 * Answers interactions within Discord's 3-second window: the pipeline runs, and if it has not answered
 * after `deferAfterMs` the interaction is deferred (an ephemeral "thinking…" for commands, a silent
 * acknowledgement for components) and the answer follows by editing or following up. Delivery failures
 * end in a polite ephemeral message when Discord still accepts one, never in "This interaction failed".
 */
export class InteractionResponder {
  readonly #deps: ResponderDeps;

  constructor(deps: ResponderDeps) {
    this.#deps = deps;
  }

  /** Runs the interaction through the pipeline and delivers its reply. Never throws. */
  async answer(interaction: RoutedInteraction, inbound: Inbound): Promise<void> {
    const work = this.#deps.pipeline.handle(inbound, this.#deps.capabilities);
    const early = await settledWithin(work, this.#deps.deferAfterMs);
    if (early) {
      await this.#deliver(interaction, early.locale, () => this.#reply(interaction, early));
      return;
    }
    const deferral = await this.#defer(interaction).catch((error: unknown) => {
      this.#failed(interaction, "defer", error);
      return null;
    });
    const outcome = await work;
    if (deferral) {
      await this.#deliver(interaction, outcome.locale, () => this.#afterDefer(interaction, outcome, deferral));
    }
  }

  /** Refuses a component whose custom_id does not verify: a clear ephemeral message; nothing else happens. */
  async refuse(interaction: RoutedInteraction, locale: Locale): Promise<void> {
    const text = this.#deps.translator.for(locale)("errors.STALE_OR_FORGED_ACTION");
    await this.#deliver(interaction, locale, () => interaction.reply(privately(renderNotice(text))));
  }

  async #reply(interaction: RoutedInteraction, outcome: PipelineOutcome): Promise<void> {
    const { reply } = outcome;
    switch (reply.type) {
      case "message":
        await interaction.reply(asReply(this.#render(interaction, reply.view), reply.visibility === "private"));
        return;
      case "notice":
        await interaction.reply(privately(renderNotice(reply.text)));
        return;
      case "update":
        if (isOnMessage(interaction)) {
          await interaction.update(toInteractionPayload(this.#render(interaction, reply.view)));
        } else {
          await interaction.reply(privately(this.#render(interaction, reply.view)));
        }
        return;
      case "form":
        if (interaction.isModalSubmit())
          await interaction.reply(privately(this.#notice(outcome.locale, "discord.formUnavailable")));
        else
          await interaction.showModal(renderModal(reply.form, actionEncoder(this.#deps.actions, interaction.guildId)));
        return;
      case "none":
        // A duplicate was answered by whoever handled it first.
        if (outcome.outcome === "duplicate") return;
        if (isOnMessage(interaction)) {
          await interaction.deferUpdate();
        } else {
          await interaction.reply(privately(this.#notice(outcome.locale, "discord.done")));
        }
        return;
    }
  }

  async #defer(interaction: RoutedInteraction): Promise<Deferral> {
    if (isOnMessage(interaction)) {
      await interaction.deferUpdate();
      return "update";
    }
    // Most answers to commands are personal; a public one is posted as a follow-up instead.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    return "reply";
  }

  async #afterDefer(interaction: RoutedInteraction, outcome: PipelineOutcome, deferral: Deferral): Promise<void> {
    const { reply } = outcome;
    if (deferral === "update") {
      if (reply.type === "update")
        await interaction.editReply(toInteractionPayload(this.#render(interaction, reply.view)));
      else if (reply.type === "message") {
        await interaction.followUp(asReply(this.#render(interaction, reply.view), reply.visibility === "private"));
      } else if (reply.type === "notice") await interaction.followUp(privately(renderNotice(reply.text)));
      else if (reply.type === "form")
        await interaction.followUp(privately(this.#notice(outcome.locale, "discord.formUnavailable")));
      return;
    }
    switch (reply.type) {
      case "message":
        if (reply.visibility === "public") {
          await interaction.followUp(toInteractionPayload(this.#render(interaction, reply.view)));
          await interaction.deleteReply();
        } else {
          await interaction.editReply(toInteractionPayload(this.#render(interaction, reply.view)));
        }
        return;
      case "update":
        await interaction.editReply(toInteractionPayload(this.#render(interaction, reply.view)));
        return;
      case "notice":
        await interaction.editReply(toInteractionPayload(renderNotice(reply.text)));
        return;
      case "form":
        await interaction.editReply(toInteractionPayload(this.#notice(outcome.locale, "discord.formUnavailable")));
        return;
      case "none":
        if (outcome.outcome === "duplicate") await interaction.deleteReply();
        else await interaction.editReply(toInteractionPayload(this.#notice(outcome.locale, "discord.done")));
        return;
    }
  }

  /** Runs one delivery; on failure logs once and tries to leave the person a polite ephemeral message. */
  async #deliver(interaction: RoutedInteraction, locale: Locale, send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.#failed(interaction, "answer", error);
      const platform = toPlatformError(error);
      if (platform?.interactionExpired || platform?.alreadyAcknowledged) return;
      const apology = privately(renderNotice(this.#deps.translator.for(locale)("generic.failure")));
      const fallback =
        interaction.deferred || interaction.replied ? interaction.followUp(apology) : interaction.reply(apology);
      await fallback.catch((second: unknown) => this.#failed(interaction, "apology", second));
    }
  }

  #failed(interaction: RoutedInteraction, step: string, error: unknown): void {
    const platform = toPlatformError(error);
    this.#deps.logger.warn(
      {
        platform: "discord",
        updateId: interaction.id,
        step,
        ...(platform ? { code: platform.code, status: platform.status } : { err: error }),
      },
      "interaction answer failed",
    );
  }

  #render(interaction: RoutedInteraction, view: MessageView) {
    return renderMessage(view, actionEncoder(this.#deps.actions, interaction.guildId));
  }

  #notice(locale: Locale, key: "discord.done" | "discord.formUnavailable"): RenderedMessage {
    return renderNotice(this.#deps.translator.for(locale)(key));
  }
}

/** Components, and modals opened from one, sit on a message they can update. */
function isOnMessage(
  interaction: RoutedInteraction,
): interaction is ButtonInteraction | StringSelectMenuInteraction | ModalMessageModalSubmitInteraction {
  return interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage());
}

/** Reply options seen only by the person who acted. */
function privately(rendered: RenderedMessage) {
  return { ...toInteractionPayload(rendered), flags: MessageFlags.Ephemeral as const };
}

function asReply(rendered: RenderedMessage, isPrivate: boolean) {
  return isPrivate ? privately(rendered) : toInteractionPayload(rendered);
}

/** The value of a promise if it settles within `ms`, else null (the promise keeps running). */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
