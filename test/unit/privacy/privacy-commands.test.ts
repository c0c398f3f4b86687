import { describe, expect, it } from "vitest";
import { InteractionRecord } from "../../../src/core/engagement/interaction.ts";
import type { PipelineOutcome } from "../../../src/core/pipeline/update-pipeline.ts";
import type { MessageView, Reply } from "../../../src/core/ports/view.ts";
import type { PersonalDataExport } from "../../../src/core/privacy/privacy.service.ts";
import { privacyTablesOf } from "../../../src/persistence/repositories/in-memory/privacy.in-memory.ts";
import { coreHarness, testCapabilities } from "../../support/core-harness.ts";

type Harness = ReturnType<typeof coreHarness>;

function viewOf(outcome: PipelineOutcome): MessageView {
  const reply: Reply = outcome.reply;
  if (reply.type !== "message" && reply.type !== "update") throw new Error(`no view in a ${reply.type} reply`);
  return reply.view;
}

const textOf = (outcome: PipelineOutcome) =>
  viewOf(outcome)
    .blocks.map((b) => ("text" in b ? b.text : "items" in b ? b.items.join("\n") : ""))
    .join("\n");

const buttonsOf = (outcome: PipelineOutcome) =>
  (viewOf(outcome).actions ?? []).flatMap((row) => (row.type === "buttons" ? row.buttons : []));

/** Presses the button with this label on a reply. */
function press(h: Harness, outcome: PipelineOutcome, label: string, who: { userId?: string } = {}) {
  const button = buttonsOf(outcome).find((b) => b.label === label);
  if (!button) throw new Error(`no button "${label}" among ${buttonsOf(outcome).map((b) => b.label)}`);
  return h.send({ type: "action", name: button.action.name, args: button.action.args }, who);
}

async function memberOf(h: Harness, userId = "1001") {
  await h.send({ type: "command", name: "help", options: {} }, { userId });
  const members = [...h.repositories.store.members.values()];
  return members.at(-1)!;
}

describe("/privacy", () => {
  it("shows the notice with its version, what is stored now and the state of each purpose", async () => {
    const h = coreHarness();
    const panel = await h.send({ type: "command", name: "privacy", options: {} });
    expect(panel.reply).toMatchObject({ type: "message", visibility: "private" });
    const text = textOf(panel);
    expect(text).toContain("deleted after 180 days");
    expect(text).toContain("Privacy notice version 2026-12-v2.");
    expect(text).toContain("memberships (pseudonym, join date, language, roles): 1");
    expect(text).toContain("Analytics: count your participation in this community's reports: off");
    expect(buttonsOf(panel).map((b) => b.label)).toEqual([
      "Allow analytics",
      "Allow personalization",
      "Allow direct messages",
    ]);
    const granted = await press(h, panel, "Allow analytics");
    expect(textOf(granted)).toContain("consent choices: 1");
    expect(buttonsOf(granted)[0]?.label).toBe("Stop analytics");
  });

  it("keeps a sealed private-chat address only while direct messages are allowed", async () => {
    const h = coreHarness();
    const panel = await h.send({ type: "command", name: "privacy", options: {} }, { userId: "555001" });
    const member = [...h.repositories.store.members.values()][0]!;
    const allowed = await press(h, panel, "Allow direct messages", { userId: "555001" });
    const sealed = privacyTablesOf(h.repositories.store).contacts.get(member.id)?.sealed;
    expect(sealed).toBeDefined();
    expect(sealed).not.toContain("555001");
    expect(await h.privacy.contacts.contactFor(member.id)).toBe("555001");
    expect(textOf(allowed)).toContain("private chat address (encrypted): 1");
    await press(h, allowed, "Stop direct messages", { userId: "555001" });
    expect(privacyTablesOf(h.repositories.store).contacts.has(member.id)).toBe(false);
    expect(await h.privacy.contacts.contactFor(member.id)).toBeNull();
  });

  it("stores no address when the bot's private chat opens without a direct_messages consent", async () => {
    const h = coreHarness();
    const member = await memberOf(h, "777");
    const at = h.clock.now();
    expect(
      await h.privacy.contacts.rememberPrivateChat({ platform: "telegram", userId: "777", chatId: "777", at }),
    ).toBe(0);
    await h.services.consent.set({
      communityId: member.communityId,
      memberId: member.id,
      purpose: "direct_messages",
      granted: true,
      at,
      interaction: new InteractionRecord(),
    });
    expect(
      await h.privacy.contacts.rememberPrivateChat({ platform: "telegram", userId: "777", chatId: "777", at }),
    ).toBe(1);
    expect(await h.privacy.contacts.contactFor(member.id)).toBe("777");
    expect(
      await h.privacy.contacts.rememberPrivateChat({ platform: "discord", userId: "777", chatId: "777", at }),
    ).toBe(0);
  });
});

