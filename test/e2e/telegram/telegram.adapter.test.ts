import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatedGroup, EmulatedPerson } from "../../../emulators/telegram/emulator-user.ts";
import type { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { type SyntheticApp, startSyntheticApp } from "./synthetic-app.ts";

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/**
 * The adapter with the real grammY Bot against the emulator, on the real core with in-memory
 * repositories and a synthetic registry: commands with options, a moderator-only command, long and
 * markup-laden answers, and a button with a personal answer.
 */
describe("the Telegram adapter with a synthetic registry", () => {
  let running: SyntheticApp;
  let emulator: TelegramEmulator;
  let owner: EmulatedPerson;
  let group: EmulatedGroup;

  beforeAll(async () => {
    running = await startSyntheticApp();
    emulator = running.emulator;
    owner = emulator.person({ firstName: "Owner" });
    group = emulator.group("Gelateria", owner);
    group.addBot(owner);
  });
  afterAll(() => running.stop());

  const member = (languageCode?: string) => {
    const person = emulator.person(languageCode ? { languageCode } : {});
    group.join(person);
    person.hasStartedBot();
    return person;
  };

  const answerTo = (message: { chatId: number; messageId: number }) =>
    emulator.waitFor(
      () => emulator.botMessages(message.chatId).find((m) => m.replyTo === message.messageId),
      "the answer under the command",
    );

  it("runs a command with positional options and flags typed in the documented syntax", async () => {
    const typed = member().say('/poll "Best | flavour?" | Vanilla | Pistachio --multi --hours 2', group);
    const seen = emulator.seen(await answerTo(typed));
    expect(seen.text).toBe("Best | flavour?\n\n• Vanilla\n• Pistachio\n\nmulti=true hours=2");
    expect(seen.buttons).toEqual(["Reveal"]);
  });

  it("explains a missing argument in Italian with the usage line", async () => {
    const typed = member("it").say("/poll Gusto preferito?", group);
    const seen = emulator.seen(await answerTo(typed));
    expect(seen.text).toBe(
      "Non ha funzionato: manca <first>\nUso: /poll <question> | <first> | <second> [--multi] [--hours <numero>]",
    );
  });

  it("appends the usage to a value the command's schema refuses", async () => {
    const typed = member().say("/poll Best flavour? | Vanilla | Pistachio --hours 0", group);
    const seen = emulator.seen(await answerTo(typed));
    expect(seen.text).toBe(
      "That didn't work: hours: Too small: expected number to be >=1\nUsage: /poll <question> | <first> | <second> [--multi] [--hours <number>]",
    );
  });

  it("refuses a moderator-only command to a member, without teaching its syntax", async () => {
    const person = member();
    for (const text of ["/purge 5", "/purge lots"]) {
      const typed = person.say(text, group);
      expect(emulator.seen(await answerTo(typed)).text).toBe("Only this community's moderators can do that.");
    }
  });

  it("runs a moderator-only command for a chat administrator", async () => {
    const boss = emulator.person();
    const room = emulator.group("Sala", boss);
    room.addBot(boss);
    const deputy = emulator.person();
    room.join(deputy, "administrator");
    for (const admin of [boss, deputy]) {
      const typed = admin.say("/purge 5", room);
      expect(emulator.seen(await answerTo(typed)).text).toBe("purged 5");
    }
    expect(emulator.calls("getChatAdministrators").filter((c) => c.params.chat_id === room.id)).toHaveLength(1);
  });

  it("shows a member's markup as text, never as formatting", async () => {
    const typed = member().say("/echo <b>bold</b> & <a href='x'>link</a>", group);
    const answer = await answerTo(typed);
    expect(answer.text).toBe("<b>bold</b> & <a href='x'>link</a>");
    expect(answer.entities).toEqual([]);
  });

  it("splits an answer longer than 4,096 characters into several messages, losing nothing", async () => {
    const person = member();
    person.say("/long");
    const parts = await emulator.waitFor(() => {
      const messages = emulator.botMessages(person.id);
      return messages.length === 2 ? messages : null;
    }, "two messages");
    expect(parts.every((m) => m.text.length <= 4096)).toBe(true);
    const lines = parts.flatMap((m) => m.text.split("\n"));
    expect(lines).toHaveLength(90);
    expect(lines[89]).toMatch(/^line 89 /);
  });

  it("ignores commands for other bots and unknown bare commands in a group, but answers /unknown@this_bot", async () => {
    const person = member();
    person.say("/poll@other_bot Q?? | a | b", group);
    person.say("/weather", group);
    const typed = person.say(`/weather@${emulator.botUsername}`, group);
    expect(emulator.seen(await answerTo(typed)).text).toBe("I don't know that command. Try /help.");
    await settle();
    const answered = emulator
      .botMessages(group.id)
      .filter((m) => m.replyTo !== null && m.replyTo >= typed.messageId - 2);
    expect(answered.map((m) => m.replyTo)).toEqual([typed.messageId]);
  });

  it("opens the private chat from a personal button for someone the bot may not write to yet", async () => {
    const poll = await answerTo(member().say("/poll Which one? | A | B", group));
    const stranger = emulator.person({ firstName: "New" });
    group.join(stranger);
    const query = stranger.press(poll, "Reveal");
    const answer = await emulator.waitFor(() => emulator.callbackAnswer(query), "the answer to Reveal");
    expect(answer.url).toMatch(/^https:\/\/t\.me\/circolo_test_bot\?start=-m\d+-[A-Za-z0-9_-]{10}$/);
    stranger.start(new URL(answer.url!).searchParams.get("start")!);
    const thanks = await emulator.waitFor(
      () => emulator.botMessages(stranger.id)[0],
      "the private chat's first message",
    );
    expect(thanks.text).toBe("Thanks, now I can write to you here. Press the button in your group again.");
    const again = stranger.press(poll, "Reveal");
    await emulator.waitFor(() => emulator.callbackAnswer(again), "the second answer");
    const secret = await emulator.waitFor(() => emulator.botMessages(stranger.id)[1], "the personal answer");
    expect(secret.text).toBe("Your secret: 42");
  });

  it("refuses a deep link that Circolo did not issue", async () => {
    const person = emulator.person();
    person.start("privacy-m4000001-AAAAAAAAAA");
    const answer = await emulator.waitFor(() => emulator.botMessages(person.id)[0], "the answer");
    expect(answer.text).toBe("This link is no longer valid. Send the command again in your group.");
  });
});

describe("the Telegram ChatPlatform port", () => {
  let running: SyntheticApp;
  let emulator: TelegramEmulator;
  let group: EmulatedGroup;

  beforeAll(async () => {
    running = await startSyntheticApp();
    emulator = running.emulator;
    const owner = emulator.person();
    group = emulator.group("Annunci", owner);
    group.addBot(owner);
  });
  afterAll(() => running.stop());

  it("posts a view and coalesces a burst of edits into the first and the last", async () => {
    const chat = running.adapter.chat;
    const ref = await chat.send({ channelId: String(group.id) }, { blocks: [{ type: "paragraph", text: "votes: 0" }] });
    const edits = [1, 2, 3, 4, 5].map((n) => chat.edit(ref, { blocks: [{ type: "paragraph", text: `votes: ${n}` }] }));
    await Promise.all(edits);
    const message = emulator.botMessages(group.id).find((m) => String(m.messageId) === ref.messageId)!;
    expect(message.text).toBe("votes: 5");
    expect(message.edits).toBe(2);
    expect(emulator.calls("editMessageText").map((c) => c.params.text)).toEqual(["votes: 1", "votes: 5"]);
  });

  it("sends files as a photo or a document (multipart)", async () => {
    const png = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const csv = new TextEncoder().encode("week,votes\n1,3\n");
    await running.adapter.chat.send(
      { channelId: String(group.id) },
      {
        blocks: [{ type: "paragraph", text: "Your report" }],
        attachments: [
          { filename: "chart.png", contentType: "image/png", data: png },
          { filename: "report week 1.csv", contentType: "text/csv", data: csv },
        ],
      },
    );
    const files = emulator.botMessages(group.id).flatMap((m) => (m.file ? [m.file] : []));
    expect(files).toEqual([
      { kind: "photo", name: "chart.png", bytes: png.length },
      { kind: "document", name: "report_week_1.csv", bytes: csv.length },
    ]);
  });

  it("sends privately only to someone who started the bot, and says null otherwise", async () => {
    const chat = running.adapter.chat;
    const stranger = emulator.person();
    expect(await chat.sendPrivate(String(stranger.id), { blocks: [{ type: "paragraph", text: "hi" }] })).toBeNull();
    const friend = emulator.person();
    friend.hasStartedBot();
    const ref = await chat.sendPrivate(String(friend.id), { blocks: [{ type: "paragraph", text: "hi" }] });
    expect(ref).toMatchObject({ platform: "telegram", channelId: String(friend.id) });
    expect(emulator.botMessages(friend.id).map((m) => m.text)).toEqual(["hi"]);
  });
});

describe("stopping the Telegram adapter", () => {
  it("sends the edits still waiting for their window before it stops", async () => {
    const running = await startSyntheticApp({ groupEditIntervalMs: 60_000 });
    const { emulator, adapter } = running;
    const owner = emulator.person();
    const group = emulator.group("Chiusura", owner);
    group.addBot(owner);
    const ref = await adapter.chat.send(
      { channelId: String(group.id) },
      { blocks: [{ type: "paragraph", text: "0" }] },
    );
    void adapter.chat.edit(ref, { blocks: [{ type: "paragraph", text: "1" }] });
    const last = adapter.chat.edit(ref, { blocks: [{ type: "paragraph", text: "2" }] });
    await emulator.waitFor(() => emulator.calls("editMessageText").length === 1, "the first edit");
    await running.stop();
    await last;
    expect(emulator.calls("editMessageText").map((c) => c.params.text)).toEqual(["1", "2"]);
  });

  it("stops within its time limit even when Telegram cannot be reached", async () => {
    const running = await startSyntheticApp({ groupEditIntervalMs: 60_000, stopTimeoutMs: 1_000 });
    const { emulator, adapter } = running;
    const owner = emulator.person();
    const group = emulator.group("Offline", owner);
    group.addBot(owner);
    const ref = await adapter.chat.send(
      { channelId: String(group.id) },
      { blocks: [{ type: "paragraph", text: "0" }] },
    );
    void adapter.chat.edit(ref, { blocks: [{ type: "paragraph", text: "1" }] }).catch(() => undefined);
    void adapter.chat.edit(ref, { blocks: [{ type: "paragraph", text: "2" }] }).catch(() => undefined);
    await emulator.stop();
    const started = Date.now();
    await adapter.stop();
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});
