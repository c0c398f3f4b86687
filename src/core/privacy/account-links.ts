import { randomUUID } from "node:crypto";
import type { Member } from "../domain/member.ts";
import { type AppError, fail } from "../errors/error-codes.ts";
import { ok, type Result } from "../errors/result.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import { LINK_CODE_TTL_MS, type LinkCodes } from "./link-code.ts";
import type { Persons } from "./person.ts";
import type { Membership, PrivacyRepository } from "./privacy.repository.port.ts";

/** Nonce collisions are rare (30 random bits, codes live ten minutes); a few draws always find a free one. */
const ISSUE_ATTEMPTS = 5;

/**
 * Passwordless account links: /link gives a one-time signed code (LinkCodes); /link <code> typed by the same
 * person elsewhere (usually on the other platform) joins both memberships into one person of the brand, for
 * a single export and erasure. Unlinking separates the member's account from the others again.
 */
export class AccountLinks {
  readonly #privacy: PrivacyRepository;
  readonly #persons: Persons;
  readonly #communities: CommunityRepository;
  readonly #codes: LinkCodes;
  readonly #newId: () => string;

  constructor(deps: {
    privacy: PrivacyRepository;
    persons: Persons;
    communities: CommunityRepository;
    codes: LinkCodes;
    newId?: () => string;
  }) {
    this.#privacy = deps.privacy;
    this.#persons = deps.persons;
    this.#communities = deps.communities;
    this.#codes = deps.codes;
    this.#newId = deps.newId ?? randomUUID;
  }

  /** A new code for the member; any earlier code of theirs stops working. */
  async issue(member: Member, at: Date): Promise<{ code: string; expiresAt: Date }> {
    const brandId = await this.#brandOf(member);
    await this.#privacy.deleteLinkCodesOf(member.id);
    const expiresAt = new Date(at.getTime() + LINK_CODE_TTL_MS);
    for (let attempt = 0; attempt < ISSUE_ATTEMPTS; attempt++) {
      const issued = this.#codes.issue(brandId);
      const stored = await this.#privacy.createLinkCode({
        id: issued.nonce,
        memberId: member.id,
        brandId,
        expiresAt,
        createdAt: at,
      });
      if (stored) return { code: issued.code, expiresAt };
    }
    throw new Error("no free link code nonce after several draws");
  }

  /**
   * Links the member with the account that issued `typed`. The code is spent by the attempt (a code works
   * once), even when the link is then refused.
   */
  async redeem(member: Member, typed: string, at: Date): Promise<Result<Membership[], AppError>> {
    const brandId = await this.#brandOf(member);
    const nonce = this.#codes.verify(typed, brandId);
    const stored = nonce ? await this.#privacy.takeLinkCode(nonce) : null;
    if (!stored || stored.brandId !== brandId) return fail("LINK_CODE_INVALID");
    if (stored.expiresAt.getTime() <= at.getTime()) return fail("LINK_CODE_EXPIRED");
    const [issuer] = await this.#privacy.memberships([stored.memberId]);
    if (!issuer) return fail("LINK_CODE_INVALID");
    if (issuer.pseudonym === member.pseudonym) return fail("LINK_SAME_ACCOUNT");
    const mine = await this.#persons.membershipsOf(member);
    const theirs = await this.#persons.membershipsOf(issuer);
    const all = [...new Map([...mine, ...theirs].map((m) => [m.id, m])).values()];
    const persons = [...new Set((await this.#privacy.links(all.map((m) => m.id))).map((l) => l.personId))].sort();
    const personId = persons[0] ?? this.#newId();
    await this.#privacy.link({ memberIds: all.map((m) => m.id), personId, absorb: persons.slice(1), brandId, at });
    return ok(all.filter((m) => m.pseudonym !== member.pseudonym));
  }

  /** The member's person's memberships on other accounts (what /link shows as linked). */
  async linked(member: Member): Promise<Membership[]> {
    return (await this.#persons.membershipsOf(member)).filter((m) => m.pseudonym !== member.pseudonym);
  }

  /**
   * Separates the member's account (all its memberships in the brand) from the accounts it was linked with;
   * a person left with a single account is no link any more, so its rows go too. Returns the rows deleted.
   */
  async unlink(member: Member): Promise<number> {
    const brandId = await this.#brandOf(member);
    const own = await this.#privacy.membershipsByPseudonym([member.pseudonym], brandId);
    const ownIds = own.map((m) => m.id);
    const persons = [...new Set((await this.#privacy.links(ownIds)).map((l) => l.personId))];
    let deleted = await this.#privacy.unlink(ownIds);
    const rest = await this.#privacy.linksOfPersons(persons);
    const restMemberships = await this.#privacy.memberships(rest.map((l) => l.memberId));
    for (const personId of persons) {
      const ids = rest.filter((l) => l.personId === personId).map((l) => l.memberId);
      const accounts = new Set(restMemberships.filter((m) => ids.includes(m.id)).map((m) => m.pseudonym));
      if (accounts.size <= 1) deleted += await this.#privacy.unlink(ids);
    }
    return deleted;
  }

  async #brandOf(member: Member): Promise<string> {
    const community = await this.#communities.get(member.communityId);
    if (!community) throw new Error(`member ${member.id} belongs to no known community`);
    return community.brandId;
  }
}
