import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatedGroup, EmulatedPerson } from "../../../emulators/telegram/emulator-user.ts";
import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { startTestApp, type TestApp } from "../../support/test-app.ts";
import { waitUntil } from "./telegram.driver.ts";
import { startTelegramApp, type TelegramTestApp, webhookSecret } from "./telegram-harness.ts";

const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

describe.each(["polling", "webhook"] as const)("Circolo on Telegram, receiving updates by %s", (mode) => {
  let running: TelegramTestApp;
  let emulator: TelegramEmulator;
  let app: TestApp;

  beforeAll(async () => {
    running = await startTelegramApp(mode);
    ({ emulator, app } = running);
  });
  afterAll(() => running.stop());

  /** A group with the bot in it, known to Circolo, and a member in it. */
  async function community(title: string, member: { languageCode?: string; started?: boolean } = {}) {
    const owner = emulator.person({ firstName: "Owner" });
    const group = emulator.group(title, owner);
    group.addBot(owner);
    await waitUntil(async () => Boolean(await findCommunity(group.id)), `the community ${title}`);
    const person = emulator.person(member.languageCode ? { languageCode: member.languageCode } : {});
    group.join(person);
    if (member.started ?? true) person.hasStartedBot();
    return { owner, group, person };
  }

  const findCommunity = (chatId: number) =>
    app.database.prisma.community.findUnique({
      where: { platform_platformId: { platform: "telegram", platformId: String(chatId) } },
    });

  const privateAnswer = (person: EmulatedPerson, index = 0) =>
    emulator.waitFor(() => emulator.botMessages(person.id)[index], `private message ${index} to ${person.id}`);

  const groupAnswer = (group: EmulatedGroup, to: { messageId: number }) =>
    emulator.waitFor(
      () => emulator.botMessages(group.id).find((m) => m.replyTo === to.messageId),
      "a reply in the group",
    );

  it("answers /help typed in a group in the member's private chat, leaving the group quiet", async () => {
    const { group, person } = await community("Gelateria");
    person.say("/help@circolo_test_bot", group);
    const answer = emulator.seen(await privateAnswer(person));
    expect(answer.text).toContain("Here is what you can do:");
    expect(answer.text).toContain("/privacy — See and change what Circolo keeps about you");
    expect(answer.text).not.toContain("For moderators");
    await settle();
    expect(emulator.botMessages(group.id)).toEqual([]);
  });

  it("answers /help in a private chat", async () => {
    const person = emulator.person();
    person.say("/help");
    expect(emulator.seen(await privateAnswer(person)).text).toContain("/help — Show what Circolo can do for you");
  });

  it("answers an Italian member in Italian", async () => {
    const { group, person } = await community("Pasticceria", { languageCode: "it" });
    person.say("/help", group);
    const answer = emulator.seen(await privateAnswer(person));
    expect(answer.text).toContain("Ecco cosa puoi fare:");
    expect(answer.text).toContain("/privacy — Vedi e cambia cosa conserva Circolo su di te");
  });

  it("explains a bad argument under the command, in the member's language, with the usage", async () => {
    const { group, person } = await community("Forno", { languageCode: "it-IT" });
    const typed = person.say("/help --dettagli", group);
    const answer = emulator.seen(await groupAnswer(group, typed));
    expect(answer.text).toBe("Non ha funzionato: --dettagli non è un'opzione di /help\nUso: /help");
  });

  it("refuses a moderator-only command to a member who is not a chat administrator", async () => {
    const { group, person } = await community("Moderata");
    const typed = person.say("/campaign list", group);
    expect(emulator.seen(await groupAnswer(group, typed)).text).toBe("Only this community's moderators can do that.");
  });

  it("lets a chat administrator run a moderator command, answered privately", async () => {
    const { owner, group } = await community("Amministrata");
    owner.hasStartedBot();
    owner.say("/campaign list", group);
    const answer = emulator.seen(await privateAnswer(owner));
    // A new member's first private answer also carries the once-only consent question.
    expect(answer.text).toMatch(
      /^Scheduled campaigns\n\nNothing is scheduled in this community\.(\n\nOne quick question|$)/,
    );
  });

  it("explains a missing argument of a subcommand with the usage of every subcommand", async () => {
    const { owner, group } = await community("Sintassi");
    const typed = owner.say("/campaign pause", group);
    expect(emulator.seen(await groupAnswer(group, typed)).text).toBe(
      [
        "That didn't work: <id> is missing",
        "Usage: /campaign list",
        "/campaign pause <id>",
        "/campaign resume <id>",
        "/campaign cancel <id>",
      ].join("\n"),
    );
  });

  it("sends a member who never started the bot a deep link that opens /privacy in the private chat", async () => {
    const { group, person } = await community("Caffè", { started: false });
    const typed = person.say("/privacy", group);
    const notice = emulator.seen(await groupAnswer(group, typed));
    expect(notice.text).toBe("I can't write to you privately yet. Open a private chat with me and I'll answer there.");
    const link = notice.links["Open the private chat"];
    expect(link).toMatch(/^https:\/\/t\.me\/circolo_test_bot\?start=privacy-m\d+-[A-Za-z0-9_-]{10}$/);
    person.start(new URL(link!).searchParams.get("start")!);
    const panel = emulator.seen(await privateAnswer(person));
    expect(panel.text).toContain("Your privacy with Circolo");
    expect(panel.buttons).toContain("Allow analytics");
  });

  it("records consent from a /privacy button and updates the panel in place", async () => {
    const { group, person } = await community("Enoteca");
    person.say("/privacy", group);
    const panel = await privateAnswer(person);
    const query = person.press(panel, "Allow analytics");
    await emulator.waitFor(() => panel.edits > 0, "the panel to be edited");
    expect(emulator.callbackAnswer(query)).toEqual({});
    expect(emulator.seen(panel).buttons).toContain("Stop analytics");
    const grants = await app.database.prisma.consentGrant.findMany({ where: { purpose: "analytics" } });
    expect(grants.map((g) => g.action)).toContain("granted");
  });

  it("answers a forged button with a clear message and changes nothing", async () => {
    const { group, person } = await community("Falsari");
    person.say("/privacy", group);
    const panel = await privateAnswer(person);
    const grants = await app.database.prisma.consentGrant.count();
    const query = person.pressData(panel, `${group.id}@1.pv_t.analytics.1~AAAAAAAAAA`);
    const answer = await emulator.waitFor(() => emulator.callbackAnswer(query), "the answer to the forged button");
    expect(answer.text).toBe("This button is no longer valid. Please run the command again.");
    await settle();
    expect(panel.edits).toBe(0);
    expect(await app.database.prisma.consentGrant.count()).toBe(grants);
  });

  it("delivers every reply exactly once through a storm of 429s", async () => {
    const people = Array.from({ length: 4 }, () => emulator.person());
    const failedBefore = emulator.calls("sendMessage").filter((c) => c.errorCode === 429).length;
    emulator.failNext("sendMessage", 6, { code: 429, retryAfter: 1 });
    for (const person of people) person.say("/help");
    for (const person of people) await privateAnswer(person);
    await settle(1_200);
    expect(people.map((p) => emulator.botMessages(p.id).length)).toEqual([1, 1, 1, 1]);
    expect(emulator.calls("sendMessage").filter((c) => c.errorCode === 429).length - failedBefore).toBe(6);
  });

  it("keeps the same community when the group becomes a supergroup", async () => {
    const { owner, group, person } = await community("Migranti");
    const before = await findCommunity(group.id);
    const oldId = group.id;
    group.migrate(owner);
    await waitUntil(async () => (await findCommunity(group.id))?.id === before?.id, "the community to move");
    expect(await findCommunity(oldId)).toBeNull();
    person.say("/help", group);
    await privateAnswer(person);
    const communities = await app.database.prisma.community.count({ where: { title: "Migranti" } });
    expect(communities).toBe(1);
  });

  it("keeps the group's open poll, Q&A board and offer working after it becomes a supergroup", async () => {
    const { owner, group, person } = await community("Migranti attivi");
    owner.hasStartedBot();
    const oldId = group.id;
    owner.say("/poll Best flavour? | Vanilla | Pistachio", group);
    const poll = await emulator.waitFor(
      () => emulator.botMessages(oldId).find((m) => m.text.includes("Best flavour?")),
      "the poll",
    );
    owner.say("/qa open Winter menu", group);
    await emulator.waitFor(() => emulator.botMessages(oldId).find((m) => m.text.includes("Winter menu")), "the board");
    owner.say("/offer create Free espresso --quantity 5", group);
    const offer = await emulator.waitFor(
      () => emulator.botMessages(oldId).find((m) => m.text.includes("Free espresso")),
      "the offer",
    );
    group.migrate(owner);
    await waitUntil(async () => Boolean(await findCommunity(group.id)), "the community to move");

    // The old messages stay in the old chat, where Telegram still shows them and their buttons.
    const vote = person.press(poll, "Vanilla");
    const answer = await emulator.waitFor(() => emulator.callbackAnswer(vote), "the vote's answer");
    expect(answer.text).not.toBe("This button is no longer valid. Please run the command again.");
    await emulator.waitFor(() => poll.edits > 0, "the poll's counts to be updated");
    expect(emulator.seen(poll).text).toContain("Votes: 1");
    const claim = person.press(offer, "Claim");
    await emulator.waitFor(() => emulator.callbackAnswer(claim), "the claim's answer");
    await emulator.waitFor(
      () => emulator.botMessages(person.id).find((m) => m.text.includes("Free espresso")),
      "the code, privately",
    );

    // In the supergroup, the open session takes questions and new polls are posted there.
    person.say("/ask What is on the winter menu?", group);
    await emulator.waitFor(
      () => emulator.botMessages(person.id).find((m) => m.text.includes("Your question is Q1")),
      "the question's number",
    );
    owner.say("/poll Cone or cup? | Cone | Cup", group);
    await emulator.waitFor(
      () => emulator.botMessages(group.id).find((m) => m.text.includes("Cone or cup?")),
      "a new poll in the supergroup",
    );
  });

  it("marks the community inactive when the bot is removed, keeping its data", async () => {
    const { owner, group } = await community("Chiusura");
    group.removeBot(owner);
    await waitUntil(async () => (await findCommunity(group.id))?.active === false, "the community to be retired");
    expect(await findCommunity(group.id)).toMatchObject({ title: "Chiusura", active: false });
  });
});

