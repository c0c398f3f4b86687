// The registry every person-linked table plugs into: one PersonalDataSource per table family. /mydata export
// asks each source for its section, /mydata erase and the retention job ask each one to erase, /privacy shows
// how many records each holds, and `circolo privacy audit` runs each one's checks.
//
// HOW A FEATURE PLUGS ITS TABLES IN (polls, offers, Q&A, digest, ...):
// 1. Implement PersonalDataSource for your tables, in src/persistence/repositories/ beside your repository
//    (Prisma) and in src/persistence/repositories/in-memory/ (in memory). Find rows by `subject.memberIds`
//    (and `subject.voterKeys(campaignId)` for rows kept under a keyed voter id instead of a member id).
//    - export: every row of yours linked to those members, as plain JSON records (dates as ISO strings).
//    - count: how many records export would return, with COUNT queries only (Prisma `count` per table, or a
//      raw COUNT where a join decides which rows are yours), never by loading rows: /privacy shows the counts
//      after every button press, and histories such as the consent ledger grow with each one. Must equal
//      `export(subject).length` exactly; test/contract/privacy.contract.ts checks it on every storage.
//    - erase: delete the rows, or unlink them (member id to null, free text that may name the person
//      deleted) when anonymous counts must stay true. Must be idempotent; runs BEFORE the Member rows are
//      deleted, so do not rely on onDelete cascades alone (they do not run for SetNull text, keyed ids, ...).
//    - withdrawn (optional): what must go at once when a consent is withdrawn (contact data with
//      direct_messages; rows kept for personalization with personalization).
//    - expire (optional): rows with a retention limit of their own, older than the cutoff.
//    - audit (optional): your invariants as checks ("no attributed row without the consent its purpose
//      needs"), each reported with its number of violations (0 passes).
//    - tables: the database tables (model names) whose person-linked rows you answer for.
// 2. Add it to `prismaPersonalDataSources` in src/persistence/repositories/privacy-sources.ts and to
//    `inMemoryPersonalDataSources` in src/persistence/repositories/in-memory/privacy-sources.in-memory.ts,
//    BEFORE the members source (the list order is the erasure order; the Member rows go last).
// 3. A table with no person-linked data goes into `personFreeTables` in privacy-sources.ts instead.
// test/contract/privacy-erasure.test.ts lists the database's tables: a table neither claimed by a source nor
// declared person-free fails it, and so does any row still naming an erased member after erasure.

import type { ConsentPurpose } from "../domain/consent.ts";

/** A JSON value, as an export section holds it. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One record of an export section. */
export type JsonRecord = { readonly [key: string]: JsonValue };

/** One membership of the person (a member row in one community of the brand). */
export interface SubjectMember {
  readonly id: string;
  readonly communityId: string;
}

/**
 * Whose data a source exports or erases: every membership of one person in one brand's communities (the same
 * pseudonym in several communities, and accounts linked with /link), or a single membership (retention).
 */
export interface PersonalDataSubject {
  readonly members: readonly SubjectMember[];
  readonly memberIds: readonly string[];
  /**
   * The keys these members vote under on a campaign (HMAC of campaign and member under a key derived from
   * CIRCOLO_SECRET; see VoterKeys): anonymous poll votes carry no member id, only this key. One key per entry
   * of `memberIds`, in the same order.
   */
  voterKeys(campaignId: string): readonly string[];
  /**
   * The person's keyed marker on a campaign (see LimitMarkers), under which erasure keeps what a running
   * campaign's limits need; null for a membership whose pseudonym the subject was not given.
   */
  limitMarker(memberId: string, campaignId: string): string | null;
}

/** A person-linked row for a consent check: the member and the instant the row was written. */
export interface AttributedRow {
  readonly memberId: string;
  readonly at: Date;
}

/** What the audit gives each source. */
export interface AuditContext {
  readonly at: Date;
  /** Rows older than this are past retention (RETENTION_DAYS before `at`). */
  readonly retentionCutoff: Date;
  /** The same cutoff as a UTC calendar day (YYYY-MM-DD), for tables keyed by local day. */
  readonly retentionCutoffDay: string;
  /** The rows whose member did not hold `purpose` at the row's instant (ledger replayed up to it). */
  lackingConsentAt(purpose: ConsentPurpose, rows: readonly AttributedRow[]): Promise<AttributedRow[]>;
  /**
   * The rows whose member never held `purpose` at any instant up to the row's instant (for rows that sum up a
   * period, such as a day of activity: a consent given that day covers it even if withdrawn later that day).
   */
  lackingGrantBy(purpose: ConsentPurpose, rows: readonly AttributedRow[]): Promise<AttributedRow[]>;
  /** The members among `memberIds` without an active `purpose` consent now. */
  lackingConsentNow(purpose: ConsentPurpose, memberIds: readonly string[]): Promise<string[]>;
}

/** One audit rule of one table and how many rows break it (0: the rule holds). */
export interface AuditCheck {
  readonly table: string;
  /** A short sentence: "attributed events have an analytics consent at their instant". */
  readonly rule: string;
  readonly violations: number;
}

/**
 * A family of person-linked tables: what it exports, how it erases, and what the audit checks. Implemented
 * once per storage (Prisma, in memory) and registered in the lists named above.
 */
export interface PersonalDataSource {
  /** The section's key in the export document (camelCase, stable: it is part of the documented schema). */
  readonly name: string;
  /**
   * False for a source whose rows identify no one to Circolo itself (the erasure markers): erased and audited
   * like the others, but never exported nor counted in /privacy.
   */
  readonly exported?: false;
  /** The database tables whose person-linked rows this source answers for. */
  readonly tables: readonly string[];
  /** Every record of the subject, oldest first. */
  export(subject: PersonalDataSubject): Promise<JsonRecord[]>;
  /** How many records `export` returns for the subject, counted by the storage without loading them. */
  count(subject: PersonalDataSubject): Promise<number>;
  /** Deletes or unlinks every row of the subject; returns how many rows it changed. Idempotent. */
  erase(subject: PersonalDataSubject, at: Date): Promise<number>;
  /** Deletes what needed `purpose`, now that it was withdrawn; returns how many rows it changed. */
  withdrawn?(subject: PersonalDataSubject, purpose: ConsentPurpose, at: Date): Promise<number>;
  /** Deletes rows past retention (older than `cutoff`); returns how many. Idempotent. */
  expire?(cutoff: Date, at: Date): Promise<number>;
  /** The source's invariants over the whole database. */
  audit?(context: AuditContext): Promise<AuditCheck[]>;
}
