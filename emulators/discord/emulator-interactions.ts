import { randomBytes } from "node:crypto";
import { apiError, type RestRequest, type RestResponse } from "./emulator-http.ts";
import { editMessage, messageProblem, modalProblem, storeMessage } from "./emulator-messages.ts";
import { messagePayload } from "./emulator-payloads.ts";
import type { EmuChannel, EmulatorState, EmuMessage, EmuUser } from "./emulator-state.ts";
import { snowflake } from "./snowflake.ts";

const ephemeral = 1 << 6;
const callback = { reply: 4, deferReply: 5, deferUpdate: 6, update: 7, modal: 9 } as const;

/** Something the person who acted can now see. */
export type Answer =
  | { readonly kind: "reply" | "update" | "edit" | "followup"; readonly message: EmuMessage }
  | { readonly kind: "modal"; readonly modal: ModalShown };

export interface ModalShown {
  readonly custom_id: string;
  readonly title: string;
  readonly components: readonly {
    type: number;
    component?: { custom_id: string };
    components?: { custom_id: string }[];
  }[];
}

/**
 * One interaction from the moment it is dispatched: its token, the 3-second first-response deadline,
 * the token lifetime, the callbacks and webhook calls it got, and what the person saw as a result.
 */
export class EmuInteraction {
  readonly id = snowflake();
  readonly token = `emu_${randomBytes(24).toString("base64url")}`;
  readonly createdAt = Date.now();
  status: "pending" | "acknowledged" | "failed" = "pending";
  /** Callback types received, in order (a second one is refused, so this has at most one entry). */
  readonly callbacks: number[] = [];
  readonly answers: Answer[] = [];
  originalMessageId: string | null = null;
  readonly #waiters: { index: number; resolve: (a: Answer) => void; reject: (e: Error) => void }[] = [];
  readonly #deadline: NodeJS.Timeout;

