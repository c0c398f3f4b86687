import { describe, expect, it } from "vitest";
import { ContactAddress, openContactAddress } from "../../../src/core/privacy/contact-address.ts";
import { ContactCipher } from "../../../src/core/privacy/contact-cipher.ts";
import { ErasureTickets } from "../../../src/core/privacy/erasure-ticket.ts";
import { LinkCodes } from "../../../src/core/privacy/link-code.ts";

const secret = "privacy-secrets-test-secret-0123456789abcdef";

describe("contact addresses at rest", () => {
  const cipher = new ContactCipher(secret);

  it("seals an address so that it opens again only for the same member", () => {
    const sealed = cipher.seal("member-1", "123456789");
    expect(sealed).not.toContain("123456789");
    expect(Buffer.from(sealed, "base64url").toString("latin1")).not.toContain("123456789");
    expect(cipher.open("member-1", sealed)).toBe("123456789");
    expect(cipher.open("member-2", sealed)).toBeNull();
  });

  it("seals the same address differently each time (a fresh IV)", () => {
    expect(cipher.seal("member-1", "42")).not.toBe(cipher.seal("member-1", "42"));
  });

  it("refuses an altered value and a value sealed under another secret", () => {
    const sealed = Buffer.from(cipher.seal("member-1", "123456789"), "base64url");
    sealed[sealed.length - 1] = (sealed.at(-1) ?? 0) ^ 1;
    expect(cipher.open("member-1", sealed.toString("base64url"))).toBeNull();
    const other = new ContactCipher("another-secret-of-the-right-length-0123456789");
    expect(other.open("member-1", cipher.seal("member-1", "123456789"))).toBeNull();
    expect(cipher.open("member-1", "short")).toBeNull();
  });

  it("never prints or serializes the raw address a handler carries", () => {
    const address = ContactAddress.of("telegram", "987654321");
    expect(String(address)).not.toContain("987654321");
    expect(`${address}`).not.toContain("987654321");
    expect(JSON.stringify({ address })).not.toContain("987654321");
    expect(openContactAddress(address)).toBe("987654321");
  });
});

describe("one-time link codes", () => {
  const codes = new LinkCodes(secret);

  it("issues a code in three groups of four that verifies for its brand only", () => {
    const issued = codes.issue("brand-a");
    expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(codes.verify(issued.code, "brand-a")).toBe(issued.nonce);
    expect(codes.verify(issued.code, "brand-b")).toBeNull();
  });

  it("accepts the code typed in lower case, without dashes, or with look-alike letters", () => {
    const issued = codes.issue("brand-a");
    const typed = issued.code.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l");
    expect(codes.verify(typed, "brand-a")).toBe(issued.nonce);
  });

  it("refuses a code with one character changed, a made-up code and a code under another secret", () => {
    const issued = codes.issue("brand-a");
    const last = issued.code.at(-1) === "0" ? "1" : "0";
    expect(codes.verify(`${issued.code.slice(0, -1)}${last}`, "brand-a")).toBeNull();
    expect(codes.verify("AAAA-AAAA-AAAA", "brand-a")).toBeNull();
    expect(codes.verify("too short", "brand-a")).toBeNull();
    expect(new LinkCodes("another-secret-of-the-right-length-0123456789").verify(issued.code, "brand-a")).toBeNull();
  });
});

describe("erasure tickets", () => {
  it("match only the member they were issued for", () => {
    const tickets = new ErasureTickets(secret);
    const ticket = tickets.issue("member-1");
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(tickets.matches(ticket, "member-1")).toBe(true);
    expect(tickets.matches(ticket, "member-2")).toBe(false);
    expect(tickets.matches("short", "member-1")).toBe(false);
  });
});
