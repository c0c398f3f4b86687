import type { Member } from "../domain/member.ts";

/** The members a segment is evaluated over. */
export interface AudienceRepository {
  /** A community's members in id order, after `afterId` (null: from the first), at most `limit` of them. */
  membersPage(communityId: string, afterId: string | null, limit: number): Promise<Member[]>;
}
