import type { CoreServices } from "../services.ts";
import type { DigestService } from "./digest.service.ts";
import type { DigestDelivery } from "./digest-delivery.ts";

/** The digest feature as the composition root wires it. */
export interface DigestFeature {
  readonly service: DigestService;
  readonly delivery: DigestDelivery;
}

type WithDigest = CoreServices & { readonly digest?: DigestFeature };

/**
 * Adds the digest feature to the handlers' services. CoreServices is shared by every feature, so the digest
 * rides beside it (as polls do) rather than widening it; the composition root calls this once.
 */
export function attachDigest(services: CoreServices, feature: DigestFeature): void {
  Object.defineProperty(services, "digest", { value: feature, enumerable: true });
}

/** The digest feature among the handler's services; a missing one is a wiring bug and fails loudly. */
export function digestFrom(services: CoreServices): DigestFeature {
  const feature = (services as WithDigest).digest;
  if (!feature) throw new Error("the digest feature is not wired: call attachDigest in the composition root");
  return feature;
}
