import { describe, expect, it } from "vitest";
import { qaCore, replyText, textOf } from "./support/qa-core.ts";

describe("where waiting questions are reviewed", () => {
  it("never in the session's own group: a Telegram group that is its own staff channel reviews privately", async () => {
    const world = qaCore({ platform: "telegram" });
    const moderator = world.person({ admin: true });
    const ada = world.person();
    await moderator.command("help");
    const community = (await world.directory.ensure("telegram", "-100555", "G"))!;
    // /digest channel typed in the group itself makes the group the staff channel.
    await world.repositories.communities.updateSettings(community.id, {
      ...community.settings,
      staffChannelId: "-100555",
    });

    const opened = await moderator.command("qa", { topic: "Winter menu", queue: true }, "open");
    expect(replyText(opened)).toContain("use the board's Review queue button");
    const before = world.chat.inChannel("-100555").length;
    expect(replyText(await ada.command("ask", { question: "Is there a secret flavour this year?" }))).toContain(
      "will appear once a moderator approves it",
    );
    await world.settle();
    const posted = world.chat.inChannel("-100555").slice(before);
    expect(posted.map((m) => textOf(m.views.at(-1)!)).join("\n")).not.toContain("secret flavour");
  });

  it("in a separate staff channel when there is one", async () => {
    const world = qaCore({ platform: "discord" });
    const moderator = world.person({ admin: true });
    const ada = world.person();
    await moderator.command("help");
    const community = (await world.directory.ensure("discord", "guild-1", "G"))!;
    await world.repositories.communities.updateSettings(community.id, {
      ...community.settings,
      staffChannelId: "channel-staff",
    });
    const opened = await moderator.command("qa", { topic: "Winter menu", queue: true }, "open");
    expect(replyText(opened)).toContain("review cards are posted in the staff channel");
    await ada.command("ask", { question: "Is there a secret flavour this year?" });
    await world.settle();
    expect(
      world.chat
        .inChannel("channel-staff")
        .map((m) => textOf(m.views.at(-1)!))
        .join("\n"),
    ).toContain("secret flavour");
  });
});
