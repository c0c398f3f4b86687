import type { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

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
  readonly #limits: FailedAuthLimits;
  #counters: Promise<Counters> | null = null;

  constructor(limits: FailedAuthLimits = defaultFailedAuthLimits) {
    this.#limits = limits;
  }

  /**
   * Records a failed authentication from `address` (naming `brandId`'s key, if it named a known one). Returns
   * the seconds to wait when the address or the brand is over its limit, else null.
   */
  async failed(address: string, brandId: string | null): Promise<number | null> {
    const counters = await this.#loaded();
    const waits = await Promise.all([
      secondsToWait(counters, counters.byAddress, address),
      brandId === null ? null : secondsToWait(counters, counters.byBrand, brandId),
    ]);
    const over = waits.filter((wait): wait is number => wait !== null);
    return over.length > 0 ? Math.max(...over) : null;
  }

  /** The counters, created with the first failure: most deployments never see one, so never load the library. */
  #loaded(): Promise<Counters> {
    this.#counters ??= import("rate-limiter-flexible").then(({ RateLimiterMemory, RateLimiterRes }) => ({
      byAddress: new RateLimiterMemory({ points: this.#limits.perAddress, duration: this.#limits.windowSeconds }),
      byBrand: new RateLimiterMemory({ points: this.#limits.perBrand, duration: this.#limits.windowSeconds }),
      Rejection: RateLimiterRes,
    }));
    return this.#counters;
  }
}

/** The two in-memory counters, and the class of their refusals. */
interface Counters {
  readonly byAddress: RateLimiterMemory;
  readonly byBrand: RateLimiterMemory;
  readonly Rejection: typeof RateLimiterRes;
}

/** Uses one point of the key; the whole seconds until it has points again when none were left. */
async function secondsToWait(counters: Counters, limiter: RateLimiterMemory, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof counters.Rejection) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
