import { describe, expect, it } from "vitest";
import { defaultCommunitySettings } from "../../../src/core/domain/community.ts";
import type { Member } from "../../../src/core/domain/member.ts";
import { InteractionRecord } from "../../../src/core/engagement/interaction.ts";
import { reasonOf } from "../../../src/core/errors/issue-reason.ts";
import { invalidPollReasons } from "../../../src/core/polls/poll.schema.ts";
import { AudienceService } from "../../../src/core/targeting/audience.service.ts";
import { type Segment, segmentKinds, segmentSchema } from "../../../src/core/targeting/segment.schema.ts";
import { inSegment } from "../../../src/core/targeting/segment-evaluator.ts";
import { AudienceRepositoryInMemory } from "../../../src/persistence/repositories/in-memory/audience.in-memory.ts";
import { createInMemoryRepositories } from "../../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { inMemoryPollCore } from "../polls/support/poll-core.ts";

const DAY = 86_400_000;
const sentAt = new Date("2026-11-30T10:00:00Z");
const daysBefore = (days: number) => new Date(sentAt.getTime() - days * DAY);

function member(overrides: Partial<Member> = {}): Member {
  return {
    id: "m",
    communityId: "c",
    pseudonym: "p",
    joinedAt: daysBefore(100),
    lastSeenAt: daysBefore(1),
    roles: [],
    locale: "en",
    ...overrides,
  };
}

const segments: Record<(typeof segmentKinds)[number], Segment> = {
  everyone: { kind: "everyone" },
  roles: { kind: "roles", roleIds: ["vip", "staff"] },
  new_members: { kind: "new_members", days: 7 },
  active: { kind: "active", days: 14 },
  lapsed: { kind: "lapsed", days: 30 },
  language: { kind: "language", languages: ["it"] },
  personalization: { kind: "personalization" },
};

describe("segment evaluation", () => {
  const consenting = (m: Member) => ({ member: m, personalization: true });

  it("holds every member in everyone", () => {
    expect(inSegment(segments.everyone, { member: member(), personalization: false }, sentAt)).toBe(true);
  });

  it("holds members with any of the roles", () => {
    expect(inSegment(segments.roles, consenting(member({ roles: ["staff"] })), sentAt)).toBe(true);
    expect(inSegment(segments.roles, consenting(member({ roles: ["guest"] })), sentAt)).toBe(false);
  });

  it("matches languages on their base code and leaves out members whose language is unknown", () => {
    expect(inSegment(segments.language, consenting(member({ locale: "it-IT" })), sentAt)).toBe(true);
    expect(inSegment(segments.language, consenting(member({ locale: "en-GB" })), sentAt)).toBe(false);
    expect(inSegment(segments.language, consenting(member({ locale: null })), sentAt)).toBe(false);
  });

  it("counts as new a member who joined within the days before sending, or since", () => {
    expect(inSegment(segments.new_members, consenting(member({ joinedAt: daysBefore(6) })), sentAt)).toBe(true);
    expect(inSegment(segments.new_members, consenting(member({ joinedAt: daysBefore(8) })), sentAt)).toBe(false);
    const later = new Date(sentAt.getTime() + DAY);
    expect(inSegment(segments.new_members, consenting(member({ joinedAt: later })), sentAt)).toBe(true);
  });

  it("tells active from lapsed members by their last activity", () => {
    const recent = member({ lastSeenAt: daysBefore(3) });
    const gone = member({ lastSeenAt: daysBefore(45) });
    expect(inSegment(segments.active, consenting(recent), sentAt)).toBe(true);
    expect(inSegment(segments.active, consenting(gone), sentAt)).toBe(false);
    expect(inSegment(segments.lapsed, consenting(gone), sentAt)).toBe(true);
    expect(inSegment(segments.lapsed, consenting(recent), sentAt)).toBe(false);
  });

  it("puts a member without personalization consent only in everyone, role and language segments", () => {
    const everyFact = member({
      roles: ["vip"],
      locale: "it",
      joinedAt: daysBefore(1),
      lastSeenAt: daysBefore(1),
    });
    const lapsedFacts = member({ roles: ["vip"], locale: "it", lastSeenAt: daysBefore(90) });
    const held = segmentKinds.filter(
      (kind) =>
        inSegment(segments[kind], { member: everyFact, personalization: false }, sentAt) ||
        inSegment(segments[kind], { member: lapsedFacts, personalization: false }, sentAt),
    );
    expect(held).toEqual(["everyone", "roles", "language"]);
  });
});

