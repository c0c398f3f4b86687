import type { EngagementKind } from "../domain/engagement.ts";

/** The kinds a handler may declare: every kind but `command`, which is what an interaction declaring nothing is. */
export type DeclaredKind = Exclude<EngagementKind, "command">;

/** The one engagement event of an interaction, as the code handling it declares it. */
export interface InteractionEvent {
  readonly kind: DeclaredKind;
  /** The poll, offer or Q&A session it concerns. */
  readonly campaignId?: string | null;
  /**
   * The event must not be linkable to the member (a vote or a results view on an anonymous poll): it is written
   * without a member, whatever they consented to, and under a replay key that appears nowhere else.
   */
  readonly unlinkable?: boolean;
}

/**
 * The interaction being handled (a command, a button, a form), as handlers and the services they call see it.
 * It records exactly one engagement event: the one declared here, or a plain `command` when nothing is declared.
 * Services never write interaction events themselves, so an interaction cannot be counted twice.
 */
export interface Interaction {
  /**
   * Declares this interaction's event; the pipeline writes it once the handler succeeds (a failed interaction
   * records nothing). Declaring a second event is a bug (one interaction, one event) and throws.
   */
  record(event: InteractionEvent): void;
}

/** The pipeline's side of an Interaction: collects the declaration, and says what to write. */
export class InteractionRecord implements Interaction {
  #declared: InteractionEvent | null = null;

  record(event: InteractionEvent): void {
    if (this.#declared) {
      throw new Error(`one interaction records one event: ${event.kind} declared after ${this.#declared.kind}`);
    }
    this.#declared = event;
  }

  /** The event to write: the declared one, or a plain command. */
  get event(): { readonly kind: EngagementKind; readonly campaignId: string | null; readonly unlinkable: boolean } {
    const declared = this.#declared;
    if (!declared) return { kind: "command", campaignId: null, unlinkable: false };
    return { kind: declared.kind, campaignId: declared.campaignId ?? null, unlinkable: declared.unlinkable ?? false };
  }
}
