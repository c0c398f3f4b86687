import type { ConsentPurpose } from "../src/core/domain/consent.ts";
import type { Translator } from "../src/core/i18n/translator.ts";
import { type DemoMember, joinCommunity, privacyButton, type Town, translateFor } from "./cast.ts";
import { type DemoPerson, inBatches, type Seen } from "./people.ts";
import type { Random } from "./random.ts";
import type { Tally } from "./tally.ts";

/**
 * Interactions in flight at once per community. Discord handles a server's interactions side by side; the
 * Telegram adapter handles a group's updates one after the other (grammY's sequentialize), so more at once there
 * would only queue. Communities run side by side.
 */
const lanes = { discord: 8, telegram: 6 } as const;

/** Runs `work` for each item, the items of each community with that community's lanes, all communities at once. */
async function perTown<T extends { town: Town }>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const towns = [...new Set(items.map((item) => item.town))];
  await Promise.all(
    towns.map((town) =>
      inBatches(
        items.filter((item) => item.town === town),
        lanes[town.handle.platform],
        work,
      ),
    ),
  );
}

/** A signed offer code as members see it: 32 groups of four Crockford base32 characters. */
const signedCode = /(?:[0-9A-HJKMNP-TV-Z]{4}-){31}[0-9A-HJKMNP-TV-Z]{4}/;

/** What every act needs. */
export interface Cast {
  readonly translator: Translator;
  readonly random: Random;
  readonly tally: Tally;
  /** Called after each interaction (for the progress bar). */
  readonly onInteraction: () => void;
}

/** Counts interactions that went through the platforms (for the summary and the progress bar). */
export function count(cast: Cast, n = 1): void {
  cast.tally.interactions += n;
  for (let i = 0; i < n; i++) cast.onInteraction();
}

/** The members who are in the community now and have not erased themselves. */
export function present(town: Town): (DemoMember & { person: DemoPerson })[] {
  return town.members.filter((m): m is DemoMember & { person: DemoPerson } => m.person !== null && !m.erased);
}

/** Members due to join by `week` arrive and meet the bot (privacy choices, or just /help). */
export async function membersJoin(cast: Cast, towns: readonly Town[], week: number): Promise<void> {
  const arriving = towns.flatMap((town) =>
    town.members.filter((m) => m.person === null && m.persona.joinsInWeek <= week),
  );
  await perTown(arriving, async (member) => {
    const n = await joinCommunity(member, cast.translator, cast.random);
    cast.tally.joined += 1;
    cast.tally.consentsGranted += member.allows.size;
    count(cast, n);
  });
}

