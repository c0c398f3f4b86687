import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DiscordEmulator, type EmulatedGuild } from "../../../emulators/discord/discord-emulator.ts";
import { type AdapterOnEmulator, eventually, startAdapterWithRegistry } from "./support/harness.ts";
import { answerOf, seen } from "./support/seen.ts";
import { gate, testRegistry } from "./support/test-registry.ts";

/**
 * The adapter through the real discord.js Client, over a registry made for these tests: select menus,
 * modals, option validation, moderator commands and slow handlers that the real commands do not have yet.
 */
describe("the Discord adapter, end to end", () => {
  let running: AdapterOnEmulator;
  let emulator: DiscordEmulator;
  let guild: EmulatedGuild;
  const deadlineMs = 1_000;

  beforeAll(async () => {
    emulator = await DiscordEmulator.start({ responseDeadlineMs: deadlineMs });
    guild = emulator.addGuild("Gelateria");
    running = await startAdapterWithRegistry({
      registry: testRegistry,
      emulator,
      options: { deferAfterMs: 150, editIntervalMs: 300 },
    });
  });
  afterAll(async () => {
    gate.open();
    await running?.stop();
    await emulator?.close();
  });
  afterEach(() => {
    gate.reset();
    emulator.faults.clear();
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("answers a burst of 300 interactions at once over at most 64 connections to Discord's API", async () => {
    const members = Array.from({ length: 30 }, () => guild.member());
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => answerOf(members[i % 30]!.command("colour", { hex: "#a1b2c3" }))),
    );
    expect(answers.map((a) => a.text)).toEqual(Array(300).fill("Colour set to #a1b2c3"));
    expect(emulator.peakRestConnections).toBeGreaterThan(0);
    expect(emulator.peakRestConnections).toBeLessThanOrEqual(64);
  });

  it("round-trips a select menu: the picked values reach the action and the message is updated in place", async () => {
    const member = guild.member();
    const menu = await answerOf(member.command("flavours"));
    expect(menu.selectValues).toEqual(["pistachio", "hazelnut", "lemon"]);
    const picking = member.select(menu.message?.id as string, ["lemon", "pistachio"]);
    const picked = await answerOf(picking);
    expect(picking.callbacks).toEqual([7]);
    expect(picked.message?.id).toBe(menu.message?.id);
    expect(picked.text).toBe("You picked lemon and pistachio");
  });

  it("opens a modal from a button and posts the submitted text publicly, escaped and without pings", async () => {
    const member = guild.member();
    const menu = await answerOf(member.command("flavours"));
    const opening = member.click(menu.message?.id as string, "Suggest one");
    expect((await answerOf(opening)).modalTitle).toBe("Suggest a flavour");
    const submitting = member.submitModal(opening, { name: "**Mango** @everyone" });
    const posted = await answerOf(submitting);
    expect(posted.private).toBe(false);
    expect(posted.message?.content).toBe("New suggestion: \\*\\*Mango\\*\\* @everyone");
    const body = emulator.callsTo("POST", new RegExp(`/interactions/${submitting.id}/`))[0]?.body as {
      data: { allowed_mentions: unknown };
    };
    expect(body.data.allowed_mentions).toEqual({ parse: [], roles: [], replied_user: false });
  });

  it("opens a modal from a slash command and answers the submission privately", async () => {
    const member = guild.member();
    const opening = member.command("ask");
    expect((await answerOf(opening)).modalTitle).toBe("Your question");
    const answer = await answerOf(member.submitModal(opening, { question: "When is the tasting?" }));
    expect(answer).toMatchObject({ private: true, text: "Question received: When is the tasting?" });
  });

  it("refuses an option value the command's schema rejects, privately and in the member's language", async () => {
    const answer = await answerOf(guild.member().command("colour", { hex: "red" }));
    expect(answer).toMatchObject({ private: true, text: "That didn't work: hex: must look like #a1b2c3" });
    const italian = await answerOf(guild.member({ locale: "it" }).command("colour", { hex: "red" }));
    expect(italian.text).toMatch(/^Non ha funzionato: /);
    const fine = await answerOf(guild.member().command("colour", { hex: "#a1b2c3" }));
    expect(fine.text).toBe("Colour set to #a1b2c3");
  });

  it("hides a moderator command from members, and refuses it when a server shows it to everyone", async () => {
    const member = guild.member();
    expect(() => member.command("announce")).toThrow(/hidden/);
    guild.allowCommandForEveryone("announce");
    const refused = await answerOf(member.command("announce"));
    expect(refused).toMatchObject({ private: true, text: "Only this community's moderators can do that." });
    const announced = await answerOf(guild.member({ moderator: true }).command("announce"));
    expect(announced).toMatchObject({ private: false, text: "Announced." });
  });

  it("treats holders of a role listed in the community's settings as moderators", async () => {
    const roleId = guild.addRole("Ambassadors");
    const communities = running.app.services.repositories.communities;
    const community = await communities.findByPlatformId("discord", guild.id);
    if (!community) throw new Error("the guild has no community");
    await communities.updateSettings(community.id, { ...community.settings, moderatorRoleIds: [roleId] });
    guild.allowCommandForEveryone("announce");
    const answer = await answerOf(guild.member({ roles: [roleId] }).command("announce"));
    expect(answer.text).toBe("Announced.");
  });

  it("defers a slow command and still answers privately after Discord's 3-second window", async () => {
    const slow = guild.member().command("slow");
    await sleep(deadlineMs + 200);
    gate.open();
    const answer = await answerOf(slow);
    expect(slow.callbacks).toEqual([5]);
    expect(slow.status).toBe("acknowledged");
    expect(answer).toMatchObject({ private: true, text: "Slow answer" });
  });

  it("posts a slow public answer as a follow-up and removes the private 'thinking' message", async () => {
    const slow = guild.member().command("slow", { public: true });
    await sleep(deadlineMs + 100);
    gate.open();
    const answer = await answerOf(slow);
    expect(answer).toMatchObject({ private: false, text: "Slow answer" });
    await eventually(() => emulator.message(slow.originalMessageId as string)?.deleted === true);
  });

  it("acknowledges a slow button silently, then updates the message it is on", async () => {
    gate.open();
    const member = guild.member();
    const first = await answerOf(member.command("slow"));
    gate.reset();
    const again = member.click(first.message?.id as string, "Again");
    await sleep(deadlineMs + 100);
    gate.open();
    const updated = await answerOf(again);
    expect(again.callbacks).toEqual([6]);
    expect(updated.message?.id).toBe(first.message?.id);
    expect(updated.text).toBe("Slow update");
  });

  it("loses no interaction through a gateway drop: the acknowledged one is answered, the missed one is replayed", async () => {
    const identifies = emulator.gateway.identifiedIntents.length;
    const acknowledged = guild.member().command("slow");
    await eventually(() => acknowledged.callbacks.length === 1);
    const resumed = emulator.gateway.nextResume();
    emulator.gateway.drop();
    const missed = guild.member().command("colour", { hex: "#000000" });
    gate.open();
    expect((await answerOf(acknowledged)).text).toBe("Slow answer");
    await resumed;
    expect((await answerOf(missed)).text).toBe("Colour set to #000000");
    expect([acknowledged.callbacks, missed.callbacks]).toEqual([[5], [4]]);
    expect(emulator.gateway.identifiedIntents).toHaveLength(identifies);
  });

  it("coalesces rapid edits of a posted message into few edits, ending on the last view", async () => {
    const ref = await running.chat.send(
      { channelId: guild.channelId },
      { blocks: [{ type: "paragraph", text: "0 votes" }] },
    );
    const patches = () => emulator.callsTo("PATCH", new RegExp(`/messages/${ref.messageId}$`)).length;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        running.chat.edit(ref, { blocks: [{ type: "paragraph", text: `${i + 1} votes` }] }),
      ),
    );
    expect(patches()).toBe(2);
    expect(emulator.message(ref.messageId)?.content).toBe("10 votes");
  });

  it("pings only the role the core asks for", async () => {
    const roleId = guild.addRole("Tasters");
    await running.chat.send(
      { channelId: guild.channelId, mentionRoleId: roleId },
      { blocks: [{ type: "paragraph", text: "New poll! @everyone <@&1>" }] },
    );
    const body = emulator.callsTo("POST", /\/channels\/\d+\/messages$/).at(-1)?.body as Record<string, unknown>;
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [roleId] });
    expect(body.content).toBe(`<@&${roleId}>\nNew poll! @everyone \\<@&1\\>`);
  });

  it("writes privately to a member who allows it and gets null for one who does not", async () => {
    const member = guild.member();
    const ref = await running.chat.sendPrivate(member.userId, { blocks: [{ type: "paragraph", text: "Your digest" }] });
    expect(emulator.message(ref?.messageId as string)?.content).toBe("Your digest");
    member.acceptsDirectMessages = false;
    expect(await running.chat.sendPrivate(member.userId, { blocks: [{ type: "paragraph", text: "Hi" }] })).toBeNull();
  });

  it("keeps a view that asks for too much within Discord's limits, so Discord accepts it", async () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({
      label: `Option ${i}`,
      action: { name: "fl_pick", args: [String(i)] },
    }));
    const options = Array.from({ length: 40 }, (_, i) => ({ label: `Choice ${i}`, value: `c${i}` }));
    const ref = await running.chat.send(
      { channelId: guild.channelId },
      {
        title: "T".repeat(400),
        blocks: [{ type: "paragraph", text: "_".repeat(9_000) }],
        actions: [
          { type: "select", select: { placeholder: "Pick", action: { name: "fl_pick", args: [] }, options } },
          { type: "buttons", buttons },
        ],
      },
    );
    const shown = seen({ kind: "reply", message: emulator.message(ref.messageId) as never });
    expect(shown.buttons).toHaveLength(20);
    expect(shown.selectValues).toHaveLength(25);
  });
});

describe("the Discord adapter at start", () => {
  it("fails with a clear error, leaving nothing connected, when Discord refuses the token", async () => {
    const emulator = await DiscordEmulator.start();
    try {
      await expect(
        startAdapterWithRegistry({ registry: testRegistry, emulator, token: "not.the.token" }),
      ).rejects.toThrow(/invalid token/i);
      expect(emulator.gateway.connectedShards).toBe(0);
    } finally {
      await emulator.close();
    }
  });
});
