import type { Segment } from "../targeting/segment.schema.ts";

/** Whether the chat sees counts while the poll is open, or only once it has closed. */
export type ResultsVisibility = "live" | "after_close";

/**
 * `anonymous`: a vote is never attributed to anyone, even with consent; `attributed`: attributed only to
 * members with an active analytics consent.
 */
export type Anonymity = "anonymous" | "attributed";

/** A poll: a campaign of kind "poll". */
export interface Poll {
  readonly id: string;
  readonly communityId: string;
  /** What moderators call it in its community: "poll 3". */
  readonly number: number;
  readonly question: string;
  readonly options: readonly string[];
  readonly multi: boolean;
  readonly results: ResultsVisibility;
  readonly anonymity: Anonymity;
  readonly segment: Segment;
  /** The channel it was posted in. */
  readonly channelId: string;
  /** The segment's role mentioned when it was posted, if any. */
  readonly mentionRoleId: string | null;
  readonly state: "live" | "closed";
  readonly sentAt: Date;
  readonly closesAt: Date;
  readonly closedAt: Date | null;
  /** How many members the segment held when the poll was sent. */
  readonly reach: number;
}

/** The counts of a poll: per option (in option order) and distinct voters. */
export interface Tally {
  readonly counts: readonly number[];
  readonly voters: number;
}

/** An empty tally for a poll with `options` options. */
export function emptyTally(options: number): Tally {
  return { counts: Array.from({ length: options }, () => 0), voters: 0 };
}

/**
 * Each option's share of the voters, in percent. On a multiple-choice poll the shares add up to more than
 * 100: each says how many of the people who voted chose that option.
 */
export function shares(tally: Tally): number[] {
  return tally.counts.map((count) => (tally.voters === 0 ? 0 : (count / tally.voters) * 100));
}

/** Whether the chat may see the counts now. */
export function resultsVisible(poll: Pick<Poll, "results" | "state">): boolean {
  return poll.results === "live" || poll.state === "closed";
}

/** Whether a poll still takes votes at `at`. */
export function isOpen(poll: Pick<Poll, "state" | "closesAt">, at: Date): boolean {
  return poll.state === "live" && poll.closesAt.getTime() > at.getTime();
}
