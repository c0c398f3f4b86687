import type { ConsentEntry } from "../domain/consent.ts";
import type { Platform } from "../domain/platform.ts";

/** A member row with what privacy needs to group memberships into a person. */
export interface Membership {
  readonly id: string;
  readonly communityId: string;
  readonly brandId: string;
  readonly platform: Platform;
  readonly pseudonym: string;
  readonly joinedAt: Date;
  readonly lastSeenAt: Date | null;
}

/** A membership's place in a linked person. */
export interface PersonLinkRow {
  readonly memberId: string;
  readonly personId: string;
}

/** A /link code as stored: the nonce is its id; the signature is checked before the store is asked. */
export interface StoredLinkCode {
  readonly id: string;
  readonly memberId: string;
  readonly brandId: string;
  readonly expiresAt: Date;
}

/** A database table and whether it was declared free of person-linked data. */
export interface TableInfo {
  readonly name: string;
  readonly personFree: boolean;
}

/**
 * What the privacy feature keeps itself (account links, link codes, sealed contact addresses, the asked-once
 * mark) and the reads it needs across members (grouping memberships into a person, retention, the audit).
 */
export interface PrivacyRepository {
  /** The members with these ids (missing ids are skipped). */
  memberships(memberIds: readonly string[]): Promise<Membership[]>;
  /** Members with one of these pseudonyms, in the brand's communities (every brand when brandId is null). */
  membershipsByPseudonym(pseudonyms: readonly string[], brandId: string | null): Promise<Membership[]>;
  /** The link rows of these members. */
  links(memberIds: readonly string[]): Promise<PersonLinkRow[]>;
  /** Every link row of these persons. */
  linksOfPersons(personIds: readonly string[]): Promise<PersonLinkRow[]>;
  /**
   * Makes `memberIds` one person: each gets a link row with `personId`, and every row of the persons in
   * `absorb` moves to `personId` too (two linked groups becoming one). One transaction.
   */
  link(input: {
    memberIds: readonly string[];
    personId: string;
    absorb: readonly string[];
    brandId: string;
    at: Date;
  }): Promise<void>;
  /** Deletes the link rows of these members; returns how many. */
  unlink(memberIds: readonly string[]): Promise<number>;

  /** Stores a new code; false when its id is taken (the caller draws another nonce). */
  createLinkCode(code: StoredLinkCode & { readonly createdAt: Date }): Promise<boolean>;
  /** Deletes the member's codes (a new /link replaces the previous code). */
  deleteLinkCodesOf(memberId: string): Promise<void>;
  /** Deletes and returns the code: of two concurrent takes only one gets it (one-time). Null when none. */
  takeLinkCode(id: string): Promise<StoredLinkCode | null>;

  /** Stores (or replaces) the member's sealed contact address. */
  storeContact(memberId: string, sealed: string, at: Date): Promise<void>;
  /** The member's sealed contact address, or null. */
  sealedContact(memberId: string): Promise<string | null>;
  /** Deletes the member's contact address; false when there was none. */
  deleteContact(memberId: string): Promise<boolean>;

  /** Marks the member as asked for consent; false when they already were (asked once). */
  markAsked(memberId: string, at: Date): Promise<boolean>;

  /** Up to `limit` members, in id order, last seen (or, never seen again, first seen) before `cutoff`. */
  membersUnseenSince(cutoff: Date, limit: number): Promise<string[]>;
  /** The consent ledger entries of these members (tombstones left out), oldest first. */
  consentHistories(memberIds: readonly string[]): Promise<ConsentEntry[]>;
  /** The storage's tables (none in memory), each marked person-free or not. */
  tables(): Promise<TableInfo[]>;

  /**
   * After an erasure: drops the copies of the erased rows the storage can drop at once. SQLite deletes with
   * secure_delete (the content is zeroed) and this checkpoints its write-ahead log (TRUNCATE), where the rows'
   * earlier versions still are; PostgreSQL's dead row versions wait for `reclaim`.
   */
  afterErasure(): Promise<void>;
  /**
   * After the daily retention run: reclaims the dead row versions of these tables (PostgreSQL: VACUUM, so their
   * space is reused and their bytes overwritten; SQLite: a WAL checkpoint again).
   */
  reclaim(tables: readonly string[]): Promise<void>;
}
