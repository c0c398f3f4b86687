import type { Poll, Tally } from "../polls/poll.ts";
import type { MessageRef } from "./chat-platform.port.ts";

/** A poll about to be stored; the repository gives it the next free number in its community. */
export type NewPoll = Omit<Poll, "number" | "state" | "closedAt">;

/** One vote to apply: a single-choice poll replaces the member's choice, a multiple-choice poll toggles it. */
export interface VoteRequest {
  readonly pollId: string;
  readonly voterKey: string;
  /** Set only on attributed polls for members with an analytics consent. */
  readonly memberId: string | null;
  readonly option: number;
  readonly mode: "single" | "toggle";
  readonly at: Date;
}

/** What a vote did. Choices are option indexes in ascending order. */
export type VoteOutcome =
  /** The poll was closed (or past its closing time) when the vote arrived: nothing was written. */
  | { readonly kind: "closed" }
  /** A single-choice vote for the option the member had already chosen: nothing was written. */
  | { readonly kind: "unchanged"; readonly choices: readonly number[] }
  | { readonly kind: "changed"; readonly before: readonly number[]; readonly after: readonly number[] };

/** What a close did. */
export type CloseOutcome =
  /** This call closed the poll; the tally is final and includes every vote that was accepted. */
  | { readonly kind: "closed"; readonly poll: Poll; readonly tally: Tally }
  | { readonly kind: "already_closed"; readonly poll: Poll; readonly tally: Tally }
  /** A "due" close before the closing time: nothing changed. */
  | { readonly kind: "not_due"; readonly poll: Poll }
  | { readonly kind: "not_found" };

/** Where a poll's messages are: the post in the channel, the results at closing, private copies. */
export interface PollMessage {
  readonly role: "channel" | "results" | "direct";
  readonly ref: MessageRef;
  readonly at: Date;
  /** For a "direct" copy, the member whose private chat it is in (the row goes with their consent and erasure). */
  readonly memberId?: string | null;
}

/**
 * Polls, their votes and their messages. A vote and a close of the same poll are serialized, so a vote
 * racing the close is either counted in the final tally or refused as closed, never half-applied.
 */
export interface PollRepository {
  /**
   * Stores a live poll under the next free number of its community, with the members an activity-based
   * segment held at sending (null: the segment is evaluated at vote time instead).
   */
  create(poll: NewPoll, audience: readonly string[] | null): Promise<Poll>;
  get(id: string): Promise<Poll | null>;
  findByNumber(communityId: string, number: number): Promise<Poll | null>;
  /** The community's polls that are still live, by number. */
  listOpen(communityId: string): Promise<Poll[]>;
  /** Deletes a poll that could not be posted, with everything attached to it (votes, messages, schedules). */
  discard(id: string): Promise<void>;
  /** Whether the member was in the audience stored at sending. */
  inAudience(pollId: string, memberId: string): Promise<boolean>;
  /** Applies a vote atomically, refusing it once the poll is closed or past its closing time. */
  castVote(vote: VoteRequest): Promise<VoteOutcome>;
  /** The options a voter has chosen, ascending. */
  choices(pollId: string, voterKey: string): Promise<number[]>;
  /**
   * Closes the poll at `at`: "due" only when its closing time has come, "now" in any case. Idempotent: a
   * second close reports already_closed with the same final tally.
   */
  close(pollId: string, at: Date, when: "due" | "now"): Promise<CloseOutcome>;
  tally(pollId: string): Promise<Tally>;
  addMessage(pollId: string, message: PollMessage): Promise<void>;
  /** The poll's messages, oldest first. */
  messages(pollId: string): Promise<PollMessage[]>;
}
