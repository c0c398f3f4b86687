/** Where a direct prompt stands. */
export type PromptStatus = "sent" | "deferred" | "skipped";

/**
 * Why a prompt was deferred or skipped: restraint (quiet hours, the weekly cap), the campaign ending first
 * ("expired"), no contact address allowed ("no_contact"), the platform refusing ("blocked") or failing ("failed").
 */
export type PromptReason = "quiet_hours" | "weekly_cap" | "expired" | "no_contact" | "blocked" | "failed";

/** One direct prompt: a campaign offered privately to one member. */
export interface PromptDeliveryRecord {
  readonly id: number;
  readonly communityId: string;
  readonly campaignId: string;
  /** Null once the member was erased: the row still counts for the campaign. */
  readonly memberId: string | null;
  readonly status: PromptStatus;
  readonly reason: PromptReason | null;
  /** When it was sent, or is planned to be (deferred); when it was decided (skipped). */
  readonly deliverAt: Date;
  readonly createdAt: Date;
}

/** What a new prompt looks like before it has an id. */
export type NewPromptDelivery = Omit<PromptDeliveryRecord, "id" | "memberId"> & { readonly memberId: string };

/** How many of a campaign's prompts are in each state. */
export type PromptCounts = Readonly<Record<PromptStatus, number>>;

/** Direct prompts, for the weekly cap and the deferrals it causes. */
export interface DeliveryRepository {
  /** Records the prompt; a campaign prompts a member at most once, so a second call returns the first row. */
  create(input: NewPromptDelivery): Promise<{ readonly record: PromptDeliveryRecord; readonly created: boolean }>;
  get(id: number): Promise<PromptDeliveryRecord | null>;
  /**
   * Moves a deferred prompt to its next state; false, with nothing written, when it is no longer deferred
   * (another run got there first), so a deferred prompt is sent at most once.
   */
  settleDeferred(
    id: number,
    next: { status: PromptStatus; reason: PromptReason | null; deliverAt: Date },
  ): Promise<boolean>;
  /** Sets the outcome of a prompt that was being sent (sent, or skipped when the platform refused). */
  update(id: number, next: { status: PromptStatus; reason: PromptReason | null; deliverAt: Date }): Promise<void>;
  /** The member's prompts sent or deferred with deliverAt in [from, to), leaving out `exceptId`. */
  countPlanned(memberId: string, from: Date, to: Date, exceptId?: number): Promise<number>;
  /** The campaign's prompts by status. */
  counts(campaignId: string): Promise<PromptCounts>;
}
