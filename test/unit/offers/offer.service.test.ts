import { describe, expect, it } from "vitest";
import type { MessageView } from "../../../src/core/ports/view.ts";
import { buttonsOf, textOf } from "../polls/support/fake-chat.ts";
import { inMemoryOfferCore, type OfferCore } from "./support/offer-core.ts";

const member = (n: number, locale = "en") => ({ userId: `m-${n}`, locale });

/** The text of a reply the pipeline gave (message or notice). */
function replyText(outcome: Awaited<ReturnType<OfferCore["send"]>>): string {
  const reply = outcome.reply;
  if (reply.type === "notice") return reply.text;
  if (reply.type === "message" || reply.type === "update") return textOf(reply.view);
  return "";
}

function replyView(outcome: Awaited<ReturnType<OfferCore["send"]>>): MessageView {
  const reply = outcome.reply;
  if (reply.type !== "message") throw new Error(`expected a message, got ${reply.type}`);
  return reply.view;
}

/** The code block of a private claim reply. */
function codeIn(view: MessageView): string {
  const block = view.blocks.find((b) => b.type === "code");
  if (block?.type !== "code") throw new Error("no code in the reply");
  return block.text;
}

async function postedOffer(core: OfferCore, options: Record<string, unknown> = {}) {
  const created = await core.createOffer({
    title: "Free espresso",
    description: "With any pastry",
    quantity: 3,
    ...options,
  });
  expect(created.outcome).toBe("ok");
  return created;
}

describe("defining an offer", () => {
  it("posts the offer in the channel with a Claim button and confirms privately to the moderator", async () => {
    const core = inMemoryOfferCore();
    const created = await postedOffer(core, { terms: "One per visit", ends: "3d" });
    expect(created.reply.type === "message" && created.reply.visibility).toBe("private");
    expect(replyText(created)).toContain("Offer 1 is posted: 3 codes, at most 1 per member");
    const post = core.chat.sent.at(-1)!;
    expect(post.target.channelId).toBe("-100777");
    expect(textOf(post.view)).toContain("Free espresso");
    expect(textOf(post.view)).toContain("Left: 3 of 3");
    expect(textOf(post.view)).toContain("Terms: One per visit");
    expect(buttonsOf(post.view)).toEqual(["Claim", "Details"]);
    const [offer] = await core.repositories.offers.list((await core.community()).id, 5);
    expect(offer?.state).toBe("live");
    expect(offer?.endsAt.getTime()).toBe(new Date("2026-12-03T10:00:00Z").getTime());
  });

  it.each([
    [{ quantity: -5 }, "the quantity must be a whole number of at least 1"],
    [{ quantity: 0 }, "the quantity must be a whole number of at least 1"],
    [{ quantity: undefined }, "say how many codes there are"],
    [{ starts: "2026-12-05 10:00", ends: "2026-12-04 10:00" }, "the end comes before the start"],
    [{ ends: "2026-11-01 10:00" }, "the end is in the past"],
    [{ ends: "someday" }, "I can't read the end"],
    [{ quantity: undefined, codes: " , ; " }, "the list of codes is empty"],
    [{ quantity: 5, codes: "A1 B2" }, "the quantity is larger than the 2 codes given"],
    [{ quantity: undefined, codes: "A1 A1" }, "“A1” is there twice"],
    [{ quantity: 2, per_member: 3 }, "a member can't claim more codes than the offer has"],
    [{ segment: "language" }, "the language segment needs a language"],
  ])("refuses %j clearly and creates nothing", async (options, message) => {
    const core = inMemoryOfferCore();
    const refused = await core.createOffer({ title: "Free espresso", quantity: 3, ...options });
    expect(refused.outcome).toBe("error:INVALID_OFFER");
    expect(replyText(refused)).toContain("That offer can't be created:");
    expect(replyText(refused)).toContain(message);
    expect(core.chat.sent).toHaveLength(0);
    expect(await core.repositories.offers.list((await core.community()).id, 5)).toEqual([]);
  });

  it("explains a refusal in Italian to an Italian moderator", async () => {
    const core = inMemoryOfferCore();
    const refused = await core.createOffer({ title: "Caffè", quantity: -1 }, { locale: "it" });
    expect(replyText(refused)).toBe(
      "Non posso creare l'offerta: la quantità deve essere un numero intero di almeno 1.",
    );
  });

  it("lets only moderators define offers", async () => {
    const core = inMemoryOfferCore();
    const refused = await core.createOffer({ title: "Free espresso", quantity: 3 }, { admin: false, userId: "5" });
    expect(refused.outcome).toBe("error:NOT_A_MODERATOR");
    expect(core.chat.sent).toHaveLength(0);
  });

  it("keeps nothing when the channel refuses the post", async () => {
    const core = inMemoryOfferCore();
    core.chat.failSends = new Error("missing permissions");
    const refused = await core.createOffer({ title: "Free espresso", quantity: 3 });
    expect(refused.outcome).toBe("error:OFFER_NOT_POSTED");
    expect(await core.repositories.offers.list((await core.community()).id, 5)).toEqual([]);
    expect(await core.scheduler.list({ states: ["active"] })).toEqual([]);
  });

  it("defines an offer that starts later while its platform is not connected here, as a CLI process would", async () => {
    const core = inMemoryOfferCore();
    const telegram = await core.community();
    const discord = await core.repositories.communities.upsertByPlatformId({
      ...telegram,
      id: "discord-community",
      platform: "discord",
      platformId: "123456789",
    });
    const definition = { title: "Weekend", quantity: 5, ends: "1d", channelId: "42" };
    const now = await core.offers.create({ community: discord, definition, at: core.clock.now() });
    expect(now.ok === false && now.error.code).toBe("TEMPORARILY_UNAVAILABLE");
    const later = await core.offers.create({
      community: discord,
      definition: { ...definition, starts: "2d" },
      at: core.clock.now(),
    });
    expect(later.ok && later.value.state).toBe("scheduled");
  });

  it("refuses a pool code that another offer of the brand already uses", async () => {
    const core = inMemoryOfferCore();
    await postedOffer(core, { quantity: undefined, codes: "SPRING-1 SPRING-2" });
    const refused = await core.createOffer({ title: "Again", codes: "spring-2, SPRING-3" });
    expect(replyText(refused)).toContain("“SPRING-2” already belongs to another offer of this brand");
  });
});

