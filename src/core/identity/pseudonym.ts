import { createHmac, hkdfSync } from "node:crypto";
import type { Platform } from "../domain/platform.ts";

/**
 * Derives a purpose-specific 32-byte key from CIRCOLO_SECRET (HKDF-SHA-256), so that one secret can
 * serve pseudonyms, encryption and signing without any key being reusable for another job.
 */
export function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "circolo", `circolo/${purpose}`, 32));
}

/** Turns platform ids Circolo must recognise again into keyed one-way values it stores instead of them. */
export class Pseudonymizer {
  readonly #key: Buffer;
  readonly #replayKey: Buffer;

  constructor(secret: string) {
    this.#key = deriveKey(secret, "pseudonym/v1");
    this.#replayKey = deriveKey(secret, "unlinkable-event/v1");
  }

  /** HMAC-SHA-256 of `platform:userId`, hex. Same person, same platform: same pseudonym. */
  pseudonym(platform: Platform, userId: string): string {
    return createHmac("sha256", this.#key).update(`${platform}:${userId}`).digest("hex");
  }

  /**
   * The replay key of an unlinkable engagement event (an anonymous poll's): HMAC-SHA-256 of `platform:updateId`
   * under a key of its own, base64url. The same update always gives the same key, so a batch written again after
   * a lost commit answer still records the event once; yet the key appears nowhere else (the plain update id is
   * in ProcessedUpdate) and cannot be turned back into the update without the secret.
   */
  unlinkableEventKey(platform: Platform, updateId: string): string {
    return createHmac("sha256", this.#replayKey).update(`${platform}:${updateId}`).digest("base64url");
  }
}
