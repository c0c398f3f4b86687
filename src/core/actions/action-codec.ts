import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveKey } from "../identity/pseudonym.ts";
import type { ActionRef } from "../ports/view.ts";

const VERSION = "1";
const SAFE = /^[A-Za-z0-9_-]*$/;
const SIGNATURE_LENGTH = 10;

/**
 * Encodes button actions into compact, versioned, signed strings (Discord custom_id, Telegram
 * callback_data) and verifies them on the way back. The signature covers the community the button was
 * posted in, so a button copied into another community, altered, or made up is refused.
 *
 * Format: `1.<name>.<arg>.<arg>~<signature>`: names and arguments use only letters, digits, `_` and `-`.
 */
export class ActionCodec {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = deriveKey(secret, "actions/v1");
  }

  /** Encodes an action for a community; throws (a bug) when it cannot fit `maxLength` bytes. */
  encode(action: ActionRef, communityPlatformId: string, maxLength: number): string {
    for (const part of [action.name, ...action.args]) {
      if (!SAFE.test(part)) throw new Error(`action part "${part}" has characters outside [A-Za-z0-9_-]`);
    }
    const body = [VERSION, action.name, ...action.args].join(".");
    const encoded = `${body}~${this.#sign(body, communityPlatformId)}`;
    if (Buffer.byteLength(encoded) > maxLength) {
      throw new Error(
        `action ${action.name} needs ${Buffer.byteLength(encoded)} bytes; the platform allows ${maxLength}`,
      );
    }
    return encoded;
  }

  /** Verifies and decodes; null for anything altered, forged, from another community or another version. */
  decode(data: string, communityPlatformId: string): ActionRef | null {
    if (data.length > 200) return null;
    const tilde = data.lastIndexOf("~");
    if (tilde < 0) return null;
    const body = data.slice(0, tilde);
    const signature = Buffer.from(data.slice(tilde + 1));
    const expected = Buffer.from(this.#sign(body, communityPlatformId));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
    const [version, name, ...args] = body.split(".");
    if (version !== VERSION || !name) return null;
    return { name, args };
  }

  #sign(body: string, communityPlatformId: string): string {
    return createHmac("sha256", this.#key)
      .update(`${communityPlatformId}\n${body}`)
      .digest("base64url")
      .slice(0, SIGNATURE_LENGTH);
  }
}
