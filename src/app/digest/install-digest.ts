import type { DigestFeature } from "../../core/digest/digest-access.ts";
import { createDigestFeature } from "../../core/digest/digest-feature.ts";
import type { Translator } from "../../core/i18n/translator.ts";
import type { ContactDirectory } from "../../core/ports/contact-directory.port.ts";
import type { CoreServices } from "../../core/services.ts";
import { VegaChartRenderer } from "./vega-chart.renderer.ts";

/**
 * The privacy feature's contact book, looked up when a digest is sent: it rides beside CoreServices as
 * `privacy.contacts` once the composition root attaches it. Until then no contact is known, and digests go to
 * staff channels only.
 */
export function privacyContacts(services: CoreServices): ContactDirectory {
  return {
    contactFor: async (memberId) => {
      const privacy = (services as CoreServices & { readonly privacy?: { readonly contacts?: ContactDirectory } })
        .privacy;
      return privacy?.contacts ? privacy.contacts.contactFor(memberId) : null;
    },
  };
}

/**
 * Wires the weekly digest into a running app: charts drawn with Vega-Lite, the weekly job registered, and every
 * active community's built-in "digest.weekly" schedule (Monday 09:00 local time) upserted. Private copies go
 * to subscribers whose address the privacy feature's contact book keeps.
 */
export async function installDigest(services: CoreServices, translator: Translator): Promise<DigestFeature> {
  const feature = createDigestFeature(services, {
    chart: new VegaChartRenderer(),
    translator,
    contacts: privacyContacts(services),
  });
  const armed = await feature.delivery.armAll();
  services.logger.info({ communities: armed }, "weekly digest schedules armed");
  return feature;
}
