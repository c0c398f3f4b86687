import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Api, type GrammyError, InputFile } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TelegramEmulator } from "../../../emulators/telegram/telegram-emulator.ts";

/** The emulator through grammY's own Api client, as the bot talks to it. */
describe("the Telegram Bot API emulator", () => {
  let emulator: TelegramEmulator;
  let api: Api;

  beforeEach(async () => {
    emulator = await TelegramEmulator.start({ retryDelayMs: 20 });
    api = new Api(emulator.token, { apiRoot: emulator.apiRoot });
  });
  afterEach(() => emulator.stop());

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: GrammyError) => ({
        code: error.error_code,
        description: error.description,
        parameters: error.parameters,
      }),
    );

  it("answers a wrong token with 401 and an unknown method with 404", async () => {
    const stranger = new Api("123456:wrong-token-0123456789abcdef", { apiRoot: emulator.apiRoot });
    expect(await refusal(stranger.getMe())).toMatchObject({ code: 401, description: "Unauthorized" });
    expect(await refusal(api.raw.logOut())).toMatchObject({ code: 404, description: "Not Found" });
  });

  it("holds getUpdates open until an update arrives, and forgets updates below the offset", async () => {
    const person = emulator.person();
    const waiting = api.getUpdates({ timeout: 5, offset: 0 });
    setTimeout(() => person.say("/help"), 100);
    const [update] = await waiting;
    expect(update?.message?.text).toBe("/help");
    expect(await api.getUpdates({ offset: update!.update_id, timeout: 0 })).toHaveLength(1);
    expect(await api.getUpdates({ offset: update!.update_id + 1, timeout: 0 })).toEqual([]);
  });

  it("gives a bot in privacy mode only the commands of a group, not its chatter", async () => {
    const owner = emulator.person();
    const group = emulator.group("Chatter", owner);
    group.addBot(owner);
    owner.say("good morning", group);
    owner.say("/help", group);
    const updates = await api.getUpdates({ timeout: 0 });
    expect(updates.map((u) => u.message?.text ?? Object.keys(u)[1])).toEqual(["my_chat_member", "/help"]);
  });

  it("refuses getUpdates with 409 while a webhook is set", async () => {
    await api.setWebhook("http://127.0.0.1:9/hook", { secret_token: "a-secret-of-16-chars" });
    expect(await refusal(api.getUpdates({ timeout: 0 }))).toMatchObject({ code: 409 });
    await api.deleteWebhook();
    expect(await api.getUpdates({ timeout: 0 })).toEqual([]);
  });

  it("delivers to the webhook with the secret header, and again until it gets 2xx", async () => {
    const received: { secret: string | undefined; updateId: number }[] = [];
    const hook = await listen(async (request) => {
      const body = JSON.parse(await text(request)) as { update_id: number };
      received.push({ secret: request.headers["x-telegram-bot-api-secret-token"] as string, updateId: body.update_id });
      return received.length < 3 ? 500 : 200;
    });
    try {
      await api.setWebhook(hook.url, { secret_token: "a-secret-of-16-chars" });
      emulator.person().say("/help");
      await emulator.waitFor(() => emulator.deliveries.some((d) => d.status === 200), "a delivery that succeeds");
      expect(received.map((r) => r.secret)).toEqual(Array(3).fill("a-secret-of-16-chars"));
      expect(new Set(received.map((r) => r.updateId)).size).toBe(1);
      expect(emulator.deliveries.map((d) => d.status)).toEqual([500, 500, 200]);
    } finally {
      await hook.close();
    }
  });

  it("refuses unescaped markup, over-long callback data and text beyond 4,096 characters like Telegram", async () => {
    const person = emulator.person();
    person.hasStartedBot();
    expect(await refusal(api.sendMessage(person.id, "a <b> b", { parse_mode: "HTML" }))).toMatchObject({
      code: 400,
      description: expect.stringContaining("can't parse entities"),
    });
    const data = "x".repeat(65);
    expect(
      await refusal(
        api.sendMessage(person.id, "hi", { reply_markup: { inline_keyboard: [[{ text: "b", callback_data: data }]] } }),
      ),
    ).toMatchObject({ code: 400, description: "Bad Request: BUTTON_DATA_INVALID" });
    expect(await refusal(api.sendMessage(person.id, "&amp;".repeat(4097), { parse_mode: "HTML" }))).toMatchObject({
      description: "Bad Request: message is too long",
    });
    const ok = await api.sendMessage(person.id, "<b>Bold</b> &amp; <i>it</i>", { parse_mode: "HTML" });
    expect(ok.text).toBe("Bold & it");
    expect(ok.entities?.map((e) => e.type)).toEqual(["bold", "italic"]);
  });

  it("refuses to write to someone who never started the bot or blocked it (403)", async () => {
    const person = emulator.person();
    expect(await refusal(api.sendMessage(person.id, "hi"))).toMatchObject({
      code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });
    person.hasStartedBot();
    person.blockBot();
    expect(await refusal(api.sendMessage(person.id, "hi"))).toMatchObject({
      code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
  });

  it("posts a poll and stops it", async () => {
    const owner = emulator.person();
    const group = emulator.group("Polls", owner);
    group.addBot(owner);
    const message = await api.sendPoll(group.id, "Flavour?", [{ text: "Vanilla" }, { text: "Pistachio" }], {
      is_anonymous: true,
    });
    expect(message.poll.options.map((o) => o.text)).toEqual(["Vanilla", "Pistachio"]);
    const stopped = await api.stopPoll(group.id, message.message_id);
    expect(stopped.is_closed).toBe(true);
    expect(await refusal(api.sendPoll(group.id, "One?", [{ text: "Only" }]))).toMatchObject({ code: 400 });
  });

  it("takes files as multipart uploads", async () => {
    const owner = emulator.person();
    owner.hasStartedBot();
    await api.sendDocument(owner.id, new InputFile(new Uint8Array([1, 2, 3, 4]), "data.bin"), { caption: "the data" });
    await api.sendPhoto(owner.id, new InputFile(new Uint8Array([9, 9]), "chart.png"));
    expect(emulator.botMessages(owner.id).map((m) => [m.file, m.text])).toEqual([
      [{ kind: "document", name: "data.bin", bytes: 4 }, "the data"],
      [{ kind: "photo", name: "chart.png", bytes: 2 }, ""],
    ]);
  });

  it("keeps command menus per scope and language", async () => {
    await api.setMyCommands([{ command: "help", description: "Help" }], { scope: { type: "all_group_chats" } });
    await api.setMyCommands([{ command: "help", description: "Aiuto" }], {
      scope: { type: "all_group_chats" },
      language_code: "it",
    });
    expect(await api.getMyCommands({ scope: { type: "all_group_chats" }, language_code: "it" })).toEqual([
      { command: "help", description: "Aiuto" },
    ]);
    expect(await api.getMyCommands({ scope: { type: "all_group_chats" } })).toEqual([
      { command: "help", description: "Help" },
    ]);
    expect(await api.getMyCommands()).toEqual([]);
  });

  it("knows who is in a group and who administers it, and follows a group that became a supergroup", async () => {
    const owner = emulator.person();
    const member = emulator.person();
    const group = emulator.group("Members", owner);
    group.addBot(owner);
    group.join(member);
    expect((await api.getChatMember(group.id, member.id)).status).toBe("member");
    expect((await api.getChatAdministrators(group.id)).map((m) => m.user.id)).toEqual([owner.id]);
    expect(await api.getChat(group.id)).toMatchObject({ id: group.id, type: "group", title: "Members" });
    const oldId = group.id;
    group.migrate(owner);
    expect(await refusal(api.sendMessage(oldId, "hi"))).toMatchObject({
      code: 400,
      parameters: { migrate_to_chat_id: group.id },
    });
    expect((await api.sendMessage(group.id, "hi")).chat.type).toBe("supergroup");
  });

  it("answers the next calls of a method with an injected 429 or 5xx, then works again", async () => {
    const person = emulator.person();
    person.hasStartedBot();
    emulator.failNext("sendMessage", 1, { code: 429, retryAfter: 7 });
    emulator.failNext("sendMessage", 1, { code: 502 });
    expect(await refusal(api.sendMessage(person.id, "a"))).toMatchObject({ code: 429, parameters: { retry_after: 7 } });
    expect(await refusal(api.sendMessage(person.id, "b"))).toMatchObject({ code: 502 });
    expect((await api.sendMessage(person.id, "c")).text).toBe("c");
    expect(emulator.calls("sendMessage").map((c) => c.errorCode)).toEqual([429, 502, null]);
  });
});

async function text(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A tiny webhook receiver answering with the status `respond` gives. */
async function listen(
  respond: (request: IncomingMessage) => Promise<number>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    void respond(request).then((status) => response.writeHead(status).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
