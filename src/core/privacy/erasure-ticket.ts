import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveKey } from "../identity/pseudonym.ts";

/**
 * The short value the erasure confirmation button carries: an HMAC of the member id (key "erasure/v1"). The
 * button erases only while the member row it was issued for exists; after the erasure the member who presses
 * it again is a new row, so a second press (or a copied button) erases nothing.
 */
export class ErasureTickets {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = deriveKey(secret, "erasure/v1");
  }

  /** 12 characters of [A-Za-z0-9_-]. */
  issue(memberId: string): string {
    return createHmac("sha256", this.#key).update(memberId).digest("base64url").slice(0, 12);
  }

  /** Whether the ticket was issued for this member. */
  matches(ticket: string, memberId: string): boolean {
    const expected = Buffer.from(this.issue(memberId));
    const given = Buffer.from(ticket);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
