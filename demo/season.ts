import type { Translator } from "../src/core/i18n/translator.ts";
import {
  awaitPost,
  type Cast,
  count,
  eraseOne,
  membersJoin,
  runOffer,
  runQa,
  voteWave,
  withdrawConsent,
} from "./acts.ts";
import { pollsInWeek } from "./campaign-file.ts";
import type { Town } from "./cast.ts";
import type { Seen } from "./people.ts";
import type { Shop } from "./shop.ts";
import type { Stage } from "./stage.ts";
import { interestIn, type Plot } from "./story.ts";
import { travelTo } from "./time-travel.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Steps of one simulated week, for the progress bar. */
export const STEPS_PER_WEEK = 7;

/** What the season needs. */
export interface Season {
  readonly stage: Stage;
  readonly cast: Cast;
  readonly towns: readonly Town[];
  readonly shops: ReadonlyMap<string, Shop>;
  readonly weeks: number;
  /** Monday 00:00 UTC of the first week. */
  readonly firstMonday: Date;
  readonly translator: Translator;
  /** The dips the story plants. */
  readonly plot: Plot;
  /** Reports the step being played. */
  readonly step: (label: string) => void;
}

interface OpenPoll {
  readonly town: Town;
  readonly post: Seen;
  readonly options: readonly string[];
}

/** The week (1-based) an event planned for `planned` happens in a shorter run: never after the last week. */
function weekOf(season: Season, planned: number): number {
  return Math.min(planned, season.weeks);
}

function town(season: Season, brandId: string, platform: "discord" | "telegram"): Town {
  const found = season.towns.find((t) => t.brand.id === brandId && t.handle.platform === platform);
  if (!found) throw new Error(`no ${platform} community for ${brandId}`);
  return found;
}

/**
 * One simulated week, Monday to Sunday (UTC steps; each community reads them in its own time zone):
 * Monday 09:00 the digests of the week before go out and new members arrive; Tuesday 18:00 the campaign file's
 * polls are posted, with an extra poll some weeks, and members vote as eagerly as the story's interest for that
 * brand and week has them (story.ts); Wednesday offers are claimed the same way (and redeemed at
 * the shop on Friday and Saturday), and at 18:00 last week's polls close and post their results; one week members
 * withdraw a consent, another one erases their data, another a Q&A session runs.
 *
 * Telegram allows a bot 20 messages a minute in a group (the adapter's throttler keeps to it), so with eight
 * weeks played in two minutes the groups get a campaign poll every third week (see campaign-file.ts) and
 * nothing else in the group; extra polls, offers and the Q&A session run on Discord, and Telegram moderators
 * receive the digest privately instead of in the group.
 */
export async function playWeek(season: Season, week: number): Promise<void> {
  const { stage, cast, towns } = season;
  const monday = new Date(season.firstMonday.getTime() + (week - 1) * 7 * DAY);
  const at = (day: number, hour: number, minute = 0) =>
    new Date(monday.getTime() + day * DAY + hour * HOUR + minute * 60_000);

  season.step(`week ${week}: Monday digests, new members`);
  await travelTo(stage, at(0, 10));
  await membersJoin(cast, towns, week);

  season.step(`week ${week}: campaign polls posted`);
  await travelTo(stage, at(1, 18, 30));
  const polls: OpenPoll[] = [];
  for (const t of towns.filter((t) => pollsInWeek(t, week, season.weeks))) {
    const { options, question } = t.plan.weeklyPoll;
    const post = await awaitPost(
      t,
      (p) => p.text.includes(question) && p.buttons.includes(options[0] as string),
      "the weekly poll",
    );
    polls.push({ town: t, post, options });
    cast.tally.pollsPosted += 1;
  }
  const extra = extraPolls.find((p) => weekOf(season, p.week) === week);
  if (extra) {
    const t = town(season, extra.brandId, extra.platform);
    const [option1, option2, option3] = extra.options as [string, string, string];
    await t.handle.moderator.command("poll", { question: extra.question, option1, option2, option3, closes: "8d" });
    count(cast);
    cast.tally.pollsPosted += 1;
    const post = await awaitPost(
      t,
      (p) => p.text.includes(extra.question) && p.buttons.includes(option1),
      "the extra poll",
    );
    polls.push({ town: t, post, options: extra.options });
  }

  season.step(`week ${week}: votes`);
  await travelTo(stage, at(1, 20));
  await voteWave(cast, polls, (t) => interestIn(season.plot, t.brand, week));

  season.step(`week ${week}: offers and privacy choices`);
  await travelTo(stage, at(2, 11));
  const codes: { brandId: string; code: string }[] = [];
  for (const offer of offers.filter((o) => weekOf(season, o.week) === week)) {
    const t = town(season, offer.brandId, offer.platform);
    const interest = interestIn(season.plot, t.brand, week);
    for (const code of await runOffer(cast, t, offer.offer, interest)) codes.push({ brandId: offer.brandId, code });
  }
  // Last week's polls close on Wednesday at 18:00 (the campaign file's "closes: 8d") and post their results.
  await travelTo(stage, at(2, 18, 30));
  if (week === weekOf(season, 4))
    await withdrawConsent(cast, towns, "analytics", Math.max(2, Math.round(towns.length * 2.5)));
  if (week === weekOf(season, 6)) await eraseOne(cast, town(season, "default", "telegram"));

  season.step(`week ${week}: Q&A`);
  if (week === weekOf(season, 5)) {
    await travelTo(stage, at(2, 19));
    await runQa(cast, town(season, "gelateria-aurora", "discord"), "Gusti d'inverno");
    // The session ends two hours after it opened: the scheduler closes it and posts the summary.
    await travelTo(stage, at(2, 21, 5));
  }

  season.step(`week ${week}: the shops redeem codes`);
  await redeem(season, codes, at(4, 16), 0.45);
  await redeem(season, codes, at(5, 11), 0.35);

  season.step(`week ${week}: weekend`);
  await travelTo(stage, at(6, 23, 59));
}

/** A share of the week's codes is shown at the shop counter at `when`; each code is redeemed at most once. */
async function redeem(season: Season, codes: { brandId: string; code: string }[], when: Date, share: number) {
  await travelTo(season.stage, when);
  const showing = season.cast.random.sample(codes, Math.round(codes.length * share));
  for (const item of showing) {
    codes.splice(codes.indexOf(item), 1);
    const shop = season.shops.get(item.brandId);
    if (shop && (await shop.redeem(item.code))) season.cast.tally.redemptions += 1;
  }
}

/** Moderators' polls beside the campaign file's weekly ones. */
const extraPolls = [
  {
    week: 2,
    brandId: "default",
    platform: "discord" as const,
    question: "Oat or dairy in your flat white?",
    options: ["Oat", "Dairy", "Whatever is fresh"],
  },
  {
    week: 7,
    brandId: "gelateria-aurora",
    platform: "discord" as const,
    question: "Apriamo anche la domenica sera?",
    options: ["Sì", "No", "Solo d'estate"],
  },
];

/** Offers the moderators post. */
const offers = [
  {
    week: 3,
    brandId: "default",
    platform: "discord" as const,
    offer: {
      title: "Free flat white",
      description: "With any pastry, at the Northwind counter",
      quantity: 40,
      ends: "5d",
      terms: "One per visit",
    },
  },
  {
    week: 4,
    brandId: "gelateria-aurora",
    platform: "discord" as const,
    offer: {
      title: "Due coni al prezzo di uno",
      description: "Porta un amico in gelateria",
      quantity: 30,
      ends: "5d",
      terms: "Valido dal lunedì al giovedì",
    },
  },
];
