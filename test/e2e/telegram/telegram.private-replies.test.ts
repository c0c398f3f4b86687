import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupAnonymousBot } from "../../../emulators/telegram/emulator-state.ts";
import type { EmulatedGroup, EmulatedPerson } from "../../../emulators/telegram/emulator-user.ts";
import type { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { groupWithBot, startTelegramApp, type TelegramTestApp } from "./telegram-harness.ts";

/**
 * Private replies on Telegram when the private chat cannot be used: a member who never started the bot, and an
 * administrator posting anonymously as the group (Telegram shows GroupAnonymousBot as the sender).
 */
describe("Telegram private replies that cannot go privately", () => {
  let running: TelegramTestApp;
  let emulator: TelegramEmulator;

  beforeAll(async () => {
    running = await startTelegramApp("polling");
    emulator = running.emulator;
  });
  afterAll(() => running.stop());

  const community = (title: string) => groupWithBot(running, title);

  const replyTo = (group: EmulatedGroup, to: { messageId: number }) =>
    emulator.waitFor(
      () => emulator.botMessages(group.id).find((m) => m.replyTo === to.messageId),
      "a reply in the group",
    );

  const firstPrivate = (person: EmulatedPerson) =>
    emulator.waitFor(() => emulator.botMessages(person.id)[0], `a private message to ${person.id}`);

  it("tells a member who never opened the private chat, in the group, that their question is Q1 (D1 in Italian)", async () => {
    const { owner, group } = await community("Gelateria Domande");
    owner.say("/qa open Winter flavours", group);
    await emulator.waitFor(() => emulator.botMessages(group.id).length > 0, "the Q&A board");
    const member = emulator.person({ languageCode: "it" });
    group.join(member);
    const asked = member.say("/ask Quando torna il gusto pistacchio?", group);
    const notice = emulator.seen(await replyTo(group, asked));
    expect(notice.text).toBe(
      "Grazie! La tua domanda è la D1 sulla bacheca.\nPer le mie risposte private, apri una chat privata con me.",
    );
    expect(notice.links["Apri la chat privata"]).toMatch(/^https:\/\/t\.me\/circolo_test_bot\?start=ask-m\d+-/);
  });

  it("never writes to GroupAnonymousBot: an administrator posting as the group is told to use their own account", async () => {
    const { owner, group } = await community("Anonimi");
    const typed = owner.sayAsGroup("/campaign list", group);
    const notice = emulator.seen(await replyTo(group, typed));
    expect(notice.text).toBe(
      "You sent this as the group, so I can't answer you privately. " +
        "Send the command from your own account, or open the private chat with me.",
    );
    const link = notice.links["Open the private chat"];
    expect(link).toMatch(/^https:\/\/t\.me\/circolo_test_bot\?start=campaign-m\d+-/);
    expect(emulator.calls().filter((c) => Number(c.params.chat_id) === groupAnonymousBot.id)).toEqual([]);

    // The link opens the private chat from the administrator's own account; a command with arguments is sent again.
    owner.start(new URL(link!).searchParams.get("start")!);
    expect(emulator.seen(await firstPrivate(owner)).text).toBe(
      "Thanks, now I can write to you here. Send /campaign again in your group.",
    );
  });

  it("posts an anonymous administrator's poll, and tells them in the group where its private confirmation is", async () => {
    const { owner, group } = await community("Anonimi pubblici");
    const typed = owner.sayAsGroup("/poll Best flavour? | Vanilla | Pistachio", group);
    await emulator.waitFor(
      () => emulator.botMessages(group.id).find((m) => m.text.includes("Best flavour?")),
      "the poll posted in the group",
    );
    expect(emulator.seen(await replyTo(group, typed)).text).toMatch(/^You sent this as the group/);
    expect(emulator.calls().filter((c) => Number(c.params.chat_id) === groupAnonymousBot.id)).toEqual([]);
  });

  it("answers a group's other members while one member's private export is being retried", async () => {
    const { group } = await community("Gelateria Lenta");
    const [exporter, helper] = [emulator.person(), emulator.person()];
    for (const person of [exporter, helper]) {
      group.join(person);
      person.hasStartedBot();
    }
    // Telegram fails the export's upload twice: auto-retry waits 3 s, then 6 s, before the third attempt.
    emulator.failNext("sendDocument", 2, { code: 500 });
    exporter.say("/mydata export", group);
    await emulator.waitFor(() => emulator.calls("sendDocument").some((c) => c.errorCode === 500), "the failed upload");
    helper.say("/help", group);
    await firstPrivate(helper);
    const exportsWhenHelped = emulator.botMessages(exporter.id).filter((m) => m.file).length;
    const export_ = await emulator.waitFor(
      () => emulator.botMessages(exporter.id).find((m) => m.file),
      "the export, in the end",
      30_000,
    );
    expect(exportsWhenHelped).toBe(0);
    expect(export_.file?.name).toMatch(/\.json$/);
    expect(emulator.botMessages(exporter.id).filter((m) => m.file)).toHaveLength(1);
  }, 60_000);
});