describe("asking new members once", () => {
  it("adds one short question to a new member's first private reply, and never again", async () => {
    const h = coreHarness({ consentPrompt: true });
    const first = await h.send({ type: "command", name: "help", options: {} });
    expect(textOf(first)).toContain("One quick question");
    expect(buttonsOf(first).map((b) => b.label)).toEqual([
      "Allow analytics",
      "Allow personalization",
      "Allow direct messages",
      "No, thanks",
    ]);
    const second = await h.send({ type: "command", name: "help", options: {} });
    expect(textOf(second)).not.toContain("One quick question");
  });

  it("assumes nothing: without an answer, and after 'No, thanks', no consent exists", async () => {
    const h = coreHarness({ consentPrompt: true });
    const first = await h.send({ type: "command", name: "help", options: {} });
    const member = [...h.repositories.store.members.values()][0]!;
    expect(await h.services.consent.state(member.id)).toEqual({
      analytics: null,
      personalization: null,
      direct_messages: null,
    });
    const declined = await press(h, first, "No, thanks");
    expect(declined.reply).toEqual({
      type: "notice",
      text: "Fine: nothing is kept about you. Use /privacy if you change your mind.",
    });
    expect(h.repositories.store.consents).toHaveLength(0);
  });

  it("grants exactly the purpose whose button was pressed", async () => {
    const h = coreHarness({ consentPrompt: true });
    const first = await h.send({ type: "command", name: "help", options: {} });
    const answer = await press(h, first, "Allow analytics");
    expect(answer.reply).toMatchObject({ type: "notice", text: expect.stringContaining("analytics is on") });
    const member = [...h.repositories.store.members.values()][0]!;
    const state = await h.services.consent.state(member.id);
    expect([state.analytics !== null, state.personalization, state.direct_messages]).toEqual([true, null, null]);
  });

  it("does not ask a member who opened /privacy first", async () => {
    const h = coreHarness({ consentPrompt: true });
    const panel = await h.send({ type: "command", name: "privacy", options: {} });
    expect(textOf(panel)).not.toContain("One quick question");
    const help = await h.send({ type: "command", name: "help", options: {} });
    expect(textOf(help)).not.toContain("One quick question");
  });

  it("turns a new member's first button acknowledgement into a private message with the question", async () => {
    const h = coreHarness({ consentPrompt: true });
    const outcome = await h.pipeline.handle(
      {
        platform: "telegram",
        updateId: "ack-1",
        receivedAt: h.clock.now(),
        community: { platformId: "-100777", title: "Community" },
        channelId: "-100777",
        user: { id: "9001", languageTag: "it", isAdmin: false, roles: [] },
        request: { type: "action", name: "pv_a", args: ["none"] },
      },
      testCapabilities,
    );
    expect(outcome.reply).toMatchObject({ type: "message", visibility: "private" });
    expect(textOf(outcome)).toContain("Va bene: non conserviamo nulla su di te.");
    expect(textOf(outcome)).toContain("Una domanda veloce");
  });
});

