import type { Community } from "../src/core/domain/community.ts";
import type { ConsentPurpose } from "../src/core/domain/consent.ts";
import type { Locale } from "../src/core/domain/platform.ts";
import type { Translate, Translator } from "../src/core/i18n/translator.ts";
import { assignToBrand, type BrandPlan, brandPlans, type CommunityPlan } from "./brands.ts";
import { DiscordCommunity } from "./discord-side.ts";
import type { DemoCommunity, DemoPerson, Seen } from "./people.ts";
import { makePersonas, type Persona } from "./population.ts";
import type { Random } from "./random.ts";
import type { Stage } from "./stage.ts";
import { TelegramCommunity } from "./telegram-side.ts";

/** A simulated member: who they are, and what the demo knows they have done. */
export interface DemoMember {
  readonly persona: Persona;
  readonly town: Town;
  /** Their handle on the platform once they joined. */
  person: DemoPerson | null;
  /** The purposes they currently allow. */
  readonly allows: Set<ConsentPurpose>;
  erased: boolean;
}

/** A community in the story: its plan, its brand, its handle on the platform and its members. */
export interface Town {
  readonly plan: CommunityPlan;
  readonly brand: BrandPlan;
  readonly handle: DemoCommunity;
  /** Circolo's community, as stored. */
  readonly community: Community;
  readonly members: DemoMember[];
}

/** Sentences in the language a person's app reports. */
export function translateFor(translator: Translator, locale: string): Translate {
  const language: Locale = locale.startsWith("it") ? "it" : "en";
  return translator.for(language);
}

/** The label of the privacy panel's button that allows (or stops) a purpose, in the member's language. */
export function privacyButton(t: Translate, purpose: ConsentPurpose, allow: boolean): string {
  const short = t(`privacy.purposeShort.${purpose}`);
  return allow ? t("privacy.grant", { purpose: short }) : t("privacy.withdraw", { purpose: short });
}

async function waitForCommunity(stage: Stage, handle: DemoCommunity): Promise<Community> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = await stage.app.database.repositories.communities.findByPlatformId(
      handle.platform,
      handle.platformId,
    );
    if (found?.active) return found;
    if (Date.now() > deadline) throw new Error(`the bot never joined ${handle.title}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Builds the world: each brand's Discord server and Telegram group on the emulators, the bot invited, the second
 * brand's communities moved to it as an operator does, and the members who will join (not yet joined).
 */
export async function buildCast(input: {
  stage: Stage;
  random: Random;
  scale: number;
  weeks: number;
}): Promise<Town[]> {
  const { stage } = input;
  const towns: Town[] = [];
  for (const brand of brandPlans) {
    const created = brand.communities.map((plan) => ({
      plan,
      ...(plan.platform === "discord"
        ? DiscordCommunity.create(stage.discord, plan.title)
        : TelegramCommunity.create(stage.telegram, plan.title)),
    }));
    for (const { invite } of created) invite();
    for (const { plan, community: handle } of created) {
      const joined = await waitForCommunity(stage, handle);
      // The operator's step, as `circolo brand create` and `circolo community set` do it.
      const community = brand.id === "default" ? joined : await assignToBrand(stage, brand, joined);
      const town: Town = { plan, brand, handle, community, members: [] };
      const personas = makePersonas({
        random: input.random,
        count: Math.max(6, Math.round(plan.members * input.scale)),
        italianShare: brand.italianShare,
        weeks: input.weeks,
      });
      for (const persona of personas)
        town.members.push({ persona, town, person: null, allows: new Set(), erased: false });
      towns.push(town);
    }
  }
  return towns;
}

/**
 * A member joins and meets the bot. Most start with /help, whose private answer carries the one-time question
 * "may Circolo keep anything about you?": one who ignores privacy ignores it, one who declines says "No, thanks",
 * one who chooses presses the purposes they allow. Some open the /privacy panel instead and choose there.
 * Returns the number of interactions.
 */
export async function joinCommunity(member: DemoMember, translator: Translator, random: Random): Promise<number> {
  const { persona, town } = member;
  const person = town.handle.join(persona.locale);
  member.person = person;
  const t = translateFor(translator, persona.locale);
  if (persona.habit !== "ignores" && random.chance(0.35)) {
    let panel: Seen = await person.command("privacy");
    for (const purpose of persona.grants) {
      panel = await person.press(panel, privacyButton(t, purpose, true));
      member.allows.add(purpose);
    }
    return 1 + persona.grants.length;
  }
  const help = await person.command("help");
  if (persona.habit === "ignores") return 1;
  if (persona.habit === "declines") {
    await person.press(help, t("privacy.ask.noThanks"));
    return 2;
  }
  for (const purpose of persona.grants) {
    await person.press(help, privacyButton(t, purpose, true));
    member.allows.add(purpose);
  }
  return 1 + persona.grants.length;
}
