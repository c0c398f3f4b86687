// The oracle: every digest figure recomputed from the raw synthetic log by the words of its definition
// (src/core/digest/metric-definitions.ts), the slow obvious way, sharing no code with the digest. Which event
// kinds a figure counts is read from its definition's `kinds`, as data.
import { type MetricName, metricDefinitions } from "../../../../src/core/digest/metric-definitions.ts";
import type { ConsentPurpose } from "../../../../src/core/domain/consent.ts";
import type { SyntheticLog } from "./synthetic.ts";

/** Whether the figure's definition counts events of this kind. */
function counts(figure: MetricName, kind: string): boolean {
  return (metricDefinitions[figure].kinds as readonly string[]).includes(kind);
}

/** What the oracle expects of one figure: its value when shown, or that it is withheld / unavailable. */
export interface Expected {
  readonly value: number | null;
  readonly status: "shown" | "withheld" | "unavailable";
}

const DAY = 86_400_000;
const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Each log's consent changes per member and purpose, so the questions below stay cheap. */
const changesOf = new WeakMap<SyntheticLog, Map<string, SyntheticLog["consents"][number][]>>();

function changes(log: SyntheticLog, memberId: string, purpose: ConsentPurpose): SyntheticLog["consents"][number][] {
  let byMember = changesOf.get(log);
  if (!byMember) {
    byMember = new Map();
    for (const c of log.consents) {
      const key = `${c.memberId} ${c.purpose}`;
      byMember.set(key, [...(byMember.get(key) ?? []), c]);
    }
    changesOf.set(log, byMember);
  }
  return byMember.get(`${memberId} ${purpose}`) ?? [];
}

/** Whether the member's latest analytics choice before `at` is a grant. */
export function attributedAt(log: SyntheticLog, memberId: string, at: Date): boolean {
  return latestChoice(log, memberId, "analytics", at) === true;
}

function latestChoice(log: SyntheticLog, memberId: string, purpose: ConsentPurpose, before: Date): boolean | null {
  let latest: { at: number; granted: boolean } | null = null;
  for (const c of changes(log, memberId, purpose)) {
    if (c.at.getTime() >= before.getTime()) continue;
    if (!latest || c.at.getTime() >= latest.at) latest = { at: c.at.getTime(), granted: c.granted };
  }
  return latest?.granted ?? null;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let found = formats.get(key);
  if (!found) {
    found = make();
    formats.set(key, found);
  }
  return found;
}

/** The calendar day of an instant in a time zone, read straight from Intl. */
function dayIn(at: Date, timeZone: string): string {
  return format(
    `day ${timeZone}`,
    () => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }),
  ).format(at);
}

function hourIn(at: Date, timeZone: string): number {
  return (
    Number(
      format(
        `hour ${timeZone}`,
        () => new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }),
      ).format(at),
    ) % 24
  );
}

