import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { deriveKey } from "../identity/pseudonym.ts";
import { base32Encode, decodeOfferCode, encodePayload, formatOfferCode, type OfferCodeClaims } from "./offer-code.ts";

/** PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410), so node:crypto can load it. */
const pkcs8Ed25519Prefix = Buffer.from("302e020100300506032b657004220420", "hex");

/** A brand's public key as shops receive it. */
export interface PublicKeyInfo {
  readonly brandId: string;
  readonly algorithm: "Ed25519";
  /** The raw 32-byte public key, base64url. */
  readonly publicKey: string;
  /** The same key as SubjectPublicKeyInfo PEM, for OpenSSL and most libraries. */
  readonly publicKeyPem: string;
  /** A short fingerprint (Crockford base32 of the key's SHA-256, first 8 characters) to tell keys apart. */
  readonly keyId: string;
}

/** What checking a code found. Only a code whose signature holds is ever "valid" or "expired". */
export type CodeCheck =
  | { readonly status: "valid"; readonly claims: OfferCodeClaims }
  | { readonly status: "expired"; readonly claims: OfferCodeClaims }
  | { readonly status: "invalid" };

/**
 * Checks a typed code with a public key alone: the code's form, its Ed25519 signature, then its expiry (valid
 * strictly before the expiry instant). Needs no database and no secret: what a shop can run offline.
 */
export function checkOfferCode(typed: string, publicKey: KeyObject, now: Date): CodeCheck {
  const decoded = decodeOfferCode(typed);
  if (!decoded) return { status: "invalid" };
  if (!verify(null, decoded.payload, publicKey, decoded.signature)) return { status: "invalid" };
  const expired = now.getTime() >= decoded.claims.expiresAt.getTime();
  return { status: expired ? "expired" : "valid", claims: decoded.claims };
}

/** Reads a public key given as raw base64url (as GET /offers/public-key returns it) or as PEM. */
export function importPublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith("-----BEGIN")) return createPublicKey(trimmed);
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: trimmed }, format: "jwk" });
}

/** A brand's public key in the forms shops use. */
export function describePublicKey(brandId: string, publicKey: KeyObject): PublicKeyInfo {
  const jwk = publicKey.export({ format: "jwk" });
  const raw = Buffer.from(jwk.x ?? "", "base64url");
  return {
    brandId,
    algorithm: "Ed25519",
    publicKey: raw.toString("base64url"),
    publicKeyPem: String(publicKey.export({ format: "pem", type: "spki" })),
    keyId: base32Encode(createHash("sha256").update(raw).digest()).slice(0, 8),
  };
}

interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/**
 * Each brand's Ed25519 key pair, derived deterministically from CIRCOLO_SECRET (HKDF-SHA-256 with the brand id
 * in the info), so every instance signs alike and nothing needs storing. The private key never leaves this
 * class; the public key cannot sign.
 */
export class OfferKeys {
  readonly #secret: string;
  readonly #pairs = new Map<string, KeyPair>();

  constructor(secret: string) {
    this.#secret = secret;
  }

  /** The brand's public key. */
  publicKeyOf(brandId: string): KeyObject {
    return this.#pair(brandId).publicKey;
  }

  /** Signs a code for the brand. */
  issue(brandId: string, claims: OfferCodeClaims): string {
    const payload = encodePayload(claims);
    return formatOfferCode(payload, sign(null, payload, this.#pair(brandId).privateKey));
  }

  /** Checks a code against the brand's public key. */
  check(brandId: string, typed: string, now: Date): CodeCheck {
    return checkOfferCode(typed, this.publicKeyOf(brandId), now);
  }

  #pair(brandId: string): KeyPair {
    let pair = this.#pairs.get(brandId);
    if (!pair) {
      const seed = deriveKey(this.#secret, `offer-signing/v1/${brandId}`);
      const privateKey = createPrivateKey({
        key: Buffer.concat([pkcs8Ed25519Prefix, seed]),
        format: "der",
        type: "pkcs8",
      });
      pair = { privateKey, publicKey: createPublicKey(privateKey) };
      this.#pairs.set(brandId, pair);
    }
    return pair;
  }
}
