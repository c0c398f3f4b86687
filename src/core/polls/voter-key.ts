import { createHmac } from "node:crypto";
import { deriveKey } from "../identity/pseudonym.ts";

/**
 * The key a vote is stored under: an HMAC of poll and member under a key derived from CIRCOLO_SECRET. It lets
 * the database hold one vote per member even on an anonymous poll, differs from poll to poll (so votes cannot
 * be joined across polls), and cannot be turned back into the member without the secret.
 */
export class VoterKeys {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = deriveKey(secret, "poll-voter/v1");
  }

  /** The voter key of a member on a poll. */
  of(pollId: string, memberId: string): string {
    return createHmac("sha256", this.#key).update(`${pollId}\n${memberId}`).digest("base64url");
  }
}
