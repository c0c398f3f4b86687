import { randomUUID } from "node:crypto";
import type { JsonRecord, PersonalDataSource, PersonalDataSubject } from "../../../core/privacy/personal-data.port.ts";
import type { InMemoryStore } from "./in-memory-store.ts";
import { limitMarkerSourceInMemory } from "./limit-marker.in-memory.ts";
import { offerClaimSourceInMemory } from "./offer-privacy.in-memory.ts";
import { pollTablesOf } from "./poll.in-memory.ts";
import { privacyTablesOf } from "./privacy.in-memory.ts";

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * The personal-data sources in memory, in erasure order (the consent ledger first, the Member rows last), over
 * the same rows the in-memory repositories keep. Add a feature's in-memory source before `members`.
 */
export function inMemoryPersonalDataSources(store: InMemoryStore): PersonalDataSource[] {
  const ids = (subject: PersonalDataSubject) => new Set(subject.memberIds);
  // Each source finds the subject's rows once, for export to map and count to measure.
  const consentsOf = (subject: PersonalDataSubject) => {
    const mine = ids(subject);
    return store.consents.filter((c) => c.memberId !== null && mine.has(c.memberId));
  };
  const consents: PersonalDataSource = {
    name: "consents",
    tables: ["ConsentGrant"],
    export: async (subject) =>
      consentsOf(subject).map(
        (c): JsonRecord => ({
          memberId: c.memberId,
          purpose: c.purpose,
          action: c.action,
          noticeVersion: c.noticeVersion,
          at: c.at.toISOString(),
        }),
      ),
    count: async (subject) => consentsOf(subject).length,
    erase: async (subject) => removeWhere(store.consents, (c) => c.memberId !== null && ids(subject).has(c.memberId)),
  };
  const eventsOf = (subject: PersonalDataSubject) => {
    const mine = ids(subject);
    return store.events.filter((e) => e.memberId !== null && mine.has(e.memberId));
  };
  const engagement: PersonalDataSource = {
    name: "engagementEvents",
    tables: ["EngagementEvent"],
    export: async (subject) =>
      eventsOf(subject).map(
        (e): JsonRecord => ({ memberId: e.memberId, kind: e.kind, at: e.at.toISOString(), campaignId: e.campaignId }),
      ),
    count: async (subject) => eventsOf(subject).length,
    erase: async (subject) => {
      let changed = 0;
      for (const event of store.events) {
        if (event.memberId !== null && ids(subject).has(event.memberId)) {
          event.memberId = null;
          changed += 1;
        }
      }
      return changed;
    },
    // Rollups are written with the events in memory too, so every old event has its rollup.
    expire: async (cutoff) => removeWhere(store.events, (e) => e.at.getTime() < cutoff.getTime()),
  };
  const activityOf = (subject: PersonalDataSubject) => {
    const mine = ids(subject);
    return [...store.memberActivity.values()].filter((a) => mine.has(a.memberId));
  };
  const activity: PersonalDataSource = {
    name: "activityDays",
    tables: ["MemberActivityDay"],
    export: async (subject) =>
      activityOf(subject).map((a): JsonRecord => ({ memberId: a.memberId, day: a.day, kind: a.kind, count: a.count })),
    count: async (subject) => activityOf(subject).length,
    erase: async (subject) => removeFromMap(store.memberActivity, (a) => ids(subject).has(a.memberId)),
    expire: async (cutoff) => removeFromMap(store.memberActivity, (a) => a.day < cutoff.toISOString().slice(0, 10)),
  };
  const contactsOf = (subject: PersonalDataSubject) => {
    const mine = ids(subject);
    return [...privacyTablesOf(store).contacts].filter(([memberId]) => mine.has(memberId));
  };
  const contacts: PersonalDataSource = {
    name: "contactAddresses",
    tables: ["MemberContact"],
    export: async (subject) =>
      contactsOf(subject).map(
        ([memberId, c]): JsonRecord => ({
          memberId,
          what: "your private chat address, encrypted (AES-256-GCM)",
          storedAt: c.storedAt.toISOString(),
        }),
      ),
    count: async (subject) => contactsOf(subject).length,
    erase: async (subject) =>
      removeFromMap(privacyTablesOf(store).contacts, (_c, memberId) => ids(subject).has(memberId)),
    withdrawn: async (subject, purpose) =>
      purpose === "direct_messages"
        ? removeFromMap(privacyTablesOf(store).contacts, (_c, memberId) => ids(subject).has(memberId))
        : 0,
  };
  const linksOf = (subject: PersonalDataSubject) => {
    const mine = ids(subject);
    return {
      links: [...privacyTablesOf(store).links].filter(([memberId]) => mine.has(memberId)),
      codes: [...privacyTablesOf(store).codes.values()].filter((c) => mine.has(c.memberId)),
    };
  };
  const links: PersonalDataSource = {
    name: "linkedAccounts",
    tables: ["PersonLink", "LinkCode"],
    export: async (subject) => {
      const { links, codes } = linksOf(subject);
      return [
        ...links.map(([memberId, l]): JsonRecord => ({ record: "link", memberId, linkedAt: l.linkedAt.toISOString() })),
        ...codes.map(
          (c): JsonRecord => ({
            record: "pendingCode",
            memberId: c.memberId,
            createdAt: c.createdAt.toISOString(),
            expiresAt: c.expiresAt.toISOString(),
          }),
        ),
      ];
    },
    count: async (subject) => {
      const { links, codes } = linksOf(subject);
      return links.length + codes.length;
    },
    erase: async (subject) =>
      removeFromMap(privacyTablesOf(store).links, (_l, memberId) => ids(subject).has(memberId)) +
      removeFromMap(privacyTablesOf(store).codes, (c) => ids(subject).has(c.memberId)),
    expire: async (_cutoff, at) =>
      removeFromMap(privacyTablesOf(store).codes, (c) => c.expiresAt.getTime() <= at.getTime()),
  };
  const pollVotes: PersonalDataSource = {
    name: "pollVotes",
    tables: ["PollVote"],
    export: async (subject) => {
      const { polls } = pollTablesOf(store);
      return votesOf(store, subject).map((v): JsonRecord => {
        const poll = polls.get(v.pollId);
        return {
          campaignId: v.pollId,
          question: poll?.question ?? "",
          option: poll?.options[v.optionIndex] ?? null,
          optionIndex: v.optionIndex,
          at: v.at.toISOString(),
          attributed: v.memberId !== null && store.members.has(v.memberId),
        };
      });
    },
    count: async (subject) => votesOf(store, subject).length,
    erase: async (subject) => {
      const { votes } = pollTablesOf(store);
      const mine = new Set(votesOf(store, subject));
      const keys = new Map<string, string>();
      for (const [index, vote] of votes.entries()) {
        if (!mine.has(vote)) continue;
        const voter = `${vote.pollId}\n${vote.voterKey}`;
        const key = keys.get(voter) ?? `erased-${randomUUID()}`;
        keys.set(voter, key);
        votes[index] = { ...vote, voterKey: key, memberId: null };
      }
      return mine.size;
    },
  };
  const audienceOf = (subject: PersonalDataSubject) => {
    const mine = ids(subject);
    return [...pollTablesOf(store).audience].flatMap((key) => {
      const [campaignId = "", memberId = ""] = key.split("\u0000");
      return mine.has(memberId) ? [{ campaignId, memberId }] : [];
    });
  };
  const audiences: PersonalDataSource = {
    name: "campaignAudiences",
    tables: ["CampaignAudience"],
    export: async (subject) => {
      const { polls } = pollTablesOf(store);
      return audienceOf(subject).map(
        ({ campaignId, memberId }): JsonRecord => ({
          memberId,
          campaignId,
          kind: "poll",
          title: polls.get(campaignId)?.question ?? "",
        }),
      );
    },
    count: async (subject) => audienceOf(subject).length,
    erase: async (subject) => removeAudience(store, ids(subject)),
    withdrawn: async (subject, purpose) => (purpose === "personalization" ? removeAudience(store, ids(subject)) : 0),
  };
  const privateCopiesOf = (subject: PersonalDataSubject) => {
    const mine = ids(subject);
    return [...pollTablesOf(store).messages].flatMap(([campaignId, list]) =>
      list.filter((m) => m.memberId && mine.has(m.memberId)).map((message) => ({ campaignId, message })),
    );
  };
  const privateCopies: PersonalDataSource = {
    name: "privateCopies",
    tables: ["CampaignMessage"],
    export: async (subject) =>
      privateCopiesOf(subject).map(
        ({ campaignId, message: m }): JsonRecord => ({
          memberId: m.memberId ?? null,
          campaignId,
          platform: m.ref.platform,
          privateChat: m.ref.channelId,
          messageId: m.ref.messageId,
          at: m.at.toISOString(),
        }),
      ),
    count: async (subject) => privateCopiesOf(subject).length,
    erase: async (subject) => removePrivateCopies(store, ids(subject)),
    withdrawn: async (subject, purpose) =>
      purpose === "direct_messages" ? removePrivateCopies(store, ids(subject)) : 0,
  };
  const membershipsOf = (subject: PersonalDataSubject) =>
    subject.memberIds.flatMap((id) => {
      const m = store.members.get(id);
      const community = m ? store.communities.get(m.communityId) : undefined;
      return m && community ? [{ m, community }] : [];
    });
  const members: PersonalDataSource = {
    name: "memberships",
    tables: ["Member"],
    export: async (subject) =>
      membershipsOf(subject).map(
        ({ m, community }): JsonRecord => ({
          memberId: m.id,
          platform: community.platform,
          community: community.title,
          pseudonym: m.pseudonym,
          joinedAt: m.joinedAt.toISOString(),
          lastSeenAt: iso(m.lastSeenAt),
          locale: m.locale,
          roles: [...m.roles],
          consentAskedAt: iso(privacyTablesOf(store).asked.get(m.id) ?? null),
        }),
      ),
    count: async (subject) => membershipsOf(subject).length,
    erase: async (subject) => {
      let deleted = 0;
      for (const id of subject.memberIds) {
        if (store.members.has(id)) deleted += 1;
        store.deleteMember(id);
      }
      return deleted;
    },
  };
  const offerClaims = offerClaimSourceInMemory(store);
  return [
    limitMarkerSourceInMemory(store),
    consents,
    engagement,
    activity,
    contacts,
    links,
    pollVotes,
    audiences,
    privateCopies,
    offerClaims,
    members,
  ];
}

