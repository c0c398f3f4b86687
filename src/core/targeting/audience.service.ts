import type { ConsentPurpose } from "../domain/consent.ts";
import type { Member } from "../domain/member.ts";
import type { AudienceRepository } from "../ports/audience.repository.port.ts";
import type { ConsentRepository } from "../ports/repositories.port.ts";
import { decidedAtSending, needsPersonalization, type Segment } from "./segment.schema.ts";
import { inSegment } from "./segment-evaluator.ts";

/** Members read per page while a segment is evaluated over a whole community. */
const PAGE_SIZE = 500;

/**
 * Evaluates segments: over a whole community when a campaign is sent (its audience and reach), and for
 * one member when they answer. Consent is read from the ledger at that moment, so a withdrawn
 * personalization consent takes a member out of activity-based segments at once.
 */
export class AudienceService {
  readonly #members: AudienceRepository;
  readonly #consents: ConsentRepository;

  constructor(members: AudienceRepository, consents: ConsentRepository) {
    this.#members = members;
    this.#consents = consents;
  }

  /** Every member the segment holds at `at`, in id order. */
  async membersIn(communityId: string, segment: Segment, at: Date): Promise<Member[]> {
    const found: Member[] = [];
    let afterId: string | null = null;
    for (;;) {
      const page = await this.#members.membersPage(communityId, afterId, PAGE_SIZE);
      if (page.length === 0) return found;
      const personalized = needsPersonalization(segment)
        ? await this.consenting(
            page.map((m) => m.id),
            "personalization",
          )
        : new Set<string>();
      for (const member of page) {
        if (inSegment(segment, { member, personalization: personalized.has(member.id) }, at)) found.push(member);
      }
      afterId = page[page.length - 1]!.id;
    }
  }

  /**
   * Whether a member belongs now to the segment of a campaign sent at `sentAt`. Segments decided at sending
   * (active, lapsed) ask `sentAudience` whether the member was in the audience then; either way the member
   * must still consent to personalization when the segment needs it.
   */
  async includes(
    segment: Segment,
    member: Member,
    sentAt: Date,
    sentAudience: (memberId: string) => Promise<boolean>,
  ): Promise<boolean> {
    const personalization = needsPersonalization(segment)
      ? (await this.consenting([member.id], "personalization")).has(member.id)
      : false;
    if (decidedAtSending(segment)) return personalization && sentAudience(member.id);
    return inSegment(segment, { member, personalization }, sentAt);
  }

  /** Those of the members who consent to `purpose` now. */
  async consenting(memberIds: readonly string[], purpose: ConsentPurpose): Promise<Set<string>> {
    const latest = await this.#consents.current(memberIds, purpose);
    const granted = new Set<string>();
    for (const [memberId, entry] of latest) if (entry.action === "granted") granted.add(memberId);
    return granted;
  }
}
