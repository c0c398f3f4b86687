import { timingSafeEqual } from "node:crypto";
import type { ActionCodec } from "../../core/actions/action-codec.ts";
import type { ActionRef } from "../../core/ports/view.ts";

/** Telegram's limit for an inline button's callback_data, in bytes. */
export const callbackDataMaxBytes = 64;

/** Telegram's limit for a /start deep-link payload: 1-64 characters of A-Z, a-z, 0-9, _ and -. */
const startPayloadPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Encodes an action into the callback_data of a button. */
export type EncodeAction = (action: ActionRef) => string;

/**
 * Where a button is posted: in a community's group, in a member's private chat on behalf of a
 * community (the reply to a command typed in the group), or in a private chat with no community.
 */
export type ButtonPlace =
  | { readonly kind: "group"; readonly chatId: string }
  | { readonly kind: "private"; readonly communityChatId: string | null };

/** What a verified callback names: the action, and the community it acts in (null: none). */
export interface DecodedCallback {
  readonly action: ActionRef;
  readonly communityChatId: string | null;
}

/** The signature scope of buttons in private chats that belong to no community. */
const noCommunity = "private";

/**
 * The encoder for buttons posted at a place. Group buttons are signed for the group. A private
 * chat carries no community, so buttons sent there on behalf of one start with `<group id>@` and are
 * signed for that group: the prefix cannot be changed without breaking the signature.
 */
export function callbackEncoder(actions: ActionCodec, place: ButtonPlace): EncodeAction {
  if (place.kind === "group") return (action) => actions.encode(action, place.chatId, callbackDataMaxBytes);
  const community = place.communityChatId;
  if (community === null) return (action) => actions.encode(action, noCommunity, callbackDataMaxBytes);
  const prefix = `${community}@`;
  return (action) => prefix + actions.encode(action, community, callbackDataMaxBytes - Buffer.byteLength(prefix));
}

/**
 * Verifies the callback_data of a pressed button; null when it was altered, made up, or signed for another
 * group (a button copied elsewhere). `signedFor` is the id a group's buttons were signed for when it differs
 * from the chat's (the group's id before it became a supergroup).
 */
export function decodeCallback(
  actions: ActionCodec,
  data: string,
  chat: { readonly id: number; readonly type: string },
  signedFor?: string,
): DecodedCallback | null {
  if (chat.type === "group" || chat.type === "supergroup") {
    const action = actions.decode(data, signedFor ?? String(chat.id));
    return action ? { action, communityChatId: String(chat.id) } : null;
  }
  if (chat.type !== "private") return null;
  const at = data.indexOf("@");
  if (at < 0) {
    const action = actions.decode(data, noCommunity);
    return action ? { action, communityChatId: null } : null;
  }
  const community = data.slice(0, at);
  if (!/^-\d{1,20}$/.test(community)) return null;
  const action = actions.decode(data.slice(at + 1), community);
  return action ? { action, communityChatId: community } : null;
}

/** What a deep link opens: a command to run for a community ("" when it came from a button). */
export interface StartTarget {
  readonly command: string;
  readonly communityChatId: string;
}

const startScope = "telegram-start";
const signatureLength = 10;

/**
 * The payload of a `https://t.me/<bot>?start=<payload>` deep link: `<command>-<group>-<signature>`,
 * where the group id's minus sign is written `m` (the alphabet allows no other sign) and the signature
 * is the action codec's HMAC, so nobody can make a link for a group the bot never sent it from.
 */
export function encodeStartPayload(actions: ActionCodec, target: StartTarget): string {
  const group = target.communityChatId.replace(/^-/, "m");
  const payload = `${target.command}-${group}-${startSignature(actions, target.command, group)}`;
  if (!startPayloadPattern.test(payload)) throw new Error(`deep link payload for /${target.command} does not fit`);
  return payload;
}

/** Reads and verifies a deep-link payload; null for anything Circolo did not issue. */
export function decodeStartPayload(actions: ActionCodec, payload: string): StartTarget | null {
  if (!startPayloadPattern.test(payload) || payload.length < signatureLength + 3) return null;
  const signature = payload.slice(-signatureLength);
  const rest = payload.slice(0, -signatureLength - 1);
  const dash = rest.lastIndexOf("-");
  if (payload[payload.length - signatureLength - 1] !== "-" || dash < 0) return null;
  const command = rest.slice(0, dash);
  const group = rest.slice(dash + 1);
  if (!/^[a-z0-9_]{0,32}$/.test(command) || !/^m\d{1,20}$/.test(group)) return null;
  const expected = Buffer.from(startSignature(actions, command, group));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { command, communityChatId: group.replace(/^m/, "-") };
}

/** The codec's signature of a start target (the text after its last `~`). */
function startSignature(actions: ActionCodec, command: string, group: string): string {
  const encoded = actions.encode({ name: "start", args: command ? [command, group] : [group] }, startScope, 200);
  return encoded.slice(encoded.lastIndexOf("~") + 1, encoded.lastIndexOf("~") + 1 + signatureLength);
}
