// Erasure is no way around a limit: a member who erased their data and comes back is still held to what they used
// of a running campaign (one ballot per poll, an offer's codes per member, a Q&A session's questions and upvotes),
// through a keyed one-way marker kept for that campaign only and deleted when it ends. Runs on SQLite, and on
// PostgreSQL with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipelineOutcome } from "../../src/core/pipeline/update-pipeline.ts";
import { testProviders } from "../support/test-database.ts";
import { type Person, type PrivacyWorld, startPrivacyWorld, viewOf } from "./privacy-world.ts";

const start = new Date("2026-06-01T12:00:00Z");
const group = { platformId: "-1004455667788", title: "Gelateria" };
const moderator: Person = { platform: "telegram", userId: "444000111333", community: group, admin: true };
let people = 0;
/** A new member of the group. */
const newPerson = (): Person => ({
  platform: "telegram",
  userId: String(555_000_000_000 + ++people),
  community: group,
});

describe.each(testProviders())("limits across an erasure on %s", (provider) => {
  let world: PrivacyWorld;

  beforeAll(async () => {
    world = await startPrivacyWorld(provider, start);
  });
  afterAll(async () => {
    await world?.dispose();
  });

  const erase = async (person: Person) => {
    const asked = await world.act(person, { type: "command", name: "mydata", subcommand: "erase", options: {} });
    const erased = await world.press(person, asked, "Erase my data");
    expect(JSON.stringify(viewOf(erased))).toContain("your data is erased");
  };
  const markers = () => world.prisma.limitMarker.count();
  const errorOf = (outcome: PipelineOutcome) => outcome.outcome;

  it("refuses a second code after claim, erase, claim: the offer's per-member limit holds", async () => {
    const ada = newPerson();
    const offer = await world.act(moderator, {
      type: "command",
      name: "offer",
      subcommand: "create",
      options: { title: "Free espresso", quantity: 10 },
    });
    expect(offer.outcome).toBe("ok");
    const number = (await world.prisma.campaign.findFirstOrThrow({ where: { kind: "offer" } })).number!;
    const claim = (person: Person) => world.act(person, { type: "action", name: "of_c", args: [String(number)] });
    expect((await claim(ada)).outcome).toBe("ok");
    await erase(ada);
    const again = await claim(ada);
    expect(errorOf(again)).toBe("error:TAKEN_PART_BEFORE_ERASURE");
    expect(await world.prisma.offerClaim.count()).toBe(1);
    // Someone else still gets theirs.
    expect((await claim(newPerson())).outcome).toBe("ok");

    await world.act(moderator, { type: "command", name: "offer", subcommand: "close", options: { number } });
    expect(await markers()).toBe(0);
  });

  it("keeps one ballot after vote, erase, vote, and forgets the marker when the poll closes", async () => {
    const ada = newPerson();
    await world.act(moderator, {
      type: "command",
      name: "poll",
      options: { question: "Cone or cup?", option1: "Cone", option2: "Cup", closes: "2d" },
    });
    const number = (await world.prisma.campaign.findFirstOrThrow({ where: { kind: "poll" } })).number!;
    const vote = (option: number) =>
      world.act(ada, { type: "action", name: "pl_v", args: [String(number), String(option)] });
    expect((await vote(0)).outcome).toBe("ok");
    await erase(ada);
    expect(errorOf(await vote(1))).toBe("error:TAKEN_PART_BEFORE_ERASURE");
    expect(await world.prisma.pollVote.count()).toBe(1);
    expect(await markers()).toBe(1);

    // The marker names no one: no pseudonym, member id or voter key of the person is in it.
    const [marker] = await world.prisma.limitMarker.findMany();
    const member = await world.prisma.member.findFirst({ where: { id: (await world.memberId(ada)) ?? "" } });
    expect(JSON.stringify(marker)).not.toContain(member?.pseudonym ?? "none");

    await world.act(moderator, { type: "command", name: "polls", subcommand: "close", options: { number } });
    expect(await markers()).toBe(0);
  });

  it("keeps a Q&A session's upvote once and its open questions counted, until the session closes", async () => {
    const [ada, bob] = [newPerson(), newPerson()];
    await world.act(moderator, {
      type: "command",
      name: "qa",
      subcommand: "open",
      options: { topic: "Winter menu", limit: 1 },
    });
    const ask = (person: Person, question: string) =>
      world.act(person, { type: "command", name: "ask", options: { question } });
    expect((await ask(bob, "When does pistachio come back?")).outcome).toBe("ok");
    const bobs = await world.prisma.qaQuestion.findFirstOrThrow({ where: { number: 1 } });
    const upvote = () => world.act(ada, { type: "action", name: "qa_up", args: [bobs.id] });
    expect((await upvote()).outcome).toBe("ok");
    expect((await ask(ada, "Is there a vegan chocolate?")).outcome).toBe("ok");
    await erase(ada);

    expect(errorOf(await upvote())).toBe("error:TAKEN_PART_BEFORE_ERASURE");
    expect(await world.prisma.qaUpvote.count()).toBe(1);
    expect(errorOf(await ask(ada, "And a sugar-free one?"))).toBe("error:QA_TOO_MANY_OPEN");

    await world.act(moderator, { type: "command", name: "qa", subcommand: "close", options: {} });
    expect(await markers()).toBe(0);
  });

  it("lets the privacy audit check the markers, and the retention job delete any a campaign left behind", async () => {
    const ada = newPerson();
    await world.act(moderator, {
      type: "command",
      name: "poll",
      options: { question: "Sprinkles?", option1: "Yes", option2: "No", closes: "2d" },
    });
    const poll = await world.prisma.campaign.findFirstOrThrow({ where: { kind: "poll", state: "live" } });
    await world.act(ada, { type: "action", name: "pl_v", args: [String(poll.number), "0"] });
    await erase(ada);
    expect(await markers()).toBe(1);
    const clean = await world.privacy.audit(world.clock.now());
    const rules = clean.checks.filter((c) => c.table === "LimitMarker");
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((c) => c.violations === 0)).toBe(true);
    expect(clean.tables.personLinked).toContain("LimitMarker");

    // The poll ended without its closing job (the process was down, say): the audit sees it, retention clears it.
    await world.prisma.campaign.update({ where: { id: poll.id }, data: { state: "closed" } });
    expect(
      (await world.privacy.audit(world.clock.now())).checks.find((c) => c.table === "LimitMarker")?.violations,
    ).toBe(1);
    await world.privacy.retention.run(world.clock.now());
    expect(await markers()).toBe(0);
  });
});
