import { describe, expect, it } from "vitest";
import { digestScheduleId, digestWeeklyJob } from "../../../src/core/digest/digest-delivery.ts";
import { digestCore } from "./support/digest-core.ts";

/** Monday 30 November 2026, 09:00 in Rome: when the built-in schedule fires. */
const MONDAY_0900_ROME = new Date("2026-11-30T08:00:00Z");

/** A community with a staff channel and six members who joined weeks ago. */
async function staffedCommunity() {
  const h = await digestCore();
  const now = h.clock.current;
  h.clock.current = new Date("2026-11-02T10:00:00Z");
  const members = [];
  for (const userId of ["2001", "2002", "2003", "2004", "2005", "2006"]) members.push(await h.member(userId));
  h.clock.current = now;
  // On Telegram the group is the channel: the moderator runs /digest channel in it.
  await h.send({ type: "command", name: "digest", subcommand: "channel", options: {} }, { admin: true });
  return { ...h, members };
}

describe("the weekly digest delivery", () => {
  it("posts last week's digest in the staff channel, in the community's language, with each of its charts", async () => {
    const h = await staffedCommunity();
    const report = await h.digest.delivery.deliver(h.community.id, MONDAY_0900_ROME);
    expect(report).toEqual({ staff: "sent", direct: 0, skipped: 0 });
    const [post] = h.chat.sent.filter((s) => s.target.channelId === "-100777");
    expect(post?.view.title).toBe("Weekly digest · Community · 2026-W48");
    const attachments = post?.view.attachments ?? [];
    expect(attachments.map((a) => a.contentType)).toEqual(h.charts.drawn.map(() => "image/png"));
    expect(h.charts.drawn.map((c) => c.title)).toContain("Active members and interactions: Community");
    expect(attachments.map((a) => a.filename)).toEqual(
      h.charts.drawn.map((c) =>
        c.title.startsWith("Participation by week")
          ? "digest-2026-W48.png"
          : c.title.startsWith("Active members")
            ? "digest-2026-W48-activity.png"
            : "digest-2026-W48-kinds.png",
      ),
    );
  });

  it("delivers nothing twice when the same fire runs again", async () => {
    const h = await staffedCommunity();
    await h.digest.delivery.deliver(h.community.id, MONDAY_0900_ROME);
    const again = await h.digest.delivery.deliver(h.community.id, MONDAY_0900_ROME);
    expect(again?.staff).toBe("already_sent");
    expect(h.chat.sent.filter((s) => s.target.channelId === "-100777")).toHaveLength(1);
  });

  it("sends private copies only to subscribers who allow direct messages and can be reached", async () => {
    const h = await staffedCommunity();
    const [reachable, withoutConsent, withoutContact] = h.members;
    for (const [m, scope] of [
      [reachable, "brand"],
      [withoutConsent, "community"],
      [withoutContact, "community"],
    ] as const) {
      await h.digest.service.repository.subscribe({
        communityId: h.community.id,
        memberId: m!.id,
        scope,
        createdAt: h.clock.now(),
      });
    }
    await h.grant(reachable!, "direct_messages");
    await h.grant(withoutContact!, "direct_messages");
    h.contacts.byMember.set(reachable!.id, "contact-a");
    h.contacts.byMember.set(withoutConsent!.id, "contact-b");

    const report = await h.digest.delivery.deliver(h.community.id, MONDAY_0900_ROME);
    expect(report).toEqual({ staff: "sent", direct: 1, skipped: 2 });
    expect(h.chat.privates.map((p) => p.contact)).toEqual(["contact-a"]);
    expect(h.chat.privates[0]?.view.title).toBe("Weekly digest · Brand · 2026-W48");
    const again = await h.digest.delivery.deliver(h.community.id, MONDAY_0900_ROME);
    expect(again?.direct).toBe(0);
    expect(h.chat.privates).toHaveLength(1);
  });

  it("still delivers the digest when the chart cannot be drawn", async () => {
    const h = await staffedCommunity();
    h.charts.failing = true;
    const report = await h.digest.delivery.deliver(h.community.id, MONDAY_0900_ROME);
    expect(report?.staff).toBe("sent");
    expect(h.chat.sent.at(-1)?.view.attachments).toBeUndefined();
  });

  it("records a failed staff post and still reaches the subscribers", async () => {
    const h = await staffedCommunity();
    const [subscriber] = h.members;
    await h.digest.service.repository.subscribe({
      communityId: h.community.id,
      memberId: subscriber!.id,
      scope: "community",
      createdAt: h.clock.now(),
    });
    await h.grant(subscriber!, "direct_messages");
    h.contacts.byMember.set(subscriber!.id, "contact-a");
    h.chat.failSends = new Error("missing permission");
    const report = await h.digest.delivery.deliver(h.community.id, MONDAY_0900_ROME);
    expect(report).toEqual({ staff: "failed", direct: 1, skipped: 0 });
    h.chat.failSends = null;
    expect((await h.digest.delivery.deliver(h.community.id, MONDAY_0900_ROME))?.staff).toBe("sent");
  });

  it("arms one weekly schedule per active community, keeps a moderator's pause and rewrites nothing unchanged", async () => {
    const h = await staffedCommunity();
    const id = digestScheduleId(h.community.id);
    await h.services.scheduler.pause(id);
    expect(await h.digest.delivery.armAll()).toEqual({ communities: 1, written: 0 });
    const schedule = await h.services.scheduler.get(id);
    expect(schedule?.state).toBe("paused");
    expect(schedule?.job).toBe(digestWeeklyJob);
    expect(schedule?.timeZone).toBe("Europe/Rome");
  });

  it("sends nothing for a community the bot left", async () => {
    const h = await staffedCommunity();
    await h.repositories.communities.setActive(h.community.id, false);
    expect(await h.digest.delivery.deliver(h.community.id, MONDAY_0900_ROME)).toBeNull();
    expect(h.chat.sent.filter((s) => s.target.channelId === "-100777")).toEqual([]);
  });
});
