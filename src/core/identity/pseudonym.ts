import { createHmac, hkdfSync } from "node:crypto";
import type { Platform } from "../domain/platform.ts";

/**
 * Derives a purpose-specific 32-byte key from CIRCOLO_SECRET (HKDF-SHA-256), so that one secret can
 * serve pseudonyms, encryption and signing without any key being reusable for another job.
 */
export function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "circolo", `circolo/${purpose}`, 32));
}

/** Turns a platform user id into the keyed pseudonym Circolo stores instead of it. */
export class Pseudonymizer {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = deriveKey(secret, "pseudonym/v1");
  }

  /** HMAC-SHA-256 of `platform:userId`, hex. Same person, same platform: same pseudonym. */
  pseudonym(platform: Platform, userId: string): string {
    return createHmac("sha256", this.#key).update(`${platform}:${userId}`).digest("hex");
  }
}