describe("/mydata", () => {
  it("delivers everything linked to the member privately, as a JSON document of the documented format", async () => {
    const h = coreHarness();
    const panel = await h.send({ type: "command", name: "privacy", options: {} });
    await press(h, panel, "Allow analytics");
    const outcome = await h.send({ type: "command", name: "mydata", subcommand: "export", options: {} });
    expect(outcome.reply).toMatchObject({ type: "message", visibility: "private" });
    const [file] = viewOf(outcome).attachments ?? [];
    expect(file?.filename).toBe("circolo-my-data-2026-11-29.json");
    expect(file?.contentType).toBe("application/json");
    const document = JSON.parse(new TextDecoder().decode(file?.data)) as PersonalDataExport;
    expect(document).toMatchObject({
      format: "circolo-personal-data",
      version: 1,
      exportedAt: "2026-11-29T10:00:00.000Z",
      brand: "Brand",
      noticeVersion: "2026-12-v2",
    });
    const member = [...h.repositories.store.members.values()][0]!;
    expect(document.sections.memberships).toEqual([
      expect.objectContaining({ memberId: member.id, platform: "telegram", pseudonym: member.pseudonym }),
    ]);
    expect(document.sections.consents).toEqual([
      expect.objectContaining({ purpose: "analytics", action: "granted", noticeVersion: "2026-12-v2" }),
    ]);
    expect(Object.keys(document.sections)).toEqual(
      h.repositories.personalData.filter((s) => s.exported !== false).map((s) => s.name),
    );
  });

  it("erases only after the confirmation button, leaves a tombstone without identity, and a second press erases nothing", async () => {
    const h = coreHarness();
    const panel = await h.send({ type: "command", name: "privacy", options: {} });
    await press(h, panel, "Allow analytics");
    await h.send({ type: "command", name: "help", options: {} });
    await h.services.engagement.flush();
    const member = [...h.repositories.store.members.values()][0]!;
    const asked = await h.send({ type: "command", name: "mydata", subcommand: "erase", options: {} });
    expect(textOf(asked)).toContain("It cannot be undone.");
    expect(h.repositories.store.members.has(member.id)).toBe(true);

    const done = await press(h, asked, "Erase my data");
    expect(textOf(done)).toContain("your data is erased");
    await h.services.engagement.flush();
    const { store } = h.repositories;
    expect(store.members.has(member.id)).toBe(false);
    expect(store.consents.filter((c) => c.memberId !== null)).toEqual([]);
    expect(store.consents.filter((c) => c.action === "erased")).toEqual([
      expect.objectContaining({ memberId: null, purpose: null, at: h.clock.now() }),
    ]);
    expect(store.events.some((e) => e.memberId === member.id)).toBe(false);
    expect(store.events.length).toBeGreaterThan(0);

    const again = await press(h, asked, "Erase my data");
    expect(textOf(again)).toContain("There is nothing left to erase.");
    expect(store.consents.filter((c) => c.action === "erased")).toHaveLength(1);
  });

  it("keeps everything when the member chooses to keep their data", async () => {
    const h = coreHarness();
    const asked = await h.send({ type: "command", name: "mydata", subcommand: "erase", options: {} });
    const kept = await press(h, asked, "Keep my data");
    expect(textOf(kept)).toBe("Nothing was erased.");
    expect(h.repositories.store.members.size).toBe(1);
  });
});

