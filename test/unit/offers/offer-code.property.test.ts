import { generateKeyPairSync, sign } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  base32Decode,
  base32Encode,
  encodePayload,
  formatOfferCode,
  normalizeTypedCode,
  offerCodeFormat,
} from "../../../src/core/offers/offer-code.ts";
import { checkOfferCode, OfferKeys } from "../../../src/core/offers/offer-keys.ts";

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const keys = new OfferKeys("offer-code-property-secret-0123456789abcdef");
const publicKey = keys.publicKeyOf("brand");

/** What a code may carry: any reference, serial and whole-second expiry (2020-2100). */
const claimsArb = fc.record({
  offerRef: fc.string({ unit: fc.constantFrom(...alphabet), minLength: 8, maxLength: 8 }),
  serial: fc.integer({ min: 1, max: 2 ** 32 - 1 }),
  expiresAt: fc.integer({ min: 1_577_836_800, max: 4_102_444_800 }).map((s) => new Date(s * 1000)),
});

const instantBefore = (claims: { expiresAt: Date }) => new Date(claims.expiresAt.getTime() - 1);

describe("signed offer codes", () => {
  it("round-trip: a fresh code is valid and says what was signed", () => {
    fc.assert(
      fc.property(claimsArb, (claims) => {
        const code = keys.issue("brand", claims);
        const check = checkOfferCode(code, publicKey, instantBefore(claims));
        expect(check).toEqual({ status: "valid", claims });
        expect(normalizeTypedCode(code)).toHaveLength(offerCodeFormat.characters);
      }),
    );
  });

  it("any change of one character makes a valid code invalid", () => {
    fc.assert(
      fc.property(
        claimsArb,
        fc.nat({ max: offerCodeFormat.characters - 1 }),
        fc.integer({ min: 1, max: 31 }),
        (claims, position, shift) => {
          const canonical = normalizeTypedCode(keys.issue("brand", claims));
          const changed = alphabet[(alphabet.indexOf(canonical[position]!) + shift) % 32]!;
          const altered = canonical.slice(0, position) + changed + canonical.slice(position + 1);
          expect(checkOfferCode(altered, publicKey, instantBefore(claims)).status).toBe("invalid");
        },
      ),
    );
  });

  it("a dropped, added or swapped character makes a valid code invalid", () => {
    fc.assert(
      fc.property(
        claimsArb,
        fc.nat({ max: offerCodeFormat.characters - 2 }),
        fc.constantFrom(...alphabet),
        (claims, position, extra) => {
          const canonical = normalizeTypedCode(keys.issue("brand", claims));
          const dropped = canonical.slice(0, position) + canonical.slice(position + 1);
          const added = canonical.slice(0, position) + extra + canonical.slice(position);
          const [a, b] = [canonical[position]!, canonical[position + 1]!];
          const swapped = canonical.slice(0, position) + b + a + canonical.slice(position + 2);
          for (const variant of [dropped, added]) {
            expect(checkOfferCode(variant, publicKey, instantBefore(claims)).status).toBe("invalid");
          }
          if (a !== b) expect(checkOfferCode(swapped, publicKey, instantBefore(claims)).status).toBe("invalid");
        },
      ),
    );
  });

  it("reads a code however it is typed: any capitals, spaces, hyphens or dashes, O for 0, I or L for 1", () => {
    const separator = fc.constantFrom(" ", "-", "  ", "\u2013", "\u2014", "\t", "");
    fc.assert(
      fc.property(
        claimsArb,
        fc.array(fc.boolean(), { minLength: 128, maxLength: 128 }),
        fc.array(separator, { minLength: 128, maxLength: 128 }),
        fc.array(fc.boolean(), { minLength: 128, maxLength: 128 }),
        (claims, lower, separators, confuse) => {
          const canonical = normalizeTypedCode(keys.issue("brand", claims));
          const typed = [...canonical]
            .map((char, i) => {
              let typedChar = char;
              if (confuse[i] && char === "0") typedChar = "O";
              if (confuse[i] && char === "1") typedChar = i % 2 === 0 ? "I" : "L";
              return (lower[i] ? typedChar.toLowerCase() : typedChar) + separators[i];
            })
            .join("");
          expect(normalizeTypedCode(typed)).toBe(canonical);
          expect(checkOfferCode(` ${typed} `, publicKey, instantBefore(claims))).toEqual({ status: "valid", claims });
        },
      ),
    );
  });

  it("honours the expiry at the boundary: valid until the instant before, expired from the instant on", () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: 1, max: 10 ** 10 }), (claims, ms) => {
        const code = keys.issue("brand", claims);
        const expiry = claims.expiresAt.getTime();
        expect(checkOfferCode(code, publicKey, new Date(expiry - 1)).status).toBe("valid");
        expect(checkOfferCode(code, publicKey, new Date(expiry - ms)).status).toBe("valid");
        expect(checkOfferCode(code, publicKey, new Date(expiry)).status).toBe("expired");
        expect(checkOfferCode(code, publicKey, new Date(expiry + ms)).status).toBe("expired");
      }),
    );
  });

  it("refuses a code signed with any other key: another brand's, or a key pair made by anyone else", () => {
    const stranger = generateKeyPairSync("ed25519");
    fc.assert(
      fc.property(claimsArb, (claims) => {
        const otherBrand = keys.issue("other-brand", claims);
        expect(checkOfferCode(otherBrand, publicKey, instantBefore(claims)).status).toBe("invalid");
        const payload = encodePayload(claims);
        const forged = formatOfferCode(payload, sign(null, payload, stranger.privateKey));
        expect(checkOfferCode(forged, publicKey, instantBefore(claims)).status).toBe("invalid");
      }),
    );
  });

  it("refuses text that is not a code at all", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(checkOfferCode(text, publicKey, new Date("2026-01-01T00:00:00Z")).status).toBe("invalid");
      }),
    );
  });
});

describe("base32", () => {
  it("decodes what it encodes, and refuses a spelling with stray trailing bits", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 90 }), (bytes) => {
        const text = base32Encode(bytes);
        expect(base32Decode(text)).toEqual(Buffer.from(bytes));
      }),
    );
    // One byte is 8 bits: two characters carry 10, so the last two bits must be zero.
    expect(base32Decode("Z0")).toEqual(Buffer.from([0xf8]));
    expect(base32Decode("Z1")).toBeNull();
  });
});

describe("brand signing keys", () => {
  it("derive the same key from the same secret, and different keys per brand and per secret", () => {
    const again = new OfferKeys("offer-code-property-secret-0123456789abcdef");
    const raw = (k: OfferKeys, brand: string) => k.publicKeyOf(brand).export({ format: "jwk" }).x;
    expect(raw(again, "brand")).toBe(raw(keys, "brand"));
    expect(raw(keys, "other-brand")).not.toBe(raw(keys, "brand"));
    expect(raw(new OfferKeys("another-secret-0123456789abcdefghijklmnopq"), "brand")).not.toBe(raw(keys, "brand"));
  });
});