describe("Circolo's Telegram webhook", () => {
  let running: TelegramTestApp;
  let emulator: TelegramEmulator;

  beforeAll(async () => {
    running = await startTelegramApp("webhook");
    emulator = running.emulator;
  });
  afterAll(() => running.stop());

  const processed = () => running.app.database.prisma.processedUpdate.count();

  it("is registered with Telegram with its secret", () => {
    const [call] = emulator.calls("setWebhook");
    expect(call?.params).toMatchObject({ url: running.webhookUrl, secret_token: webhookSecret });
  });

  it("answers 401 to a delivery with a wrong or missing secret and handles nothing", async () => {
    const person = emulator.person();
    person.hasStartedBot();
    const update = {
      update_id: 900_001,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: person.id, type: "private", first_name: "Member" },
        from: { id: person.id, is_bot: false, first_name: "Member" },
        text: "/help",
        entities: [{ type: "bot_command", offset: 0, length: 5 }],
      },
    };
    const before = await processed();
    for (const secret of ["wrong-secret-0123456789", undefined]) {
      const response = await fetch(running.webhookUrl!, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
        },
        body: JSON.stringify(update),
      });
      expect(response.status).toBe(401);
    }
    await settle();
    expect(await processed()).toBe(before);
    expect(emulator.botMessages(person.id)).toEqual([]);
  });

  it("answers 200 to a redelivered update and handles it only once", async () => {
    const person = emulator.person();
    person.say("/help");
    await emulator.waitFor(() => emulator.botMessages(person.id)[0], "the answer");
    const updateId = emulator.lastUpdateId;
    expect(await emulator.redeliver(updateId)).toBe(200);
    expect(await emulator.redeliver(updateId)).toBe(200);
    await settle();
    expect(emulator.botMessages(person.id)).toHaveLength(1);
    expect(emulator.deliveries.filter((d) => d.updateId === updateId).map((d) => d.status)).toEqual([200, 200, 200]);
  });
});

