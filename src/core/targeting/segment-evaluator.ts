import type { Member } from "../domain/member.ts";
import type { Segment } from "./segment.schema.ts";

const DAY_MS = 86_400_000;

/** What segment evaluation may know about one member. */
export interface MemberProfile {
  readonly member: Pick<Member, "id" | "joinedAt" | "lastSeenAt" | "roles" | "locale">;
  /** Whether the member consents to personalization now: without it, activity is never looked at. */
  readonly personalization: boolean;
}

/**
 * Whether a member belongs to a segment, judged at `reference` (the instant the campaign is sent).
 * Activity-based segments (new, active, lapsed, personalization) hold only members with a personalization
 * consent; everyone else belongs at most to `everyone`, role and language segments.
 */
export function inSegment(segment: Segment, profile: MemberProfile, reference: Date): boolean {
  const { member } = profile;
  const since = (days: number) => reference.getTime() - days * DAY_MS;
  switch (segment.kind) {
    case "everyone":
      return true;
    case "roles":
      return member.roles.some((role) => segment.roleIds.includes(role));
    case "language": {
      const base = baseLanguage(member.locale);
      return base !== null && segment.languages.includes(base);
    }
    case "personalization":
      return profile.personalization;
    case "new_members":
      // Members who joined after the campaign was sent are newer still.
      return profile.personalization && member.joinedAt.getTime() >= since(segment.days);
    case "active":
      return (
        profile.personalization && member.lastSeenAt !== null && member.lastSeenAt.getTime() >= since(segment.days)
      );
    case "lapsed":
      return (
        profile.personalization && (member.lastSeenAt === null || member.lastSeenAt.getTime() < since(segment.days))
      );
  }
}

/** "it" for "it-IT" or "IT"; null when the platform did not say. */
export function baseLanguage(tag: string | null): string | null {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return base ? base : null;
}