/** The latest post of the community that satisfies `check`; the demo stops if the bot never posted it. */
export async function awaitPost(town: Town, check: (post: Seen) => boolean, what: string): Promise<Seen> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const post = town.handle.posts().reverse().find(check);
    if (post) return post;
    if (Date.now() > deadline) throw new Error(`${town.plan.title}: the bot never posted ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Whether a member takes part in a campaign: their eagerness times the week's interest makes how likely. Most
 * weeks their routine decides (the same members take part week after week, as in real communities), now and
 * then a whim; either way the chance is exactly that likelihood, so a dip in interest moves every community's
 * participation by the same share, give or take a few members.
 */
function takesPart(cast: Cast, member: DemoMember, interest: number): boolean {
  const likely = Math.min(0.97, member.persona.eagerness * interest * 0.9);
  const draw = cast.random.chance(0.15) ? cast.random.next() : member.persona.routine;
  return draw < likely;
}

/** The week's votes: each present member votes on each poll as `takesPart` decides, with the week's interest. */
export async function voteWave(
  cast: Cast,
  polls: readonly { town: Town; post: Seen; options: readonly string[] }[],
  interestOf: (town: Town) => number,
): Promise<void> {
  const ballots: { town: Town; member: DemoMember & { person: DemoPerson }; post: Seen; option: string }[] = [];
  for (const poll of polls) {
    const interest = interestOf(poll.town);
    for (const member of present(poll.town)) {
      if (!takesPart(cast, member, interest)) continue;
      // Tastes lean to the first options, as real ones do.
      const option = poll.options[Math.floor(cast.random.next() ** 1.6 * poll.options.length)] as string;
      ballots.push({ town: poll.town, member, post: poll.post, option });
    }
  }
  await perTown(cast.random.sample(ballots, ballots.length), async ({ member, post, option }) => {
    await member.person.press(post, option);
    cast.tally.votes += 1;
    count(cast);
  });
}

/** A moderator posts an offer; members claim it as they would vote; returns the codes they received. */
export async function runOffer(
  cast: Cast,
  town: Town,
  offer: { title: string; description: string; quantity: number; ends: string; terms: string },
  interest: number,
): Promise<string[]> {
  await town.handle.moderator.command("offer", offer, "create");
  count(cast);
  cast.tally.offers += 1;
  const claimLabel = cast.translator.for(town.community.locale)("offers.claimButton");
  const post = await awaitPost(town, (p) => p.buttons.includes(claimLabel), `the offer "${offer.title}"`);
  const claimers = present(town).filter((m) => takesPart(cast, m, interest));
  const codes: string[] = [];
  await perTown(claimers, async (member) => {
    const answer = await member.person.press(post, claimLabel);
    count(cast);
    const code = signedCode.exec(answer.text)?.[0];
    if (code) {
      codes.push(code);
      cast.tally.claims += 1;
    }
  });
  return codes;
}

/** Members withdraw a consent they gave, from their /privacy panel. */
export async function withdrawConsent(
  cast: Cast,
  towns: readonly Town[],
  purpose: ConsentPurpose,
  howMany: number,
): Promise<void> {
  const holders = towns.flatMap((town) => present(town).filter((m) => m.allows.has(purpose)));
  await perTown(cast.random.sample(holders, howMany), async (member) => {
    const t = translateFor(cast.translator, member.persona.locale);
    const panel = await member.person.command("privacy");
    await member.person.press(panel, privacyButton(t, purpose, false));
    member.allows.delete(purpose);
    cast.tally.consentsWithdrawn += 1;
    count(cast, 2);
  });
}

/** A member asks for their data to be erased and confirms. */
export async function eraseOne(cast: Cast, town: Town): Promise<void> {
  const member = cast.random.pick(present(town).filter((m) => m.allows.has("analytics")));
  if (!member) return;
  const t = translateFor(cast.translator, member.persona.locale);
  const asked = await member.person.command("mydata", {}, "erase");
  await member.person.press(asked, t("privacy.mydata.eraseButton"));
  member.erased = true;
  member.allows.clear();
  cast.tally.erasures += 1;
  count(cast, 2);
}

/** Questions members ask in a Q&A session. */
const questions = {
  en: [
    "Will the winter menu bring back the spiced blend?",
    "Can we buy the beans you use for the house espresso?",
    "Do you plan a loyalty card for the regulars?",
    "Is there an oat milk option without extra charge?",
    "Could you host a latte art evening this month?",
    "Where do the single-origin beans come from this season?",
  ],
  it: [
    "Tornerà il gusto cioccolato fondente quest'inverno?",
    "Fate torte gelato su ordinazione per i compleanni?",
    "Avete gusti senza lattosio tutto l'anno?",
    "Il laboratorio resta aperto anche a novembre?",
    "Si può visitare il laboratorio con i bambini?",
    "Quando arriva il panettone gelato?",
  ],
} as const;

/**
 * A Q&A session: the moderator opens it, members ask, others upvote the questions on the board, the moderator
 * answers the top ones. The session closes at its end time, when the scheduler fires.
 */
export async function runQa(cast: Cast, town: Town, topic: string): Promise<void> {
  await town.handle.moderator.command("qa", { topic, ends: "2h" }, "open");
  count(cast);
  const askers = cast.random.sample(present(town), 6);
  const asked = questions[town.community.locale];
  await inBatches(askers, 3, async (member, index) => {
    await member.person.command("ask", { question: asked[index % asked.length] as string });
    cast.tally.questions += 1;
    count(cast);
  });
  // The board is edited at most every few seconds: wait until it offers the upvote buttons.
  const board = await awaitPost(
    town,
    (p) => p.buttons.filter((b) => b.startsWith("▲")).length >= Math.min(5, askers.length),
    "the Q&A board with its questions",
  );
  const upvoters = present(town).filter((m) => !askers.includes(m) && cast.random.chance(m.persona.eagerness * 0.6));
  const upvotable = board.buttons.filter((b) => b.startsWith("▲"));
  await perTown(upvoters, async (member) => {
    // The first questions on the board collect most upvotes.
    const label = upvotable[Math.floor(cast.random.next() ** 2 * upvotable.length)] as string;
    await member.person.press(board, label);
    cast.tally.upvotes += 1;
    count(cast);
  });
  for (const number of [1, 2, 3]) {
    await town.handle.moderator.command("answer", {
      number,
      text: answers[town.community.locale][number - 1] as string,
    });
    cast.tally.answers += 1;
    count(cast);
  }
}

const answers = {
  en: ["Yes, from the first week of December.", "Yes: ask at the counter, 250 g bags.", "We are working on it!"],
  it: ["Sì, da dicembre!", "Certo, con tre giorni di anticipo.", "Sì, abbiamo sempre due gusti senza lattosio."],
} as const;
