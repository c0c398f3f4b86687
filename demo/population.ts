import type { ConsentPurpose } from "../src/core/domain/consent.ts";
import type { Random } from "./random.ts";

/** How a member answers the privacy question: never opens it, opens it and allows nothing, or chooses. */
export type PrivacyHabit = "ignores" | "declines" | "chooses";

/** One simulated person: their language, what they allow, and how eager they are to take part. */
export interface Persona {
  /** What their app reports: "en-GB", "en-US" or "it". */
  readonly locale: string;
  readonly habit: PrivacyHabit;
  /** The purposes they allow when they choose (empty otherwise). */
  readonly grants: readonly ConsentPurpose[];
  /** Chance of voting on a given week's poll at the brand's usual level, 0..1. */
  readonly eagerness: number;
  /**
   * Their habit, 0..1: a member takes part in a week when it is below their eagerness times the week's interest
   * (see takesPart in acts.ts), so a week's participation moves with interest more than by chance.
   */
  readonly routine: number;
  /** The week (1-based) they join the community; 0: before the first week. */
  readonly joinsInWeek: number;
}

/**
 * A realistic mix of consent choices: about one in six never answers (no consent at all), about one in seven
 * opens /privacy and allows nothing; of those who choose, most allow analytics (about 60 % of everyone), fewer
 * personalization, fewer still direct messages. Nothing is granted by default: the product records engagement
 * per member only where consent exists, and only anonymous counters move for the rest.
 */
export function makePersonas(input: {
  random: Random;
  count: number;
  /** Share of members whose app is in Italian. */
  italianShare: number;
  /** The number of simulated weeks (late joiners arrive during weeks 2..weeks-1). */
  weeks: number;
}): Persona[] {
  const { random } = input;
  return Array.from({ length: input.count }, (): Persona => {
    const roll = random.next();
    const habit: PrivacyHabit = roll < 0.16 ? "ignores" : roll < 0.3 ? "declines" : "chooses";
    const grants: ConsentPurpose[] = [];
    if (habit === "chooses") {
      if (random.chance(0.86)) grants.push("analytics");
      if (random.chance(0.4)) grants.push("personalization");
      if (random.chance(0.28)) grants.push("direct_messages");
    }
    const late = input.weeks >= 3 && random.chance(0.12);
    return {
      locale: random.chance(input.italianShare) ? "it" : random.pick(["en-GB", "en-US"]),
      habit,
      grants,
      eagerness: Math.min(0.95, Math.max(0.08, random.between(0.1, 1) ** 0.8)),
      routine: random.next(),
      joinsInWeek: late ? 2 + Math.floor(random.next() * (input.weeks - 2)) : 0,
    };
  });
}
