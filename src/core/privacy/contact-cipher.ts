import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deriveKey } from "../identity/pseudonym.ts";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals contact addresses at rest: AES-256-GCM under a key derived from CIRCOLO_SECRET for this purpose only
 * ("contact/v1"), a fresh random IV per value, and the member id as additional data, so a sealed value copied
 * onto another member's row does not open.
 */
export class ContactCipher {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = deriveKey(secret, "contact/v1");
  }

  /** base64url of iv | tag | ciphertext. */
  seal(memberId: string, address: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    cipher.setAAD(Buffer.from(memberId, "utf8"));
    const body = Buffer.concat([cipher.update(address, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** The address, or null when the value was altered, sealed for another member or under another secret. */
  open(memberId: string, sealed: string): string | null {
    const raw = Buffer.from(sealed, "base64url");
    if (raw.length <= IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(memberId, "utf8"));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      return null;
    }
  }
}
