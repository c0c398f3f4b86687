import { existsSync } from "node:fs";
import { join } from "node:path";
import { decodeOfferCode } from "../../core/offers/offer-code.ts";
import { type CodeCheck, checkOfferCode, importPublicKey, OfferKeys } from "../../core/offers/offer-keys.ts";
import type { Repositories } from "../../core/ports/repositories.port.ts";
import { loadOrCreateSecret } from "../secret.ts";
import { cliConfig, withDatabase } from "./cli-database.ts";

/** What `circolo offer verify` prints, and how it exits (0 only for a valid code). */
export interface VerifyReport {
  readonly status: CodeCheck["status"];
  readonly lines: readonly string[];
}

function report(check: CodeCheck, extra: readonly string[] = []): VerifyReport {
  if (check.status === "invalid") return { status: "invalid", lines: ["invalid", ...extra] };
  return {
    status: check.status,
    lines: [
      check.status,
      ...extra,
      `claim: ${check.claims.serial}`,
      `${check.status === "expired" ? "expired" : "expires"}: ${check.claims.expiresAt.toISOString()}`,
    ],
  };
}

/** Offline: the code against a public key (raw base64url or PEM) and nothing else. */
export function verifyWithPublicKey(code: string, publicKey: string, now: Date): VerifyReport {
  const check = checkOfferCode(code, importPublicKey(publicKey), now);
  return report(check, check.status === "invalid" ? [] : [`offer reference: ${check.claims.offerRef}`]);
}

/**
 * On the deployment: the code against the public key of the brand whose offer it names (or of `brandId` when
 * the offer is unknown here), with the offer and whether the code was redeemed.
 */
export async function verifyWithDeployment(input: {
  code: string;
  now: Date;
  keys: OfferKeys;
  repositories: Pick<Repositories, "offers" | "communities">;
  brandId?: string;
}): Promise<VerifyReport> {
  const { repositories } = input;
  const decoded = decodeOfferCode(input.code);
  const offer = decoded && (await repositories.offers.findByRef(decoded.claims.offerRef));
  const community = offer && (await repositories.communities.get(offer.communityId));
  const brandId = community?.brandId ?? input.brandId;
  if (!decoded || !brandId)
    return { status: "invalid", lines: ["invalid", "no offer of this deployment has that code"] };
  const check = input.keys.check(brandId, input.code, input.now);
  if (check.status === "invalid" || !offer) return report(check, [`brand: ${brandId}`]);
  const claim = await repositories.offers.claimBySerial(offer.id, check.claims.serial);
  return report(check, [
    `offer: ${offer.number} “${offer.title}” (brand ${brandId}, community “${community?.title ?? ""}”)`,
    `redeemed: ${claim?.redeemedAt ? claim.redeemedAt.toISOString() : "no"}`,
  ]);
}

/** `circolo offer verify <code> [--public-key <key>] [--brand <id>]`: prints the report, returns the exit code. */
export async function runOfferVerify(code: string, options: { publicKey?: string; brand?: string }): Promise<number> {
  const now = new Date();
  if (options.publicKey) return print(verifyWithPublicKey(code, options.publicKey, now));
  const config = cliConfig();
  if (!config.CIRCOLO_SECRET && !existsSync(join(config.CIRCOLO_DATA_DIR, "circolo.secret"))) {
    console.error("no CIRCOLO_SECRET here: set it as the bot has it, or verify with --public-key <key>");
    return 2;
  }
  const { secret } = loadOrCreateSecret(config.CIRCOLO_SECRET, config.CIRCOLO_DATA_DIR);
  const verified = await withDatabase(config, (db) =>
    verifyWithDeployment({
      code,
      now,
      keys: new OfferKeys(secret),
      repositories: db.repositories,
      ...(options.brand ? { brandId: options.brand } : {}),
    }),
  );
  return print(verified);
}

function print(verified: VerifyReport): number {
  for (const line of verified.lines) console.log(line);
  return verified.status === "valid" ? 0 : 1;
}