describe("claiming", () => {
  it("hands a member a signed code privately that the brand's public key verifies, and updates what is left", async () => {
    const core = inMemoryOfferCore();
    await postedOffer(core);
    const claimed = await core.press("of_c", 1, member(1));
    expect(claimed.outcome).toBe("ok");
    expect(claimed.reply.type === "message" && claimed.reply.visibility).toBe("private");
    const code = codeIn(replyView(claimed));
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){31}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(replyText(claimed)).toContain("Show this code at the shop. It works once");
    const brandId = (await core.community()).brandId;
    const check = core.feature.keys.check(brandId, code, core.clock.now());
    expect(check.status).toBe("valid");
    expect(check.status === "valid" && check.claims.serial).toBe(1);
    await core.offers.idle();
    const post = core.chat.current(core.chat.sent[0]!.ref);
    expect(textOf(post)).toContain("Left: 2 of 3");
  });

  it("refuses a claim over the per-member limit and points to Details", async () => {
    const core = inMemoryOfferCore();
    await postedOffer(core);
    await core.press("of_c", 1, member(1));
    const again = await core.press("of_c", 1, member(1));
    expect(again.outcome).toBe("error:OFFER_LIMIT_REACHED");
    expect(replyText(again)).toContain("You already have 1 code(s) from this offer");
    const [offer] = await core.repositories.offers.list((await core.community()).id, 1);
    expect(offer?.claimed).toBe(1);
  });

  it("gives a member as many codes as the per-member limit allows, each different", async () => {
    const core = inMemoryOfferCore();
    await postedOffer(core, { per_member: 2 });
    const first = codeIn(replyView(await core.press("of_c", 1, member(1))));
    const second = codeIn(replyView(await core.press("of_c", 1, member(1))));
    expect(first).not.toBe(second);
    expect((await core.press("of_c", 1, member(1))).outcome).toBe("error:OFFER_LIMIT_REACHED");
  });

  it("says all claimed once the codes are gone, and the post loses its Claim button", async () => {
    const core = inMemoryOfferCore();
    await postedOffer(core, { quantity: 2 });
    await core.press("of_c", 1, member(1));
    await core.press("of_c", 1, member(2));
    const late = await core.press("of_c", 1, member(3));
    expect(late.outcome).toBe("error:OFFER_ALL_CLAIMED");
    expect(replyText(late)).toBe("All codes of this offer are claimed. Thanks for your interest!");
    await core.offers.idle();
    const post = core.chat.current(core.chat.sent[0]!.ref);
    expect(textOf(post)).toContain("All claimed.");
    expect(buttonsOf(post)).toEqual(["Details"]);
  });

  it("refuses a member outside the offer's segment", async () => {
    const core = inMemoryOfferCore();
    await postedOffer(core, { segment: "language", language: "it" });
    const outsider = await core.press("of_c", 1, member(1, "en"));
    expect(outsider.outcome).toBe("error:OFFER_NOT_IN_SEGMENT");
    expect(replyText(outsider)).toContain("meant for a different group of members");
    expect((await core.press("of_c", 1, member(2, "it"))).outcome).toBe("ok");
  });

  it("hands out the brand's pool codes in order", async () => {
    const core = inMemoryOfferCore();
    await postedOffer(core, { quantity: undefined, codes: "spring-1, SPRING-2\nspring-3" });
    expect(codeIn(replyView(await core.press("of_c", 1, member(1))))).toBe("SPRING-1");
    expect(codeIn(replyView(await core.press("of_c", 1, member(2))))).toBe("SPRING-2");
  });

  it("posts a scheduled offer at its start, refuses claims before it, and ends it at its end", async () => {
    const core = inMemoryOfferCore();
    const created = await core.createOffer({ title: "Weekend", quantity: 5, starts: "2d", ends: "1d" });
    expect(replyText(created)).toContain("Offer 1 will be posted here");
    expect(core.chat.sent).toHaveLength(0);
    expect((await core.press("of_c", 1, member(1))).outcome).toBe("error:OFFER_NOT_OPEN");
    const schedules = await core.scheduler.list();
    expect(schedules.map((s) => s.job).sort()).toEqual(["offer.close", "offer.open"]);

    const offer = (await core.repositories.offers.findByNumber((await core.community()).id, 1))!;
    core.clock.current = offer.startsAt;
    expect(await core.offers.openDue(offer.id, offer.startsAt)).toBe("opened");
    expect(await core.offers.openDue(offer.id, offer.startsAt)).toBe("not_scheduled");
    expect(core.chat.sent).toHaveLength(1);
    expect((await core.press("of_c", 1, member(1))).outcome).toBe("ok");

    core.clock.current = offer.endsAt;
    expect((await core.press("of_c", 1, member(2))).outcome).toBe("error:OFFER_CLOSED");
    expect(await core.offers.closeDue(offer.id, offer.endsAt)).toBe("closed");
    const post = core.chat.current(core.chat.sent[0]!.ref);
    expect(textOf(post)).toContain("This offer has ended. Claimed: 1 of 5.");
    expect(buttonsOf(post)).toEqual(["Details"]);
  });

  it("lets a moderator close an offer early: no more claims, codes already given stay valid", async () => {
    const core = inMemoryOfferCore();
    await postedOffer(core);
    const code = codeIn(replyView(await core.press("of_c", 1, member(1))));
    const closed = await core.send(
      { type: "command", name: "offer", subcommand: "close", options: { number: 1 } },
      { userId: "900", admin: true },
    );
    expect(replyText(closed)).toContain("Offer 1 is closed: no more claims.");
    expect((await core.press("of_c", 1, member(2))).outcome).toBe("error:OFFER_CLOSED");
    expect(core.feature.keys.check((await core.community()).brandId, code, core.clock.now()).status).toBe("valid");
    expect(await core.scheduler.list({ states: ["active"] })).toEqual([]);
  });
});

