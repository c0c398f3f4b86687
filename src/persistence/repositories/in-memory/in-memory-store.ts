import type { Brand, Community } from "../../../core/domain/community.ts";
import type { ConsentPurpose } from "../../../core/domain/consent.ts";
import type { Member } from "../../../core/domain/member.ts";
import type { Platform } from "../../../core/domain/platform.ts";

/** A consent ledger row as the database keeps it: a tombstone has no member and no purpose. */
export interface StoredConsent {
  readonly id: number;
  readonly communityId: string;
  memberId: string | null;
  readonly purpose: ConsentPurpose | null;
  readonly action: "granted" | "withdrawn" | "erased";
  readonly noticeVersion: string;
  readonly at: Date;
}

/** An EngagementEvent row. */
export interface StoredEvent {
  readonly id: number;
  readonly communityId: string;
  readonly campaignId: string | null;
  readonly kind: string;
  readonly at: Date;
  memberId: string | null;
  readonly dedupeKey: string | null;
}

/** A DailyRollup row. */
export interface StoredDailyRollup {
  readonly communityId: string;
  readonly day: string;
  readonly kind: string;
  count: number;
  anonymousCount: number;
  distinctMembers: number;
}

/** An HourlyRollup row. */
export interface StoredHourlyRollup {
  readonly communityId: string;
  readonly hour: Date;
  readonly kind: string;
  count: number;
}

/** A MemberActivityDay row. */
export interface StoredMemberActivity {
  readonly communityId: string;
  readonly memberId: string;
  readonly day: string;
  readonly kind: string;
  count: number;
}

/** The key of a row in a composite-key map. NUL cannot occur in the parts (PostgreSQL text refuses it). */
export function rowKey(...parts: readonly (string | number)[]): string {
  return parts.join("\u0000");
}

/**
 * The tables behind the in-memory repositories, shared by all of them so that the schema's relations hold:
 * foreign keys are checked on write, and deleting a member cascades or unlinks exactly as the schema's
 * onDelete rules do. Tests may read the tables directly (they are what the database would hold).
 */
export class InMemoryStore {
  readonly brands = new Map<string, Brand>();
  readonly communities = new Map<string, Community>();
  readonly members = new Map<string, Member>();
  readonly consents: StoredConsent[] = [];
  readonly events: StoredEvent[] = [];
  readonly dedupeKeys = new Set<string>();
  readonly dailyRollups = new Map<string, StoredDailyRollup>();
  readonly hourlyRollups = new Map<string, StoredHourlyRollup>();
  readonly memberActivity = new Map<string, StoredMemberActivity>();
  readonly processedUpdates = new Map<string, { platform: Platform; updateId: string; at: Date }>();
  readonly settings = new Map<string, string>();
  #lastConsentId = 0;
  #lastEventId = 0;

  nextConsentId(): number {
    this.#lastConsentId += 1;
    return this.#lastConsentId;
  }

  nextEventId(): number {
    this.#lastEventId += 1;
    return this.#lastEventId;
  }

  /** Throws as a foreign-key violation would when the community does not exist. */
  requireCommunity(communityId: string): void {
    if (!this.communities.has(communityId)) {
      throw new Error(`foreign key violation: community ${communityId} does not exist`);
    }
  }

  /** Throws as a foreign-key violation would when the member does not exist. */
  requireMember(memberId: string): void {
    if (!this.members.has(memberId)) throw new Error(`foreign key violation: member ${memberId} does not exist`);
  }

  /** Deletes a member as the schema does: activity rows cascade, events and consent rows lose the reference. */
  deleteMember(memberId: string): void {
    if (!this.members.delete(memberId)) return;
    for (const [key, row] of this.memberActivity) if (row.memberId === memberId) this.memberActivity.delete(key);
    for (const event of this.events) if (event.memberId === memberId) event.memberId = null;
    for (const consent of this.consents) if (consent.memberId === memberId) consent.memberId = null;
  }
}
