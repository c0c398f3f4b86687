/** A member of one community, known only by a keyed pseudonym. */
export interface Member {
  readonly id: string;
  readonly communityId: string;
  /** HMAC-SHA-256 of "platform:userId" under the pseudonym key; never the raw platform id. */
  readonly pseudonym: string;
  readonly joinedAt: Date;
  readonly lastSeenAt: Date | null;
  readonly roles: readonly string[];
  readonly locale: string | null;
}