/** The subject's votes: attributed ones by member id, anonymous ones by their voter keys. */
function votesOf(store: InMemoryStore, subject: PersonalDataSubject) {
  const { votes, polls } = pollTablesOf(store);
  const memberIds = new Set(subject.memberIds);
  const communities = new Set(subject.members.map((m) => m.communityId));
  const keys = new Set(
    [...polls.values()]
      .filter((p) => communities.has(p.communityId))
      .flatMap((p) => subject.voterKeys(p.id).map((k) => `${p.id}\n${k}`)),
  );
  return votes.filter(
    (v) => (v.memberId !== null && memberIds.has(v.memberId)) || keys.has(`${v.pollId}\n${v.voterKey}`),
  );
}

function removeAudience(store: InMemoryStore, memberIds: ReadonlySet<string>): number {
  const { audience } = pollTablesOf(store);
  let removed = 0;
  for (const key of audience) {
    if (memberIds.has(key.split("\u0000")[1] ?? "")) {
      audience.delete(key);
      removed += 1;
    }
  }
  return removed;
}

function removePrivateCopies(store: InMemoryStore, memberIds: ReadonlySet<string>): number {
  let removed = 0;
  for (const list of pollTablesOf(store).messages.values()) {
    removed += removeWhere(list, (m) => Boolean(m.memberId && memberIds.has(m.memberId)));
  }
  return removed;
}

/** Removes the matching items of an array in place; returns how many. */
function removeWhere<T>(rows: T[], matches: (row: T) => boolean): number {
  let removed = 0;
  for (let index = rows.length - 1; index >= 0; index--) {
    if (matches(rows[index] as T)) {
      rows.splice(index, 1);
      removed += 1;
    }
  }
  return removed;
}

/** Removes the matching entries of a map; returns how many. */
function removeFromMap<K, V>(rows: Map<K, V>, matches: (row: V, key: K) => boolean): number {
  let removed = 0;
  for (const [key, row] of rows) {
    if (matches(row, key)) {
      rows.delete(key);
      removed += 1;
    }
  }
  return removed;
}