describe("details and engagement", () => {
  it("shows a member their own code again under Details, and records an offer view", async () => {
    const core = inMemoryOfferCore();
    await postedOffer(core, { terms: "Until stocks last" });
    const before = await core.press("of_d", 1, member(1));
    expect(replyText(before)).toContain("You haven't claimed this offer yet.");
    const code = codeIn(replyView(await core.press("of_c", 1, member(1))));
    const details = await core.press("of_d", 1, member(1));
    expect(details.reply.type === "message" && details.reply.visibility).toBe("private");
    expect(codeIn(replyView(details))).toBe(code);
    expect(replyText(details)).toContain("Terms: Until stocks last");
    await core.engagement.flush();
    const kinds = core.repositories.store.events.map((e) => e.kind);
    expect(kinds.filter((k) => k === "offer_view")).toHaveLength(2);
    expect(kinds.filter((k) => k === "claim")).toHaveLength(1);
  });

  it("attributes a claim to the member only with an analytics consent", async () => {
    const core = inMemoryOfferCore();
    await postedOffer(core);
    const community = await core.community();
    const consenting = await core.member(community, "m-1");
    await core.grant(community, consenting, "analytics");
    await core.press("of_c", 1, member(1));
    await core.press("of_c", 1, member(2));
    await core.engagement.flush();
    const claims = core.repositories.store.events.filter((e) => e.kind === "claim");
    expect(claims.map((e) => e.memberId).sort()).toEqual([consenting.id, null].sort());
    expect(claims.every((e) => e.campaignId !== null)).toBe(true);
  });

  it("lists offers with claims, redemptions, conversion and median time to redeem", async () => {
    const core = inMemoryOfferCore();
    await postedOffer(core, { quantity: 4 });
    const code = codeIn(replyView(await core.press("of_c", 1, member(1))));
    await core.press("of_c", 1, member(2));
    core.clock.current = new Date(core.clock.current.getTime() + 3 * 3_600_000);
    const brandId = (await core.community()).brandId;
    expect((await core.feature.redemption.redeem({ brandId, code, at: core.clock.now() })).status).toBe("redeemed");
    const listed = await core.send(
      { type: "command", name: "offer", subcommand: "list", options: {} },
      { userId: "900", admin: true },
    );
    expect(replyText(listed)).toContain(
      "1. Free espresso · live · claimed 2 of 4 · redeemed 1 · conversion 50% · median time to redeem 3.0 h",
    );
  });
});
