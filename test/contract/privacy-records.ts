// A person with rows in every personal-data table, written through the repository ports only, so the same
// seed runs in memory, on SQLite and on PostgreSQL. Other members of the same communities get rows beside
// theirs, so a source that counted or exported too widely would show it.
import { randomUUID } from "node:crypto";
import type { Community } from "../../src/core/domain/community.ts";
import type { Member } from "../../src/core/domain/member.ts";
import { VoterKeys } from "../../src/core/polls/voter-key.ts";
import type { Repositories } from "../../src/core/ports/repositories.port.ts";
import { LimitMarkers } from "../../src/core/privacy/limit-marker.ts";
import { Persons } from "../../src/core/privacy/person.ts";
import type { PersonalDataSubject } from "../../src/core/privacy/personal-data.port.ts";
import { eventRow, seedCommunity, seedMember } from "./harness.ts";
import { newOffer } from "./offer-harness.ts";
import { newPoll } from "./poll-harness.ts";

const t0 = new Date("2026-11-30T10:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

/** What a seeded world offers the tests: subjects to export and count. */
export interface SeededPeople {
  /** One person with a Telegram and a Discord membership (linked), holding rows in every table. */
  readonly person: PersonalDataSubject;
  /** A member with nothing stored but their membership. */
  readonly bare: PersonalDataSubject;
  /** Makes a subject of these member ids; unknown ids are allowed. */
  subject(memberIds: readonly string[]): PersonalDataSubject;
}

/** Seeds the person, a bystander with rows of their own, and a bare member. */
export async function seedPeopleInEverySource(repositories: Repositories): Promise<SeededPeople> {
  const secret = `privacy-records-${randomUUID()}`;
  const voterKeys = new VoterKeys(secret);
  const persons = new Persons({
    privacy: repositories.privacy,
    communities: repositories.communities,
    voterKeys,
    limitMarkers: new LimitMarkers(secret),
  });
  const telegram = await seedCommunity(repositories);
  const discord = await repositories.communities.upsertByPlatformId({
    id: `community-${randomUUID()}`,
    brandId: telegram.brandId,
    platform: "discord",
    platformId: `${Math.floor(Math.random() * 1e15)}`,
    title: "Acme HQ",
    timeZone: "Europe/Rome",
    locale: "it",
    settings: telegram.settings,
  });
  const onTelegram = await seedMember(repositories, telegram.id);
  const onDiscord = await seedMember(repositories, discord.id);
  const bystander = await seedMember(repositories, telegram.id);
  const bare = await seedMember(repositories, telegram.id);
  const communityOf = new Map([onTelegram, onDiscord, bystander, bare].map((m) => [m.id, m.communityId]));

  await repositories.privacy.link({
    memberIds: [onTelegram.id, onDiscord.id],
    personId: `person-${randomUUID()}`,
    absorb: [],
    brandId: telegram.brandId,
    at: at(0),
  });
  for (const member of [onTelegram, onDiscord, bystander]) {
    await writeMemberRows(repositories, voterKeys, member.communityId === telegram.id ? telegram : discord, member);
  }
  await writeCampaignRows(repositories, voterKeys, telegram, { attributed: onTelegram, keyed: onDiscord, bystander });

  const subject = (memberIds: readonly string[]) =>
    persons.subject(memberIds.map((id) => ({ id, communityId: communityOf.get(id) ?? telegram.id })));
  return { person: subject([onTelegram.id, onDiscord.id]), bare: subject([bare.id]), subject };
}

/** Rows that belong to one member alone: consents, events and activity, contact, link code, digest, Q&A. */
async function writeMemberRows(repositories: Repositories, voterKeys: VoterKeys, community: Community, member: Member) {
  const entry = { communityId: community.id, memberId: member.id, noticeVersion: "v1" } as const;
  await repositories.consents.append({ ...entry, purpose: "analytics", action: "granted", at: at(1) });
  await repositories.consents.append({ ...entry, purpose: "analytics", action: "withdrawn", at: at(2) });
  await repositories.consents.append({ ...entry, purpose: "analytics", action: "granted", at: at(3) });
  await repositories.consents.append({ ...entry, purpose: "direct_messages", action: "granted", at: at(4) });
  await repositories.engagement.writeBatch([
    eventRow(community, { kind: "command", at: at(5), memberId: member.id }),
    eventRow(community, { kind: "vote", at: at(6), memberId: member.id }),
    eventRow(community, { kind: "vote", at: at(60 * 26), memberId: member.id }),
  ]);
  await repositories.privacy.storeContact(member.id, `sealed-${voterKeys.of("contact", member.id)}`, at(7));
  await repositories.privacy.createLinkCode({
    id: `N${randomUUID().slice(0, 7)}`,
    memberId: member.id,
    brandId: community.brandId,
    expiresAt: at(60),
    createdAt: at(8),
  });
  await repositories.digests.subscribe({
    communityId: community.id,
    memberId: member.id,
    scope: "community",
    createdAt: at(9),
  });
  await repositories.digests.subscribe({
    communityId: community.id,
    memberId: member.id,
    scope: "brand",
    createdAt: at(9),
  });
  await repositories.digests.recordDelivery(
    { communityId: community.id, week: "2026-W49", recipient: "community", memberId: member.id },
    at(10),
  );
  const opened = await repositories.qa.open({
    id: randomUUID(),
    communityId: community.id,
    channelId: `qa-${member.id}`,
    topic: "New flavours",
    moderated: false,
    maxOpenPerMember: 3,
    openedAt: at(11),
    endsAt: at(120),
  });
  if (opened.kind !== "opened") throw new Error(`no Q&A session: ${opened.kind}`);
  for (const text of ["When does pistachio come back?", "Any vegan gelato?"]) {
    const asked = await repositories.qa.ask({
      id: randomUUID(),
      sessionId: opened.session.id,
      askerId: member.id,
      text,
      at: at(12),
      state: "published",
      notifyAddress: null,
    });
    if (asked.kind !== "asked") throw new Error(`not asked: ${asked.kind}`);
    await repositories.qa.upvote(asked.question.id, member.id, at(13));
  }
}

/**
 * Rows of campaigns several members share: an attributed poll (an audience, a private copy and a direct
 * prompt for the person's Telegram membership), an anonymous multiple-choice poll the Discord membership votes
 * in under its voter key, and an offer each of them claims.
 */
async function writeCampaignRows(
  repositories: Repositories,
  voterKeys: VoterKeys,
  community: Community,
  voters: { attributed: Member; keyed: Member; bystander: Member },
) {
  const { attributed, keyed, bystander } = voters;
  const attributedPoll = await repositories.polls.create(
    newPoll(community, { anonymity: "attributed", sentAt: at(20) }),
    [attributed.id, bystander.id],
  );
  const anonymousPoll = await repositories.polls.create(newPoll(community, { multi: true, sentAt: at(20) }), null);
  const vote = (pollId: string, member: Member, memberId: string | null, option: number, mode: "single" | "toggle") =>
    repositories.polls.castVote({
      pollId,
      voterKey: voterKeys.of(pollId, member.id),
      memberId,
      option,
      mode,
      at: at(21),
    });
  await vote(attributedPoll.id, attributed, attributed.id, 0, "single");
  await vote(attributedPoll.id, bystander, bystander.id, 1, "single");
  await vote(anonymousPoll.id, keyed, null, 0, "toggle");
  await vote(anonymousPoll.id, keyed, null, 2, "toggle");
  await vote(anonymousPoll.id, bystander, null, 1, "toggle");
  for (const member of [attributed, bystander]) {
    await repositories.polls.addMessage(attributedPoll.id, {
      role: "direct",
      ref: { platform: "telegram", channelId: `private-${member.id}`, messageId: "1" },
      at: at(22),
      memberId: member.id,
    });
    await repositories.deliveries.create({
      communityId: community.id,
      campaignId: attributedPoll.id,
      memberId: member.id,
      status: "sent",
      reason: null,
      deliverAt: at(22),
      createdAt: at(22),
    });
  }
  const offer = await repositories.offers.create(newOffer(community, { startsAt: at(20), quantity: 10, perMember: 2 }));
  if ("codesInUse" in offer) throw new Error("the offer was not created");
  await repositories.offers.open(offer.id, at(20), 10, null);
  for (const member of [attributed, attributed, keyed, bystander]) {
    const claimed = await repositories.offers.claim({ offerId: offer.id, memberId: member.id, at: at(23) });
    if (claimed.kind !== "claimed") throw new Error(`not claimed: ${claimed.kind}`);
  }
}
