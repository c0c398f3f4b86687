import type { Platform } from "../domain/platform.ts";

const values = new WeakMap<ContactAddress, string>();

/**
 * Where a platform delivers a private message to the person acting (their user id, which is also their
 * Telegram private chat's id). Handlers carry it without being able to read it: it prints and serializes
 * as a placeholder, so it cannot end up in a log line or a view by mistake. Only the contact book opens it,
 * and stores it sealed, with a direct_messages consent.
 */
export class ContactAddress {
  readonly platform: Platform;

  private constructor(platform: Platform) {
    this.platform = platform;
  }

  /** Wraps a platform address; adapters and the pipeline call this with the raw id they hold. */
  static of(platform: Platform, address: string): ContactAddress {
    const sealed = new ContactAddress(platform);
    values.set(sealed, address);
    return sealed;
  }

  toString(): string {
    return `[contact on ${this.platform}]`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** The raw address inside: for the contact book, which seals it before it is stored. */
export function openContactAddress(address: ContactAddress): string {
  const value = values.get(address);
  if (value === undefined) throw new Error("not a contact address made by ContactAddress.of");
  return value;
}