describe("/link", () => {
  /** Runs a command as a Discord member of the harness's brand (another community, another platform). */
  function onDiscord(h: Harness, request: Parameters<Harness["send"]>[0], userId = "discord-42") {
    return h.pipeline.handle(
      {
        platform: "discord",
        updateId: `discord-${Math.random()}`,
        receivedAt: h.clock.now(),
        community: { platformId: "guild-1", title: "Gelateria HQ" },
        channelId: "channel-1",
        user: { id: userId, languageTag: "en", isAdmin: false, roles: [] },
        request,
      },
      testCapabilities,
    );
  }

  const codeIn = (outcome: PipelineOutcome) => /\/link (\S+)/.exec(textOf(outcome))?.[1] ?? "";

  it("links a Telegram and a Discord account with a one-time code, for one export and one erasure", async () => {
    const h = coreHarness();
    const issued = await h.send({ type: "command", name: "link", options: {} });
    const code = codeIn(issued);
    expect(code).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    expect(textOf(issued)).toContain("No other account is linked.");

    const linked = await onDiscord(h, { type: "command", name: "link", options: { code } });
    expect(textOf(linked)).toContain("Linked with: Telegram · Community");
    const reused = await onDiscord(h, { type: "command", name: "link", options: { code } }, "discord-43");
    expect(reused.outcome).toBe("error:LINK_CODE_INVALID");

    const exported = await onDiscord(h, { type: "command", name: "mydata", subcommand: "export", options: {} });
    const document = JSON.parse(
      new TextDecoder().decode(viewOf(exported).attachments?.[0]?.data),
    ) as PersonalDataExport;
    expect(document.sections.memberships?.map((m) => (m as { platform: string }).platform).sort()).toEqual([
      "discord",
      "telegram",
    ]);

    const asked = await onDiscord(h, { type: "command", name: "mydata", subcommand: "erase", options: {} });
    const button = buttonsOf(asked).find((b) => b.label === "Erase my data")!;
    const linkedIds = document.sections.memberships?.map((m) => (m as { memberId: string }).memberId) ?? [];
    await onDiscord(h, { type: "action", name: button.action.name, args: button.action.args });
    // Only the other Discord member who tried the spent code is left.
    expect(linkedIds).toHaveLength(2);
    expect(linkedIds.some((id) => h.repositories.store.members.has(id))).toBe(false);
    expect(h.repositories.store.members.size).toBe(1);
    expect(h.repositories.store.consents.filter((c) => c.action === "erased")).toHaveLength(2);
  });

  it("refuses an expired code, a code typed on the same account and a made-up code", async () => {
    const h = coreHarness();
    const code = codeIn(await h.send({ type: "command", name: "link", options: {} }));
    const same = await h.send({ type: "command", name: "link", options: { code } });
    expect(same.outcome).toBe("error:LINK_SAME_ACCOUNT");

    const fresh = codeIn(await h.send({ type: "command", name: "link", options: {} }));
    h.clock.current = new Date(h.clock.current.getTime() + 10 * 60_000 + 1);
    const late = await onDiscord(h, { type: "command", name: "link", options: { code: fresh } });
    expect(late.outcome).toBe("error:LINK_CODE_EXPIRED");
    expect(textOf(late)).toContain("has expired");

    const madeUp = await onDiscord(h, { type: "command", name: "link", options: { code: "ABCD-EFGH-JKMN" } });
    expect(madeUp.outcome).toBe("error:LINK_CODE_INVALID");
    expect(privacyTablesOf(h.repositories.store).links.size).toBe(0);
  });

  it("unlinks the accounts again", async () => {
    const h = coreHarness();
    const code = codeIn(await h.send({ type: "command", name: "link", options: {} }));
    const linked = await onDiscord(h, { type: "command", name: "link", options: { code } });
    const button = buttonsOf(linked).find((b) => b.label === "Unlink my accounts")!;
    const unlinked = await onDiscord(h, { type: "action", name: button.action.name, args: button.action.args });
    expect(textOf(unlinked)).toBe("Your accounts are no longer linked.");
    expect(privacyTablesOf(h.repositories.store).links.size).toBe(0);
    const status = await h.send({ type: "command", name: "link", options: {} });
    expect(textOf(status)).toContain("No other account is linked.");
  });
});
