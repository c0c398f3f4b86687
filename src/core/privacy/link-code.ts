import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { deriveKey } from "../identity/pseudonym.ts";

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed on a phone survives. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const NONCE_CHARS = 6;
const SIGNATURE_CHARS = 6;

/** How long a /link code works. */
export const LINK_CODE_TTL_MS = 10 * 60_000;

/** A code as issued: the nonce the store keeps, and what the member types. */
export interface IssuedLinkCode {
  readonly nonce: string;
  /** XXXX-XXXX-XXXX. */
  readonly code: string;
}

/**
 * One-time /link codes: a random nonce (the stored row's id) followed by an HMAC of nonce and brand under a
 * key derived from CIRCOLO_SECRET ("link/v1"). A made-up or mistyped code, or one issued for another brand,
 * fails the signature before the store is asked; a genuine one works once, within LINK_CODE_TTL_MS.
 */
export class LinkCodes {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = deriveKey(secret, "link/v1");
  }

  /** A new code for the brand. */
  issue(brandId: string): IssuedLinkCode {
    const nonce = Array.from(randomBytes(NONCE_CHARS), (byte) => ALPHABET[byte % 32]).join("");
    const body = nonce + this.#sign(nonce, brandId);
    return { nonce, code: body.match(/.{1,4}/g)?.join("-") ?? body };
  }

  /** The nonce of a well-signed code for this brand, or null. Dashes, spaces and case do not matter. */
  verify(typed: string, brandId: string): string | null {
    const body = normalize(typed);
    if (body.length !== NONCE_CHARS + SIGNATURE_CHARS) return null;
    const nonce = body.slice(0, NONCE_CHARS);
    const given = Buffer.from(body.slice(NONCE_CHARS));
    const expected = Buffer.from(this.#sign(nonce, brandId));
    return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
  }

  #sign(nonce: string, brandId: string): string {
    const mac = createHmac("sha256", this.#key).update(`${brandId}\n${nonce}`).digest();
    return Array.from(mac.subarray(0, SIGNATURE_CHARS), (byte) => ALPHABET[byte % 32]).join("");
  }
}

/** Upper case without separators; the letters Crockford's alphabet leaves out read as the digits they resemble. */
function normalize(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}
