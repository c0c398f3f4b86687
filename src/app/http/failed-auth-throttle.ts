import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** How many failed authentications are allowed per window before 429. */
export interface FailedAuthLimits {
  /** Failures from one address. */
  readonly perAddress: number;
  /** Failures naming one brand's key id (from any address). */
  readonly perBrand: number;
  readonly windowSeconds: number;
}

/** A shop that mistypes its key a few times is never refused; a guessing client is, within a minute. */
export const defaultFailedAuthLimits: FailedAuthLimits = { perAddress: 20, perBrand: 100, windowSeconds: 60 };

/**
 * Counts failed authentications at the shop endpoints, per address and per brand (the brand whose key id a
 * wrong key named), with rate-limiter-flexible's in-memory counters: only failures are counted, so a shop
 * presenting its valid key is never slowed, whoever else fails meanwhile. Counters live in this process (each
 * instance counts its own).
 */
export class FailedAuthThrottle {
  readonly #byAddress: RateLimiterMemory;
  readonly #byBrand: RateLimiterMemory;

  constructor(limits: FailedAuthLimits = defaultFailedAuthLimits) {
    this.#byAddress = new RateLimiterMemory({ points: limits.perAddress, duration: limits.windowSeconds });
    this.#byBrand = new RateLimiterMemory({ points: limits.perBrand, duration: limits.windowSeconds });
  }

  /**
   * Records a failed authentication from `address` (naming `brandId`'s key, if it named a known one). Returns
   * the seconds to wait when the address or the brand is over its limit, else null.
   */
  async failed(address: string, brandId: string | null): Promise<number | null> {
    const waits = await Promise.all([
      secondsToWait(this.#byAddress, address),
      brandId === null ? null : secondsToWait(this.#byBrand, brandId),
    ]);
    const over = waits.filter((wait): wait is number => wait !== null);
    return over.length > 0 ? Math.max(...over) : null;
  }
}

/** Uses one point of the key; the whole seconds until it has points again when none were left. */
async function secondsToWait(limiter: RateLimiterMemory, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
