// Synthetic communities for the digest's oracle tests: who joined when, who consented to what and when,
// every interaction, and the polls with their voters. The log is the truth the oracle recomputes from.
import type { ConsentPurpose } from "../../../../src/core/domain/consent.ts";
import type { EngagementKind } from "../../../../src/core/domain/engagement.ts";

export interface SyntheticMember {
  readonly id: string;
  readonly joinedAt: Date;
}

export interface SyntheticConsent {
  readonly memberId: string;
  readonly purpose: ConsentPurpose;
  readonly granted: boolean;
  readonly at: Date;
}

export interface SyntheticEvent {
  /** Who did it (always known here; the database will know only consenting members). */
  readonly memberId: string;
  readonly kind: EngagementKind;
  readonly at: Date;
}

export interface SyntheticPoll {
  readonly id: string;
  readonly title: string;
  readonly sentAt: Date;
  readonly closesAt: Date;
  readonly reach: number;
  /** One vote per voter, consenting or not. */
  readonly votes: readonly { readonly memberId: string; readonly at: Date }[];
}

export interface SyntheticLog {
  readonly timeZone: string;
  readonly k: number;
  readonly members: readonly SyntheticMember[];
  readonly consents: readonly SyntheticConsent[];
  readonly events: readonly SyntheticEvent[];
  readonly polls: readonly SyntheticPoll[];
}

/** A small deterministic generator, so a failing run can be replayed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const activityKinds: readonly EngagementKind[] = [
  "command",
  "command",
  "results_view",
  "vote",
  "claim",
  "redeem",
  "ask",
  "answer",
  "upvote",
];

/** How busy each hour of a local day is in a chat: quiet at night, busiest in the evening. */
const hourWeights = [
  1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2, 2, 2, 2.2, 2.8, 2.6, 2, 2, 2.2, 2.8, 3.6, 4.2, 4.4, 3.6, 2.6, 1.6,
];
const weightTotal = hourWeights.reduce((a, b) => a + b, 0);

function hourOfDay(random: () => number): number {
  let pick = random() * weightTotal;
  for (const [hour, weight] of hourWeights.entries()) {
    pick -= weight;
    if (pick < 0) return hour;
  }
  return 23;
}

/**
 * A community over `weeks` weeks ending at `end` (an instant): `members` members joining at random times
 * (a quarter of them before the period, or the share `early`), about 70 % granting analytics soon after joining and one in ten of
 * those withdrawing it later, each active on random days at random hours with random kinds, and three polls a
 * week reaching about `reach` members of whom about `voteShare` vote. Every instant carries one extra millisecond, and
 * events follow consent changes by a second, so no event coincides with a consent change.
 */
export function syntheticCommunity(options: {
  seed: number;
  timeZone: string;
  end: Date;
  weeks: number;
  members: number;
  k?: number;
  activity?: number;
  pollsPerWeek?: number;
  /** Members each poll reaches, on average. */
  reach?: number;
  /** The share of those reached who vote, on average. */
  voteShare?: number;
  /** Polls only every this many weeks (ending with the last week); every week when absent. */
  pollEvery?: number;
  /** The share of members first seen before the period (0: the community began with it). */
  early?: number;
  /** Activity and voting in the last week, relative to the weeks before (0.8: a 20 % drop). */
  lastWeekFactor?: number;
}): SyntheticLog {
  const random = seeded(options.seed);
  const start = options.end.getTime() - options.weeks * 7 * DAY;
  const span = options.end.getTime() - start;
  const at = (ms: number) => new Date(Math.floor(ms / 1000) * 1000 + 1000 + 1);
  const members: SyntheticMember[] = [];
  const consents: SyntheticConsent[] = [];
  const events: SyntheticEvent[] = [];
  for (let i = 0; i < options.members; i++) {
    const early = random() < (options.early ?? 0.25);
    const joinedAt = at(early ? start - random() * 20 * DAY : start + random() * span);
    const id = `m${String(i).padStart(4, "0")}`;
    members.push({ id, joinedAt });
    events.push({ memberId: id, kind: "command", at: new Date(joinedAt.getTime() + 1000) });
    if (random() < 0.7) {
      const grantedAt = at(joinedAt.getTime() + 30_000 + random() * HOUR);
      consents.push({ memberId: id, purpose: "analytics", granted: true, at: grantedAt });
      events.push({ memberId: id, kind: "consent_change", at: new Date(grantedAt.getTime() + 1000) });
      if (random() < 0.1) {
        const withdrawnAt = at(grantedAt.getTime() + random() * (options.end.getTime() - grantedAt.getTime()));
        consents.push({ memberId: id, purpose: "analytics", granted: false, at: withdrawnAt });
      }
    }
    if (random() < 0.4)
      consents.push({ memberId: id, purpose: "direct_messages", granted: true, at: at(joinedAt.getTime() + 2 * HOUR) });
    if (random() < 0.2)
      consents.push({ memberId: id, purpose: "personalization", granted: true, at: at(joinedAt.getTime() + 3 * HOUR) });
    const liveliness = (options.activity ?? 0.25) * (0.3 + random() * 1.4);
    const lastWeekStart = options.end.getTime() - 7 * DAY;
    // Days start at the period's start, a local midnight, so the hour weights read as local hours.
    for (let day = start; day < options.end.getTime(); day += DAY) {
      if (day + DAY <= joinedAt.getTime()) continue;
      const factor = day >= lastWeekStart ? (options.lastWeekFactor ?? 1) : 1;
      if (random() > liveliness * factor) continue;
      const count = 1 + Math.floor(random() * 3);
      for (let j = 0; j < count; j++) {
        const when = at(day + hourOfDay(random) * HOUR + random() * HOUR);
        if (when.getTime() >= options.end.getTime() || when.getTime() <= joinedAt.getTime()) continue;
        events.push({
          memberId: id,
          kind: activityKinds[Math.floor(random() * activityKinds.length)] as EngagementKind,
          at: when,
        });
      }
    }
  }
  const polls: SyntheticPoll[] = [];
  const perWeek = options.pollsPerWeek ?? 3;
  for (let week = 0; week < options.weeks; week++) {
    if ((options.weeks - 1 - week) % (options.pollEvery ?? 1) !== 0) continue;
    for (let p = 0; p < perWeek; p++) {
      const sentAt = at(start + week * 7 * DAY + random() * 6 * DAY);
      const closesAt = new Date(sentAt.getTime() + 2 * DAY);
      const present = members.filter((m) => m.joinedAt < sentAt);
      const reached = present.filter(() => random() < (options.reach ?? 40) / Math.max(1, present.length));
      const lastWeek = week === options.weeks - 1;
      const share =
        (options.voteShare ?? 0.3) * (0.8 + random() * 0.4) * (lastWeek ? (options.lastWeekFactor ?? 1) : 1);
      const voters = reached.filter(() => random() < share);
      const reach = reached.length;
      polls.push({
        id: `poll-${week}-${p}`,
        title: `Poll ${week}.${p}`,
        sentAt,
        closesAt,
        reach,
        votes: voters.map((m) => ({ memberId: m.id, at: at(sentAt.getTime() + random() * (DAY - 5000)) })),
      });
    }
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { timeZone: options.timeZone, k: options.k ?? 5, members, consents, events, polls };
}
