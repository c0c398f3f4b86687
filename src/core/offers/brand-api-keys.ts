import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { BrandApiKeyRepository } from "./offer.repository.port.ts";
import { base32Encode } from "./offer-code.ts";

const keyPattern = /^circolo_([0-9A-Z]{12})_([A-Za-z0-9_-]{43})$/;

/** Compared against when the key's id is unknown, so an unknown id costs what a wrong secret costs. */
const unknownKeyDigest = createHash("sha256").update("circolo-unknown-api-key").digest();

function digestOf(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}

/**
 * A brand's API keys for the shop endpoints (POST /offers/redeem). A key reads `circolo_<id>_<secret>`: the id
 * finds the row, the secret (256 random bits) is kept only as its SHA-256 and compared in constant time. The
 * whole key is shown once, when created.
 */
export class BrandApiKeys {
  readonly #repository: BrandApiKeyRepository;

  constructor(repository: BrandApiKeyRepository) {
    this.#repository = repository;
  }

  /** Creates a key for the brand and returns it in full: the only time it is ever visible. */
  async create(brandId: string, at: Date): Promise<{ id: string; key: string }> {
    const id = base32Encode(randomBytes(8)).slice(0, 12);
    const secret = randomBytes(32).toString("base64url");
    await this.#repository.create({
      id,
      brandId,
      secretSha256: digestOf(secret).toString("hex"),
      createdAt: at,
    });
    return { id, key: `circolo_${id}_${secret}` };
  }

  /** The brand a presented key belongs to, or null when it is malformed, unknown or wrong. */
  async authenticate(presented: string): Promise<string | null> {
    const verified = await this.verify(presented);
    return verified.valid ? verified.brandId : null;
  }

  /**
   * Checks a presented key. A wrong one still tells which brand's key id it named (null: malformed, or an id no
   * brand has), so that failures can be counted against the brand someone is guessing at.
   */
  async verify(
    presented: string,
  ): Promise<{ valid: true; brandId: string } | { valid: false; brandId: string | null }> {
    const match = keyPattern.exec(presented.trim());
    if (!match) return { valid: false, brandId: null };
    const [, id, secret] = match;
    const stored = await this.#repository.get(id!);
    const expected = stored ? Buffer.from(stored.secretSha256, "hex") : unknownKeyDigest;
    const matches = expected.length === 32 && timingSafeEqual(expected, digestOf(secret!));
    if (stored && matches) return { valid: true, brandId: stored.brandId };
    return { valid: false, brandId: stored?.brandId ?? null };
  }
}