describe("Circolo on Telegram across a restart", () => {
  it("sets the command menus once, and handles updates offered again after a restart only once", async () => {
    const folder = mkdtempSync(join(tmpdir(), "circolo-telegram-restart-"));
    const emulator = await TelegramEmulator.start();
    const env = {
      TELEGRAM_BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      DATABASE_URL: `file:${join(folder, "circolo.db")}`,
    };
    try {
      const first = await startTestApp(env);
      expect(emulator.calls("setMyCommands")).toHaveLength(9);
      expect(emulator.commands({ type: "all_group_chats" }, "it")?.map((c) => c.description)).toContain(
        "Mostra cosa può fare Circolo per te",
      );
      expect(emulator.commands({ type: "all_group_chats" })?.map((c) => c.command)).not.toContain("campaign");
      expect(emulator.commands({ type: "all_chat_administrators" })?.map((c) => c.command)).toContain("campaign");
      const person = emulator.person();
      person.say("/help");
      await emulator.waitFor(() => emulator.botMessages(person.id)[0], "the answer");
      const updateId = emulator.lastUpdateId;
      await first.dispose();

      // Telegram lost the confirmation: the next start is offered the update again.
      emulator.requeueFrom(updateId);
      const polls = emulator.calls("getUpdates").length;
      const second = await startTestApp(env);
      await emulator.waitFor(
        () =>
          emulator
            .calls("getUpdates")
            .slice(polls)
            .some((c) => Number(c.params.offset) > updateId),
        "the update to be fetched again and confirmed",
      );
      await settle();
      expect(emulator.botMessages(person.id)).toHaveLength(1);
      expect(emulator.calls("setMyCommands")).toHaveLength(9);
      await second.dispose();
    } finally {
      await emulator.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