describe("segment definitions", () => {
  it.each([
    [{ kind: "vips" }, "unknown_segment"],
    [{ kind: "lapsed" }, "segment_needs_days"],
    [{ kind: "active", days: 0 }, "segment_days_range"],
    [{ kind: "roles", roleIds: [] }, "segment_needs_roles"],
    [{ kind: "language", languages: [] }, "segment_needs_language"],
    [{ kind: "language", languages: ["italiano"] }, "segment_bad_language"],
  ])("refuses %j as %s", (raw, reason) => {
    const parsed = segmentSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(reasonOf(invalidPollReasons, parsed.error.issues).reason).toBe(reason);
  });

  it("normalizes languages to lower-case codes", () => {
    expect(segmentSchema.parse({ kind: "language", languages: [" IT "] })).toEqual({
      kind: "language",
      languages: ["it"],
    });
  });
});

describe("the audience of a segment", () => {
  it("evaluates a whole community page by page, reading personalization consent from the ledger", async () => {
    const repositories = createInMemoryRepositories();
    const brand = await repositories.brands.create({ id: "b", name: "B" });
    const community = await repositories.communities.upsertByPlatformId({
      id: "c",
      brandId: brand.id,
      platform: "telegram",
      platformId: "-1",
      title: "C",
      timeZone: "Europe/Rome",
      locale: "it",
      settings: defaultCommunitySettings(),
    });
    for (let i = 0; i < 1_203; i++) {
      await repositories.members.touch({
        id: `m${String(i).padStart(4, "0")}`,
        communityId: community.id,
        pseudonym: `p${i}`,
        at: i % 2 === 0 ? daysBefore(60) : daysBefore(2),
        roles: [],
        locale: null,
      });
    }
    for (let i = 0; i < 1_203; i += 3) {
      await repositories.consents.append({
        communityId: community.id,
        memberId: `m${String(i).padStart(4, "0")}`,
        purpose: "personalization",
        action: "granted",
        noticeVersion: "v",
        at: daysBefore(1),
      });
    }
    const audience = new AudienceService(new AudienceRepositoryInMemory(repositories.store), repositories.consents);
    expect((await audience.membersIn(community.id, segments.everyone, sentAt)).length).toBe(1_203);
    const lapsed = await audience.membersIn(community.id, segments.lapsed, sentAt);
    // Even index: lapsed; multiple of three: consenting; so multiples of six.
    expect(lapsed.length).toBe(201);
    expect(lapsed.every((m) => Number(m.id.slice(1)) % 6 === 0)).toBe(true);
  });
});

describe("segments decided at sending", () => {
  it("lets a lapsed member answer a poll for lapsed members, although answering makes them active", async () => {
    const core = inMemoryPollCore();
    const community = await core.community();
    const old = new Date(core.clock.now().getTime() - 60 * DAY);
    const lapsed = await core.member(community, "lapsed", { at: old });
    await core.member(community, "quiet", { at: old });
    const active = await core.member(community, "active");
    for (const m of [lapsed, active]) await core.grant(community, m, "personalization");
    const created = await core.polls.create({
      community,
      definition: {
        question: "We miss you: what would bring you back?",
        options: ["Offers", "Events"],
        closes: "3d",
        channelId: "-100777",
        segment: { kind: "lapsed", days: 30 },
      },
      at: core.clock.now(),
    });
    expect(created.ok && created.value.reach).toBe(1);
    const vote = async (userId: string) => core.send({ type: "action", name: "pl_v", args: ["1", "0"] }, { userId });
    expect((await vote("lapsed")).outcome).toBe("ok");
    expect((await vote("active")).outcome).toBe("error:NOT_IN_SEGMENT");
    // Lapsed by activity, but without personalization consent: not in the segment.
    expect((await vote("quiet")).outcome).toBe("error:NOT_IN_SEGMENT");
    await core.consent.set({
      communityId: community.id,
      memberId: lapsed.id,
      purpose: "personalization",
      granted: false,
      at: core.clock.now(),
      interaction: new InteractionRecord(),
    });
    expect((await vote("lapsed")).outcome).toBe("error:NOT_IN_SEGMENT");
  });
});
