import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
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
  readonly #addressKey: Buffer;

  constructor(secret: string) {
    this.#key = deriveKey(secret, "actions/v1");
    this.#addressKey = deriveKey(secret, "addresses/v1");
  }

  /**
   * Seals a platform address an adapter hands the core (Inbound.notifyAddress, for example the user id a
   * later message mentions), so that what the core keeps is no raw platform id: AES-256-GCM under a key
   * derived from the secret, base64url. Sealing the same address twice gives different strings.
   */
  seal(address: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#addressKey, iv);
    const body = Buffer.concat([cipher.update(address, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** Opens a sealed address; null for anything altered, made up, or sealed under another secret. */
  open(sealed: string): string | null {
    const data = Buffer.from(sealed, "base64url");
    if (data.length < 29 || data.length > 512) return null;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#addressKey, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      return null;
    }
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
