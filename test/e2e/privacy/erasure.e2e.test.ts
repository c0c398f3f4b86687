// Erasure through the real app on Telegram (grammY against the emulator) on a fresh SQLite file: what an erased
// member leaves in the database's bytes.
import { readdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatedGroup, EmulatedPerson } from "../../../emulators/telegram/emulator-user.ts";
import type { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";
import { databaseUrl } from "../../../src/app/config.ts";
import { Pseudonymizer } from "../../../src/core/identity/pseudonym.ts";
import { testSecret } from "../../support/test-app.ts";
import { groupWithBot, startTelegramApp, type TelegramTestApp } from "../telegram/telegram-harness.ts";

describe("erasure on Telegram, down to the database's bytes", () => {
  let running: TelegramTestApp;
  let emulator: TelegramEmulator;

  beforeAll(async () => {
    running = await startTelegramApp("polling");
    emulator = running.emulator;
  }, 60_000);
  afterAll(() => running.stop());

  /** A group with the bot, its owner (an administrator who started the bot) and a member who did too. */
  async function community(title: string) {
    const { owner, group } = await groupWithBot(running, title);
    const member = emulator.person();
    group.join(member);
    member.hasStartedBot();
    return { owner, group, member };
  }

  const privateMessage = (person: EmulatedPerson, text: string) =>
    emulator.waitFor(() => emulator.botMessages(person.id).find((m) => m.text.includes(text)), `"${text}"`);

  /** Runs /mydata erase in the group and confirms it privately. */
  async function erase(member: EmulatedPerson, group: EmulatedGroup) {
    member.say("/mydata erase", group);
    const confirm = await privateMessage(member, "This erases everything");
    member.press(confirm, "Erase my data");
    await emulator.waitFor(() => confirm.edits > 0, "the erasure's confirmation");
    expect(emulator.seen(confirm).text).toContain("Done: your data is erased.");
  }

  /** The bytes of the SQLite file and its write-ahead log (and anything else beside them). */
  function databaseFiles(): { name: string; bytes: Buffer }[] {
    const folder = dirname(databaseUrl(running.app.config).replace(/^file:/, ""));
    return readdirSync(folder)
      .filter((name) => name.startsWith("circolo.db"))
      .map((name) => ({ name, bytes: readFileSync(`${folder}/${name}`) }));
  }

  it("leaves neither the member's pseudonym nor their question's text in the SQLite file or its -wal", async () => {
    const { owner, group, member } = await community("Gelateria Cancellata");
    owner.say("/qa open Winter flavours", group);
    await emulator.waitFor(() => emulator.botMessages(group.id).length > 0, "the Q&A board");
    const question = "Will the zabaione-and-fig flavour come back this winter?";
    member.say(`/ask ${question}`, group);
    await privateMessage(member, "Your question is Q1");
    const pseudonym = new Pseudonymizer(testSecret).pseudonym("telegram", String(member.id));
    const before = databaseFiles();
    expect(before.some((f) => f.bytes.includes(pseudonym))).toBe(true);
    expect(before.some((f) => f.bytes.includes(question))).toBe(true);

    await erase(member, group);

    const after = databaseFiles();
    expect(after.map((f) => f.name)).toContain("circolo.db");
    for (const file of after) {
      expect(file.bytes.includes(pseudonym), `${file.name} holds the pseudonym`).toBe(false);
      expect(file.bytes.includes(question), `${file.name} holds the question`).toBe(false);
    }
  });
});
