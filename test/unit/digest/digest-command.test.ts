import { describe, expect, it } from "vitest";
import { digestScheduleId } from "../../../src/core/digest/digest-delivery.ts";
import { digestCore } from "./support/digest-core.ts";

const text = (value: unknown) => JSON.stringify(value);
const admin = { admin: true } as const;
const digest = (subcommand: string, options: Record<string, unknown> = {}) =>
  ({ type: "command", name: "digest", subcommand, options }) as const;

describe("/digest", () => {
  it("sends a moderator this week's digest privately, with no empty chart when nothing happened", async () => {
    const h = await digestCore();
    // Five members who joined before the reported days: enough for k = 5.
    const now = h.clock.current;
    h.clock.current = new Date("2026-11-10T10:00:00Z");
    for (const userId of ["2001", "2002", "2003", "2004", "2005"]) await h.member(userId);
    h.clock.current = now;
    const outcome = await h.send(digest("now"), admin);
    expect(outcome.outcome).toBe("ok");
    const reply = outcome.reply as {
      type: string;
      visibility: string;
      view: { title: string; attachments?: unknown[] };
    };
    expect(reply.type).toBe("message");
    expect(reply.visibility).toBe("private");
    // The clock reads Sunday 29 November: the seven full days to yesterday.
    expect(reply.view.title).toBe("Weekly digest · Community · 2026-11-22/2026-11-28");
    // The members only joined: no campaign, no interaction in those days, so nothing to chart.
    expect(reply.view.attachments).toBeUndefined();
    expect(h.charts.drawn).toEqual([]);
  });

  it("refuses members who are not moderators, and changes nothing", async () => {
    const h = await digestCore();
    const subscribe = await h.send(digest("subscribe"), { userId: "2001" });
    expect(subscribe.outcome).not.toBe("ok");
    expect(text(subscribe.reply)).toContain("Only this community's moderators");
    expect(await h.digest.service.repository.subscriptions(h.community.id)).toEqual([]);
  });

  it("tells a community smaller than k that its figures are withheld, without a chart", async () => {
    const h = await digestCore();
    const outcome = await h.send(digest("now"), admin);
    expect(text(outcome.reply)).toContain("had fewer than 5 members, so its figures are withheld");
    expect(text(outcome.reply)).not.toContain("attachments");
    expect(h.charts.drawn).toEqual([]);
  });

  it("sends the brand's digest, every community of it, when asked", async () => {
    const h = await digestCore();
    const outcome = await h.send(digest("now", { scope: "brand" }), admin);
    expect(text(outcome.reply)).toContain("Weekly digest · Brand · 2026-11-22/2026-11-28");
    expect(text(outcome.reply)).toContain("Community (Telegram)");
  });

  it("subscribes a moderator once and says honestly when the digest cannot reach them privately", async () => {
    const h = await digestCore();
    const first = await h.send(digest("subscribe"), admin);
    expect(text(first.reply)).toContain("To receive it privately, allow direct messages in /privacy");
    const again = await h.send(digest("subscribe"), admin);
    expect(text(again.reply)).toContain("already subscribed");
    const subscriptions = await h.digest.service.repository.subscriptions(h.community.id);
    expect(subscriptions.map((s) => s.scope)).toEqual(["community"]);
  });

  it("promises a Monday digest only to a subscriber Circolo can write to", async () => {
    const h = await digestCore();
    const moderator = await h.member("1001");
    await h.grant(moderator, "direct_messages");
    const noContact = await h.send(digest("subscribe"), admin);
    expect(text(noContact.reply)).toContain("I can't write to you privately yet");
    h.contacts.byMember.set(moderator.id, "contact-1001");
    const brand = await h.send(digest("subscribe", { scope: "brand" }), admin);
    expect(text(brand.reply)).toContain("every Monday at 09:00 (Europe/Rome)");
  });

  it("unsubscribes, and says so when there was nothing to undo", async () => {
    const h = await digestCore();
    await h.send(digest("subscribe"), admin);
    expect(text((await h.send(digest("unsubscribe"), admin)).reply)).toContain(
      "Unsubscribed from this community's digest",
    );
    expect(text((await h.send(digest("unsubscribe"), admin)).reply)).toContain("weren't subscribed");
    expect(await h.digest.service.repository.subscriptions(h.community.id)).toEqual([]);
  });

  it("makes this channel the staff channel and schedules the digest for Monday 09:00 local time", async () => {
    const h = await digestCore();
    const outcome = await h.send(digest("channel"), { admin: true, chat: "-100777" });
    expect(text(outcome.reply)).toContain("posted in this channel every Monday at 09:00 (Europe/Rome)");
    expect((await h.repositories.communities.get(h.community.id))?.settings.staffChannelId).toBe("-100777");
    const schedule = await h.services.scheduler.get(digestScheduleId(h.community.id));
    expect(schedule?.job).toBe("digest.weekly");
    expect(schedule?.cron).toBe("0 9 * * 1");
    // Monday 30 November 2026, 09:00 in Rome.
    expect(schedule?.nextFireAt?.toISOString()).toBe("2026-11-30T08:00:00.000Z");
  });

  it("rejects an unknown scope with a localized message", async () => {
    const h = await digestCore();
    const outcome = await h.send(digest("now", { scope: "galaxy" }), { admin: true, locale: "it" });
    expect(outcome.outcome).not.toBe("ok");
    expect(text(outcome.reply)).toContain("Non ha funzionato");
    expect(h.charts.drawn).toEqual([]);
  });
});
