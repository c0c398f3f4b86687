/**
 * The text form of a signed offer code: 80 bytes (a 16-byte payload and its 64-byte Ed25519 signature) in
 * Crockford's base32, 128 characters shown in groups of four. 80 bytes are exactly 128 characters, so no
 * character carries padding bits: every character of a code matters, and changing any of them breaks it.
 *
 * Payload, big-endian:
 *   byte 0       format version (1)
 *   bytes 1-5    the offer's reference (its 8 base32 characters)
 *   bytes 6-9    the claim's serial number within the offer (1, 2, ...)
 *   bytes 10-15  the expiry, in whole seconds since 1970-01-01T00:00:00Z; the code is valid before that instant
 * The signature covers the 16 payload bytes.
 */

/** Crockford's base32: no I, L, O or U, so nothing typed reads as something else. */
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const symbolValue = new Map<string, number>([...alphabet].map((char, index) => [char, index]));

export const offerCodeFormat = {
  version: 1,
  payloadBytes: 16,
  signatureBytes: 64,
  characters: 128,
  groupSize: 4,
  refCharacters: 8,
} as const;

const totalBytes = offerCodeFormat.payloadBytes + offerCodeFormat.signatureBytes;

/** What a signed code says. */
export interface OfferCodeClaims {
  /** The offer's reference: 8 characters of Crockford base32. */
  readonly offerRef: string;
  /** The claim's serial number within the offer. */
  readonly serial: number;
  /** The first instant at which the code no longer works (whole seconds). */
  readonly expiresAt: Date;
}

/** A code split into its signed payload and its signature. */
export interface DecodedOfferCode {
  readonly payload: Buffer;
  readonly signature: Buffer;
  readonly claims: OfferCodeClaims;
}

/** Encodes bytes as Crockford base32 (upper case, no padding). */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes canonical Crockford base32 (as {@link normalizeTypedCode} leaves it). Null on any character outside
 * the alphabet and on leftover bits that are not zero, so one byte string has exactly one spelling.
 */
export function base32Decode(text: string): Buffer | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = symbolValue.get(char);
    if (value === undefined) return null;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) return null;
  return Buffer.from(out);
}

/**
 * What a person typed, as the canonical characters: capitals or not, spaces, hyphens and dashes anywhere, and
 * the letters people confuse with digits (O for 0, I and L for 1) all read the same.
 */
export function normalizeTypedCode(typed: string): string {
  return typed
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015_.·]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

/** A code as people read it: groups of four characters joined by hyphens. */
export function groupCode(canonical: string): string {
  return canonical.match(new RegExp(`.{1,${offerCodeFormat.groupSize}}`, "g"))?.join("-") ?? "";
}

/** The 16 bytes a code's signature covers. */
export function encodePayload(claims: OfferCodeClaims): Buffer {
  const payload = Buffer.alloc(offerCodeFormat.payloadBytes);
  const ref = base32Decode(claims.offerRef);
  if (ref?.length !== 5 || claims.offerRef.length !== offerCodeFormat.refCharacters) {
    throw new RangeError(`not an offer reference: ${claims.offerRef}`);
  }
  const seconds = claims.expiresAt.getTime() / 1000;
  if (!Number.isInteger(seconds) || seconds < 0 || seconds >= 2 ** 48) {
    throw new RangeError("a code's expiry must be a whole second after 1970");
  }
  if (!Number.isInteger(claims.serial) || claims.serial < 1 || claims.serial >= 2 ** 32) {
    throw new RangeError(`not a claim serial: ${claims.serial}`);
  }
  payload.writeUInt8(offerCodeFormat.version, 0);
  ref.copy(payload, 1);
  payload.writeUInt32BE(claims.serial, 6);
  payload.writeUIntBE(seconds, 10, 6);
  return payload;
}

/** The code's text for a payload and its signature. */
export function formatOfferCode(payload: Buffer, signature: Buffer): string {
  return groupCode(base32Encode(Buffer.concat([payload, signature])));
}

/** Splits a typed code into payload, signature and what the payload says; null when it is not a code at all. */
export function decodeOfferCode(typed: string): DecodedOfferCode | null {
  const canonical = normalizeTypedCode(typed);
  if (canonical.length !== offerCodeFormat.characters) return null;
  const bytes = base32Decode(canonical);
  if (bytes?.length !== totalBytes) return null;
  const payload = bytes.subarray(0, offerCodeFormat.payloadBytes);
  if (payload.readUInt8(0) !== offerCodeFormat.version) return null;
  const serial = payload.readUInt32BE(6);
  if (serial === 0) return null;
  return {
    payload,
    signature: bytes.subarray(offerCodeFormat.payloadBytes),
    claims: {
      offerRef: base32Encode(payload.subarray(1, 6)),
      serial,
      expiresAt: new Date(payload.readUIntBE(10, 6) * 1000),
    },
  };
}

/** Whether the text looks like a signed code (the right length once normalized), as opposed to a pool code. */
export function looksSigned(typed: string): boolean {
  return normalizeTypedCode(typed).length === offerCodeFormat.characters;
}