  constructor(
    readonly type: 2 | 3 | 5,
    readonly channel: EmuChannel,
    readonly user: EmuUser,
    /** The message a component (or a modal opened from one) is on. */
    readonly sourceMessageId: string | null,
    readonly limits: { responseDeadlineMs: number; tokenLifetimeMs: number },
  ) {
    this.#deadline = setTimeout(() => {
      if (this.status !== "pending") return;
      this.status = "failed";
      for (const w of this.#waiters.splice(0)) {
        w.reject(new Error(`interaction failed: no response within ${limits.responseDeadlineMs} ms`));
      }
    }, limits.responseDeadlineMs);
    this.#deadline.unref();
  }

  /** Resolves with the n-th thing the person sees (0 = the first answer). */
  answer(index = 0, timeoutMs = 10_000): Promise<Answer> {
    const ready = this.answers[index];
    if (ready) return Promise.resolve(ready);
    if (this.status === "failed") return Promise.reject(new Error("interaction failed: it was never acknowledged"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer #${index} within ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
      this.#waiters.push({
        index,
        resolve: (a) => {
          clearTimeout(timer);
          resolve(a);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  dispose(): void {
    clearTimeout(this.#deadline);
  }

  show(answer: Answer): void {
    this.answers.push(answer);
    const index = this.answers.length - 1;
    for (const w of this.#waiters.filter((x) => x.index === index)) {
      this.#waiters.splice(this.#waiters.indexOf(w), 1);
      w.resolve(answer);
    }
  }
}

/** What is wrong with an interaction response, or null. */
function callbackProblem(
  interaction: EmuInteraction,
  body: { type?: number; data?: unknown },
  files: number,
): string | null {
  const fromMessage = interaction.sourceMessageId !== null;
  switch (body.type) {
    case callback.reply:
      return messageProblem(body.data, true, files);
    case callback.deferReply:
      return null;
    case callback.deferUpdate:
      return fromMessage ? null : "no message to update";
    case callback.update:
      return fromMessage ? messageProblem(body.data, false, files) : "no message to update";
    case callback.modal:
      return interaction.type === 5 ? "a modal cannot answer a modal submit" : modalProblem(body.data);
    default:
      return `unsupported callback type ${body.type}`;
  }
}

/** The interaction callback endpoint and the interaction webhooks (follow-ups, @original). */
export class InteractionDesk {
  readonly #state: EmulatorState;
  readonly byId = new Map<string, EmuInteraction>();
  readonly #byToken = new Map<string, EmuInteraction>();

  constructor(state: EmulatorState) {
    this.#state = state;
  }

  track(interaction: EmuInteraction): void {
    this.byId.set(interaction.id, interaction);
    this.#byToken.set(interaction.token, interaction);
  }

  dispose(): void {
    for (const interaction of this.byId.values()) interaction.dispose();
  }

  /** POST /interactions/{id}/{token}/callback */
  callback(request: RestRequest, id: string, token: string): RestResponse {
    const interaction = this.byId.get(id);
    if (!interaction || interaction.token !== token) return apiError(404, 10062, "Unknown interaction");
    if (Date.now() > interaction.createdAt + interaction.limits.responseDeadlineMs) {
      interaction.status = interaction.status === "pending" ? "failed" : interaction.status;
      return apiError(404, 10062, "Unknown interaction");
    }
    if (interaction.status !== "pending") return apiError(400, 40060, "Interaction has already been acknowledged.");
    const body = (request.body ?? {}) as { type?: number; data?: { flags?: number } };
    const problem = callbackProblem(interaction, body, request.files.length);
    if (problem) return apiError(400, 50035, "Invalid Form Body", { problem });
    interaction.status = "acknowledged";
    interaction.callbacks.push(body.type as number);
    const flags = (body.data?.flags ?? 0) & ephemeral;
    if (body.type === callback.reply) {
      const message = this.#reply(interaction, body.data, request.files, flags);
      interaction.show({ kind: "reply", message });
    } else if (body.type === callback.deferReply) {
      const message = this.#reply(interaction, {}, [], flags);
      message.loading = true;
    } else if (body.type === callback.deferUpdate) {
      interaction.originalMessageId = interaction.sourceMessageId;
    } else if (body.type === callback.update) {
      const message = this.#state.messages.get(interaction.sourceMessageId as string) as EmuMessage;
      editMessage(message, body.data, request.files);
      interaction.originalMessageId = message.id;
      interaction.show({ kind: "update", message });
    } else {
      interaction.show({ kind: "modal", modal: body.data as unknown as ModalShown });
    }
    const withResponse = request.query.get("with_response") === "true";
    return withResponse ? { status: 200, body: { interaction: { id, type: interaction.type } } } : { status: 204 };
  }

  /** The webhook routes of an interaction token; `message` is "@original", a follow-up id, or null for POST. */
  webhook(request: RestRequest, applicationId: string, token: string, message: string | null): RestResponse {
    const interaction = this.#byToken.get(token);
    if (!interaction || applicationId !== this.#state.applicationId) return apiError(404, 10015, "Unknown Webhook");
    if (Date.now() > interaction.createdAt + interaction.limits.tokenLifetimeMs) {
      return apiError(404, 10062, "Unknown interaction");
    }
    if (interaction.status !== "acknowledged") return apiError(404, 10015, "Unknown Webhook");
    if (message === null) {
      if (request.method !== "POST") return apiError(405, 0, "405: Method Not Allowed");
      const problem = messageProblem(request.body, true, request.files.length);
      if (problem) return apiError(400, 50035, "Invalid Form Body", { problem });
      const flags = ((request.body as { flags?: number } | undefined)?.flags ?? 0) & ephemeral;
      const created = storeMessage(this.#state, interaction.channel, request.body, request.files, {
        type: 19,
        flags,
        webhook: true,
        interaction: { id: interaction.id, type: interaction.type, user: interaction.user },
      });
      interaction.show({ kind: "followup", message: created });
      return { status: 200, body: messagePayload(created) };
    }
    const id = message === "@original" ? interaction.originalMessageId : message;
    const target = id ? this.#state.messages.get(id) : undefined;
    if (!target || target.deleted) return apiError(404, 10008, "Unknown Message");
    if (request.method === "GET") return { status: 200, body: messagePayload(target) };
    if (request.method === "DELETE") {
      target.deleted = true;
      return { status: 204 };
    }
    if (request.method !== "PATCH") return apiError(405, 0, "405: Method Not Allowed");
    const problem = messageProblem(request.body, false, request.files.length);
    if (problem) return apiError(400, 50035, "Invalid Form Body", { problem });
    editMessage(target, request.body, request.files);
    interaction.show({ kind: "edit", message: target });
    return { status: 200, body: messagePayload(target) };
  }

  #reply(interaction: EmuInteraction, data: unknown, files: RestRequest["files"], flags: number): EmuMessage {
    const message = storeMessage(this.#state, interaction.channel, data, files, {
      type: interaction.type === 2 ? 20 : 19,
      flags,
      webhook: true,
      interaction: { id: interaction.id, type: interaction.type, user: interaction.user },
    });
    interaction.originalMessageId = message.id;
    return message;
  }
}
