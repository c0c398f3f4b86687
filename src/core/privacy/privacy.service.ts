import { type ConsentPurpose, currentNoticeVersion } from "../domain/consent.ts";
import type { Member } from "../domain/member.ts";
import type { EngagementRecorder } from "../engagement/engagement-recorder.ts";
import type { Logger } from "../ports/logger.port.ts";
import type { BrandRepository, CommunityRepository, ConsentRepository } from "../ports/repositories.port.ts";
import type { Persons } from "./person.ts";
import type { JsonRecord, PersonalDataSource, PersonalDataSubject } from "./personal-data.port.ts";
import type { PrivacyRepository } from "./privacy.repository.port.ts";

/** Completes a section's exported records (see PrivacyService.addExportDetail). */
export type ExportDetail = (records: readonly JsonRecord[]) => Promise<readonly JsonRecord[]>;

/** The name and version of the export format (documented in the README's Privacy section). */
export const exportFormat = { format: "circolo-personal-data", version: 1 } as const;

/** The document /mydata export delivers. */
export interface PersonalDataExport {
  readonly format: typeof exportFormat.format;
  readonly version: typeof exportFormat.version;
  readonly exportedAt: string;
  readonly brand: string;
  /** The privacy notice version in force when the export was made. */
  readonly noticeVersion: string;
  /** One array of records per source, keyed by the source's name; every section is present, empty or not. */
  readonly sections: Readonly<Record<string, readonly JsonRecord[]>>;
}

/** How many records each section holds, for /privacy's "what is stored". */
export interface StoredSummary {
  readonly section: string;
  readonly records: number;
}

/** What an erasure did. */
export interface ErasureReport {
  /** Member rows erased (0: there was nothing left to erase). */
  readonly members: number;
  /** Rows deleted or unlinked by all sources. */
  readonly rows: number;
  /** Communities an identity-free tombstone was appended in. */
  readonly tombstones: number;
}

/**
 * Export and erasure over the registry of personal-data sources. Erasure order matters: the member's pending
 * events are unlinked in the recorder and flushed first (a pending attributed event would otherwise fail its
 * batch on the deleted member), then the sources run in registry order (the consent ledger first, so nothing
 * new is attributed; the Member rows last), and an identity-free tombstone per community records that an
 * erasure happened and when.
 */
export class PrivacyService {
  readonly #sources: readonly PersonalDataSource[];
  readonly #details = new Map<string, ExportDetail[]>();
  readonly #persons: Persons;
  readonly #brands: BrandRepository;
  readonly #communities: CommunityRepository;
  readonly #consents: ConsentRepository;
  readonly #privacy: PrivacyRepository;
  readonly #engagement: EngagementRecorder;
  readonly #logger: Logger;

  constructor(deps: {
    sources: readonly PersonalDataSource[];
    persons: Persons;
    brands: BrandRepository;
    communities: CommunityRepository;
    consents: ConsentRepository;
    privacy: PrivacyRepository;
    engagement: EngagementRecorder;
    logger: Logger;
  }) {
    this.#sources = deps.sources;
    this.#persons = deps.persons;
    this.#brands = deps.brands;
    this.#communities = deps.communities;
    this.#consents = deps.consents;
    this.#privacy = deps.privacy;
    this.#engagement = deps.engagement;
    this.#logger = deps.logger;
  }

  /** The registered sources, in erasure order. */
  get sources(): readonly PersonalDataSource[] {
    return this.#sources;
  }

  /** Everything linked to the member's person in their brand's communities. */
  async export(member: Member, at: Date): Promise<PersonalDataExport> {
    const subject = await this.#persons.subjectOf(member);
    const community = await this.#communities.get(member.communityId);
    const brand = community ? await this.#brands.get(community.brandId) : null;
    const sections: Record<string, readonly JsonRecord[]> = {};
    for (const source of this.#sources) {
      if (source.exported === false) continue;
      let records: readonly JsonRecord[] = await source.export(subject);
      for (const detail of this.#details.get(source.name) ?? []) records = await detail(records);
      sections[source.name] = records;
    }
    return {
      ...exportFormat,
      exportedAt: at.toISOString(),
      brand: brand?.name ?? "",
      noticeVersion: currentNoticeVersion,
      sections,
    };
  }

  /**
   * Lets a feature add to a section's exported records what only it can compute (an offer claim's code,
   * which is re-derived rather than stored). The detail gets the records and returns them completed.
   */
  addExportDetail(section: string, detail: ExportDetail): void {
    this.#details.set(section, [...(this.#details.get(section) ?? []), detail]);
  }

  /**
   * How many records each source holds about the member's person, in source order. Counted, not exported:
   * /privacy shows it after every button press.
   */
  async summary(member: Member): Promise<StoredSummary[]> {
    const subject = await this.#persons.subjectOf(member);
    return Promise.all(
      this.#sources
        .filter((source) => source.exported !== false)
        .map(
          async (source): Promise<StoredSummary> => ({
            section: source.name,
            records: await source.count(subject),
          }),
        ),
    );
  }

  /** Erases the member's whole person in their brand's communities. */
  async erasePerson(member: Member, at: Date): Promise<ErasureReport> {
    return this.erase(await this.#persons.subjectOf(member), at);
  }

  /** Erases a subject. Idempotent: a subject whose members are already gone changes nothing. */
  async erase(subject: PersonalDataSubject, at: Date): Promise<ErasureReport> {
    const present = await this.#privacy.memberships(subject.memberIds);
    if (present.length === 0) return { members: 0, rows: 0, tombstones: 0 };
    for (const id of subject.memberIds) this.#engagement.forgetMember(id);
    await this.#engagement.flush();
    let rows = 0;
    for (const source of this.#sources) rows += await source.erase(subject, at);
    // Whatever was recorded for them while the sources ran goes out anonymously.
    for (const id of subject.memberIds) this.#engagement.forgetMember(id);
    const communities = [...new Set(present.map((m) => m.communityId))];
    for (const communityId of communities) {
      await this.#consents.appendErasureTombstone(communityId, currentNoticeVersion, at);
    }
    await this.#privacy.afterErasure();
    this.#logger.info({ members: present.length, rows, communities: communities.length }, "personal data erased");
    return { members: present.length, rows, tombstones: communities.length };
  }

  /** Runs every source's reaction to a withdrawn consent, for one membership. */
  async withdrawn(member: { id: string; communityId: string }, purpose: ConsentPurpose, at: Date): Promise<number> {
    const subject = this.#persons.subject([member]);
    let rows = 0;
    for (const source of this.#sources) if (source.withdrawn) rows += await source.withdrawn(subject, purpose, at);
    return rows;
  }
}
