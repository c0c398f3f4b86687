import type { ActionCodec } from "../../core/actions/action-codec.ts";
import type { ActionRef } from "../../core/ports/view.ts";

/** Discord's limit for a component's custom_id. */
export const customIdMaxLength = 100;

/** Encodes an action into a custom_id for the place it is posted in. */
export type EncodeAction = (action: ActionRef) => string;

/**
 * What a custom_id is signed for: the guild it is posted in, or "@me" in a direct message with the bot
 * (where only the recipient can press it). A button copied to another guild then fails verification.
 */
export function actionScope(guildId: string | null): string {
  return guildId ?? "@me";
}

/** The encoder for components posted in a guild (or in a direct message when guildId is null). */
export function actionEncoder(actions: ActionCodec, guildId: string | null): EncodeAction {
  const scope = actionScope(guildId);
  return (action) => actions.encode(action, scope, customIdMaxLength);
}

/**
 * The encoder for components in a direct message that act for a guild (a poll's private copy): the
 * custom_id starts with `<guild id>@` and is signed for that guild, so the prefix cannot be changed
 * without breaking the signature.
 */
export function directEncoderFor(actions: ActionCodec, guildId: string): EncodeAction {
  const prefix = `${guildId}@`;
  return (action) => prefix + actions.encode(action, guildId, customIdMaxLength - prefix.length);
}

/** The guild a direct-message custom_id says it acts for (not yet verified), or null. */
export function guildOfDirectCustomId(customId: string): string | null {
  return /^(\d{15,22})@/.exec(customId)?.[1] ?? null;
}

/** Verifies and decodes a custom_id coming back; null when it is forged, altered, stale or from elsewhere. */
export function decodeCustomId(actions: ActionCodec, customId: string, guildId: string | null): ActionRef | null {
  if (guildId === null) {
    const actsFor = guildOfDirectCustomId(customId);
    if (actsFor !== null) return actions.decode(customId.slice(actsFor.length + 1), actsFor);
  }
  return actions.decode(customId, actionScope(guildId));
}
