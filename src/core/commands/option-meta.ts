import { z } from "zod";
import type { LocalizedText } from "./command.ts";

/** Metadata a command option carries for both platforms' registrations and usage lines. */
export interface OptionMeta {
  readonly descriptions: LocalizedText;
  /** Telegram text syntax: "positional" options come in order separated by `|`; others are `--flags`. */
  readonly positional?: boolean;
}

const optionMeta = z.registry<OptionMeta>();

/** Attaches localized descriptions (and the Telegram text syntax) to a command option's schema. */
export function option<T extends z.ZodType>(schema: T, descriptions: LocalizedText, positional = false): T {
  optionMeta.add(schema, { descriptions, positional });
  return schema;
}

/** Reads an option's metadata, looking through optional/default/nullable wrappers. */
export function readOptionMeta(schema: z.ZodType): OptionMeta | undefined {
  let current: z.ZodType | undefined = schema;
  while (current) {
    const meta = optionMeta.get(current);
    if (meta) return meta;
    const inner: z.ZodType | undefined = (current as { _zod: { def: { innerType?: z.ZodType } } })._zod.def.innerType;
    current = inner;
  }
  return undefined;
}
