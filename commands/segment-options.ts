import { z } from "zod";
import type { LocalizedText } from "../src/core/commands/command.ts";
import { option } from "../src/core/commands/option-meta.ts";
import { segmentKinds } from "../src/core/targeting/segment.schema.ts";

/**
 * The options that pick a poll's or an offer's target segment: the kind, and the value that kind needs (days,
 * roles or languages). `who` describes the segment option ("Who may vote", "Who may claim").
 */
export function segmentOptions(who: LocalizedText) {
  return {
    segment: option(z.enum(segmentKinds).default("everyone"), who),
    days: option(z.number().int().min(1).max(365).optional(), {
      en: "Days for new_members, active and lapsed",
      it: "Giorni per new_members, active e lapsed",
    }),
    roles: option(z.string().trim().max(500).optional(), {
      en: "Role ids or mentions for the roles segment",
      it: "Id o menzioni dei ruoli per il segmento roles",
    }),
    language: option(z.string().trim().max(60).optional(), {
      en: "Languages for the language segment, like it or it,en",
      it: "Lingue per il segmento language, come it o it,en",
    }),
  };
}

/** What the segment options hold once parsed. */
export interface SegmentOptionValues {
  readonly segment: (typeof segmentKinds)[number];
  readonly days?: number | undefined;
  readonly roles?: string | undefined;
  readonly language?: string | undefined;
}

/** Words of a list option: split on spaces, commas and semicolons. */
function words(text: string | undefined): string[] {
  return (text ?? "").split(/[\s,;]+/).filter((part) => part.length > 0);
}

/** The segment the options describe; its own rules are checked by the poll or offer service. */
export function segmentFromOptions(input: SegmentOptionValues): unknown {
  switch (input.segment) {
    case "roles":
      // Discord role mentions look like <@&123>; a bare id or @name works too.
      return { kind: "roles", roleIds: words(input.roles).map((role) => role.replace(/^<@&|>$|^@/g, "")) };
    case "language":
      return { kind: "language", languages: words(input.language) };
    case "new_members":
    case "active":
    case "lapsed":
      return { kind: input.segment, days: input.days };
    default:
      return { kind: input.segment };
  }
}