/** The ISO-like label the digest gives a week starting on a Monday. */
function isoLabel(monday: string): string {
  const thursday = new Date(Date.parse(`${monday}T00:00:00Z`) + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/**
 * The expected figures of the week starting on `weekStart` (a Monday), keyed "metric" or "metric|key".
 * `weekEnd` is the first instant after the week in the community's time zone (local midnight).
 */
export function oracle(
  log: SyntheticLog,
  weekStart: string,
  weekEnd: Date,
  options: { offerAndQaTables: boolean },
): Map<string, Expected> {
  const { timeZone: tz, k } = log;
  const out = new Map<string, Expected>();
  const visible = (n: number) => n === 0 || n >= k;
  const count = (name: string, n: number) =>
    out.set(name, visible(n) ? { value: n, status: "shown" } : { value: null, status: "withheld" });
  const share = (name: string, part: number, whole: number) => {
    if (whole === 0) out.set(name, { value: null, status: "unavailable" });
    else if (whole >= k && visible(part) && visible(whole - part))
      out.set(name, { value: part / whole, status: "shown" });
    else out.set(name, { value: null, status: "withheld" });
  };
  const weekOf = (at: Date) =>
    Math.floor((Date.parse(`${dayIn(at, tz)}T00:00:00Z`) - Date.parse(`${weekStart}T00:00:00Z`)) / (7 * DAY));

  const membersAtEnd = log.members.filter((m) => m.joinedAt < weekEnd);
  if (membersAtEnd.length < k) return out;

  // Interactions and the anonymous share: every interaction (not a consent choice), consenting or not.
  const weekEvents = log.events.filter((e) => counts("interactions", e.kind) && weekOf(e.at) === 0);
  count("interactions", weekEvents.length);
  share("anonymous_share", weekEvents.filter((e) => !attributedAt(log, e.memberId, e.at)).length, weekEvents.length);

  // Who was active when: consenting members only, by the kinds that make someone active.
  const activeIn = (week: number) =>
    new Set(
      log.events
        .filter(
          (e) => counts("active_members_7d", e.kind) && weekOf(e.at) === week && attributedAt(log, e.memberId, e.at),
        )
        .map((e) => e.memberId),
    );
  const a0 = activeIn(0);
  const last28 = new Set([0, -1, -2, -3].flatMap((w) => [...activeIn(w)]));
  const before = new Set([-1, -2, -3, -4].flatMap((w) => [...activeIn(w)]));
  count("active_members_7d", a0.size);
  count("active_members_28d", last28.size);
  const memberDays = new Set(
    log.events
      .filter(
        (e) =>
          counts("stickiness", e.kind) &&
          weekOf(e.at) >= -3 &&
          weekOf(e.at) <= 0 &&
          attributedAt(log, e.memberId, e.at),
      )
      .map((e) => `${e.memberId} ${dayIn(e.at, tz)}`),
  ).size;
  if (last28.size === 0) out.set("stickiness", { value: null, status: "unavailable" });
  else if (!visible(last28.size)) out.set("stickiness", { value: null, status: "withheld" });
  else out.set("stickiness", { value: memberDays / 28 / last28.size, status: "shown" });
  count("members_new", log.members.filter((m) => weekOf(m.joinedAt) === 0).length);
  count("members_returning", [...a0].filter((m) => before.has(m)).length);
  count("members_lapsed", [...before].filter((m) => !a0.has(m)).length);

  for (let c = -6; c <= -1; c++) {
    const monday = new Date(Date.parse(`${weekStart}T00:00:00Z`) + c * 7 * DAY).toISOString().slice(0, 10);
    const label = isoLabel(monday);
    const activeThen = activeIn(c);
    const cohort = log.members.filter((m) => weekOf(m.joinedAt) === c && activeThen.has(m.id)).map((m) => m.id);
    count(`cohort_size|${label}`, cohort.length);
    for (let later = c + 1; later <= 0; later++) {
      const activeLater = activeIn(later);
      share(`cohort_retention|${label}+${later - c}`, cohort.filter((m) => activeLater.has(m)).length, cohort.length);
    }
  }

  // Participation: the polls sent during the week, responders over reach.
  const polls = log.polls.filter((p) => weekOf(p.sentAt) === 0);
  const voters = polls.reduce((n, p) => n + new Set(p.votes.map((v) => v.memberId)).size, 0);
  const reach = polls.reduce((n, p) => n + p.reach, 0);
  share("participation_rate", voters, reach);
  share("participation_by_kind|poll", voters, reach);
  if (polls.length === 0) out.set("participation_by_kind|poll", { value: null, status: "unavailable" });
  out.set("participation_by_kind|offer", { value: null, status: "unavailable" });
  out.set("participation_by_kind|qa", { value: null, status: "unavailable" });
  out.set("polls_sent", { value: polls.length, status: "shown" });
  count("poll_votes", voters);
  share("poll_participation", voters, reach);

  // Offers and Q&A: from their tables where they exist (the synthetic log has no offers and no Q&A sessions,
  // so nothing), else from the event kinds.
  const ofKinds = (figure: MetricName) => weekEvents.filter((e) => counts(figure, e.kind)).length;
  const tables = options.offerAndQaTables;
  const claims = tables ? 0 : ofKinds("offer_claims");
  const redemptions = tables ? 0 : ofKinds("offer_redemptions");
  count("offer_claims", claims);
  count("offer_redemptions", redemptions);
  if (claims === 0) out.set("offer_conversion", { value: null, status: "unavailable" });
  else if (!visible(claims) || !visible(redemptions)) out.set("offer_conversion", { value: null, status: "withheld" });
  else out.set("offer_conversion", { value: redemptions / claims, status: "shown" });
  out.set("offer_median_hours_to_redeem", { value: null, status: "unavailable" });
  count("qa_questions", tables ? 0 : ofKinds("qa_questions"));
  out.set("qa_answered_share", { value: null, status: "unavailable" });
  out.set("qa_median_hours_to_first_answer", { value: null, status: "unavailable" });

  // Consent at the end of the week.
  count("members_total", membersAtEnd.length);
  for (const purpose of ["analytics", "personalization", "direct_messages"] as const) {
    const granted = membersAtEnd.filter((m) => latestChoice(log, m.id, purpose, weekEnd) === true).length;
    share(`consent_rate|${purpose}`, granted, membersAtEnd.length);
  }

  // Interactions by local weekday and hour.
  const slots = new Map<string, number>();
  for (const e of log.events.filter((e) => counts("engagement_by_hour", e.kind) && weekOf(e.at) === 0)) {
    const weekday = (new Date(`${dayIn(e.at, tz)}T00:00:00Z`).getUTCDay() + 6) % 7;
    const key = `${weekdays[weekday]}-${String(hourIn(e.at, tz)).padStart(2, "0")}`;
    slots.set(key, (slots.get(key) ?? 0) + 1);
  }
  for (const day of weekdays) {
    for (let hour = 0; hour < 24; hour++) {
      const key = `${day}-${String(hour).padStart(2, "0")}`;
      count(`engagement_by_hour|${key}`, slots.get(key) ?? 0);
    }
  }
  return out;
}

/**
 * The weekly counts and rates the headline compares, index 0 the reported week, then 1 … 11 weeks before, and
 * per week whether the community existed for all of it (someone was first seen in an earlier week) and whether
 * a poll was sent in it.
 */
export function oracleWeeks(log: SyntheticLog, weekStart: string) {
  const tz = log.timeZone;
  const weekOf = (at: Date) =>
    Math.floor((Date.parse(`${dayIn(at, tz)}T00:00:00Z`) - Date.parse(`${weekStart}T00:00:00Z`)) / (7 * DAY));
  const weeks = Array.from({ length: 12 }, (_, i) => -i);
  const firstWeek = Math.min(...log.members.map((m) => weekOf(m.joinedAt)));
  return {
    existed: weeks.map((w) => firstWeek < w),
    campaign: weeks.map((w) => log.polls.some((p) => weekOf(p.sentAt) === w)),
    active: weeks.map(
      (w) =>
        new Set(
          log.events
            .filter(
              (e) => counts("active_members_7d", e.kind) && weekOf(e.at) === w && attributedAt(log, e.memberId, e.at),
            )
            .map((e) => e.memberId),
        ).size,
    ),
    joined: weeks.map((w) => log.members.filter((m) => weekOf(m.joinedAt) === w).length),
    participation: weeks.map((w) => {
      const polls = log.polls.filter((p) => weekOf(p.sentAt) === w);
      return {
        responders: polls.reduce((n, p) => n + new Set(p.votes.map((v) => v.memberId)).size, 0),
        reach: polls.reduce((n, p) => n + p.reach, 0),
      };
    }),
  };
}

/**
 * The week the digest's charts start at, by the words of chart-series.ts: the community's first full week
 * (its first event's week when that event fell on the Monday, else the week after), or the oldest of the twelve
 * weeks charted when the community is older (or started in that oldest week), or the reported week itself.
 */
export function oracleFirstChartWeek(log: SyntheticLog, weekStart: string): string {
  const first = Math.min(...log.events.map((e) => e.at.getTime()), ...log.polls.map((p) => p.sentAt.getTime()));
  const firstDay = dayIn(new Date(first), log.timeZone);
  const mondayOf = (weeksBack: number) =>
    new Date(Date.parse(`${weekStart}T00:00:00Z`) - weeksBack * 7 * DAY).toISOString().slice(0, 10);
  if (firstDay < mondayOf(10)) return isoLabel(mondayOf(11));
  for (let back = 10; back > 0; back--) {
    if (firstDay < mondayOf(back - 1))
      return isoLabel(firstDay === mondayOf(back) ? mondayOf(back) : mondayOf(back - 1));
  }
  return isoLabel(weekStart);
}
