import type { Member } from "../domain/member.ts";
import type { VoterKeys } from "../polls/voter-key.ts";
import type { CommunityRepository } from "../ports/repositories.port.ts";
import type { LimitMarkers } from "./limit-marker.ts";
import type { PersonalDataSubject } from "./personal-data.port.ts";
import type { Membership, PrivacyRepository } from "./privacy.repository.port.ts";

/** Links can chain (A–B, then B's other community): a few rounds reach every membership of a person. */
const MAX_ROUNDS = 8;

/**
 * Groups memberships into the person behind them, within one brand: the same pseudonym (one platform account)
 * in each of the brand's communities, plus the accounts linked to it with /link, and theirs in turn.
 */
export class Persons {
  readonly #privacy: PrivacyRepository;
  readonly #communities: CommunityRepository;
  readonly #voterKeys: VoterKeys;
  readonly #limitMarkers: LimitMarkers;

  constructor(deps: {
    privacy: PrivacyRepository;
    communities: CommunityRepository;
    voterKeys: VoterKeys;
    limitMarkers: LimitMarkers;
  }) {
    this.#privacy = deps.privacy;
    this.#communities = deps.communities;
    this.#voterKeys = deps.voterKeys;
    this.#limitMarkers = deps.limitMarkers;
  }

  /** Every membership of the member's person in their brand's communities (the member's own included). */
  async membershipsOf(member: Pick<Member, "pseudonym" | "communityId">): Promise<Membership[]> {
    const community = await this.#communities.get(member.communityId);
    if (!community) return [];
    const found = new Map<string, Membership>();
    let pseudonyms = [member.pseudonym];
    for (let round = 0; round < MAX_ROUNDS && pseudonyms.length > 0; round++) {
      const added = await this.#privacy.membershipsByPseudonym(pseudonyms, community.brandId);
      for (const m of added) found.set(m.id, m);
      const persons = [...new Set((await this.#privacy.links([...found.keys()])).map((l) => l.personId))];
      const linked = await this.#privacy.memberships(
        (await this.#privacy.linksOfPersons(persons)).map((l) => l.memberId).filter((id) => !found.has(id)),
      );
      const known = new Set([...found.values()].map((m) => m.pseudonym));
      pseudonyms = [...new Set(linked.filter((m) => m.brandId === community.brandId).map((m) => m.pseudonym))].filter(
        (p) => !known.has(p),
      );
    }
    return [...found.values()].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime());
  }

  /** The subject of a whole person (export, erasure). */
  async subjectOf(member: Pick<Member, "pseudonym" | "communityId">): Promise<PersonalDataSubject> {
    return this.subject(await this.membershipsOf(member));
  }

  /**
   * A subject made of these memberships only (one membership: retention, a withdrawn consent). Their pseudonyms,
   * when given, make the markers erasure leaves for running campaigns' limits.
   */
  subject(members: readonly { id: string; communityId: string; pseudonym?: string }[]): PersonalDataSubject {
    const memberIds = members.map((m) => m.id);
    const pseudonyms = new Map(members.flatMap((m) => (m.pseudonym ? [[m.id, m.pseudonym] as const] : [])));
    return {
      members: members.map((m) => ({ id: m.id, communityId: m.communityId })),
      memberIds,
      voterKeys: (campaignId) => memberIds.map((id) => this.#voterKeys.of(campaignId, id)),
      limitMarker: (memberId, campaignId) => {
        const pseudonym = pseudonyms.get(memberId);
        return pseudonym ? this.#limitMarkers.of(campaignId, pseudonym) : null;
      },
    };
  }
}
