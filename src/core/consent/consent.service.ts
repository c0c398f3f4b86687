import {
  type ConsentGrant,
  type ConsentPurpose,
  type ConsentState,
  currentNoticeVersion,
  deriveConsentState,
} from "../domain/consent.ts";
import type { EngagementSubject } from "../domain/engagement.ts";
import type { EngagementRecorder } from "../engagement/engagement-recorder.ts";
import type { Interaction } from "../engagement/interaction.ts";
import type { ConsentRepository } from "../ports/repositories.port.ts";

/** A stored grant or withdrawal, as listeners see it. */
export interface ConsentChange {
  readonly communityId: string;
  readonly memberId: string;
  readonly purpose: ConsentPurpose;
  readonly granted: boolean;
  readonly at: Date;
}

/** Reads and changes members' consent. The ledger is append-only; the state is derived from it. */
export class ConsentService {
  readonly #consents: ConsentRepository;
  readonly #recorder: EngagementRecorder;
  readonly #listeners: ((change: ConsentChange) => Promise<void>)[] = [];

  constructor(consents: ConsentRepository, recorder: EngagementRecorder) {
    this.#consents = consents;
    this.#recorder = recorder;
  }

  /** The member's current consent for each purpose. */
  async state(memberId: string): Promise<ConsentState> {
    return deriveConsentState(memberId, await this.#consents.history(memberId));
  }

  /** The analytics grant, when active: the only way to attribute an engagement event to a member. */
  async analyticsGrant(memberId: string): Promise<ConsentGrant<"analytics"> | null> {
    return (await this.state(memberId)).analytics;
  }

  /** Who an engagement event may name: the member with an analytics grant, else nobody. */
  async subjectFor(memberId: string | null): Promise<EngagementSubject> {
    if (!memberId) return { kind: "anonymous" };
    const grant = await this.analyticsGrant(memberId);
    return grant ? { kind: "member", grant } : { kind: "anonymous" };
  }

  /**
   * Grants or withdraws one purpose; a withdrawal takes effect at once, even for events not yet written. The choice
   * is the interaction's event, a consent_change: never counted as an interaction, and naming nobody (the ledger
   * is where a member's choices are kept).
   */
  async set(input: {
    communityId: string;
    memberId: string;
    purpose: ConsentPurpose;
    granted: boolean;
    at: Date;
    interaction: Interaction;
  }): Promise<ConsentState> {
    input.interaction.record({ kind: "consent_change" });
    await this.#consents.append({
      communityId: input.communityId,
      memberId: input.memberId,
      purpose: input.purpose,
      action: input.granted ? "granted" : "withdrawn",
      noticeVersion: currentNoticeVersion,
      at: input.at,
    });
    if (!input.granted && input.purpose === "analytics") this.#recorder.forgetMember(input.memberId);
    for (const listener of this.#listeners) await listener(input);
    return this.state(input.memberId);
  }

  /**
   * Runs `listener` after each grant or withdrawal is stored, before set() returns: the privacy feature deletes
   * what a withdrawn consent covered (a contact address, private message references) at once.
   */
  onChange(listener: (change: ConsentChange) => Promise<void>): void {
    this.#listeners.push(listener);
  }
}
