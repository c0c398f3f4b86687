// The real core (pipeline, Q&A feature, scheduler) on in-memory repositories with a fake clock, driven as
// one platform's adapter would drive it: people run commands, press buttons and submit forms; a recording
// ChatPlatform stands for the channel.
import { expect } from "vitest";
import type { Platform } from "../../../../src/core/domain/platform.ts";
import { Pseudonymizer } from "../../../../src/core/identity/pseudonym.ts";
import type { InboundRequest } from "../../../../src/core/pipeline/inbound.ts";
import type { PipelineOutcome } from "../../../../src/core/pipeline/update-pipeline.ts";
import type {
  ChannelTarget,
  ChatPlatform,
  MessageRef,
  PlatformCapabilities,
} from "../../../../src/core/ports/chat-platform.port.ts";
import type { ButtonView, FormView, MessageView, Reply } from "../../../../src/core/ports/view.ts";
import type { CronScheduler } from "../../../../src/scheduling/cron-scheduler.ts";
import { coreHarness, FakeClock } from "../../../support/core-harness.ts";

/** The secret coreHarness keys pseudonyms with. */
const harnessSecret = "core-harness-secret-0123456789abcdef";

/** What Discord offers (forms, ephemeral replies) and what Telegram offers (neither). */
export const capabilitiesOf: Readonly<Record<Platform, PlatformCapabilities>> = {
  discord: {
    ephemeralReplies: true,
    modals: true,
    selectMenus: true,
    nativePolls: false,
    maxMessageLength: 2000,
    maxButtonsPerRow: 5,
    maxActionRows: 5,
  },
  telegram: {
    ephemeralReplies: false,
    modals: false,
    selectMenus: false,
    nativePolls: false,
    maxMessageLength: 4096,
    maxButtonsPerRow: 8,
    maxActionRows: 10,
  },
};

/** A message the fake platform holds: where it is, how it was posted, and its views over time. */
export interface PostedMessage {
  readonly ref: MessageRef;
  readonly target: ChannelTarget;
  readonly views: MessageView[];
}

/** A ChatPlatform that records what the core posts and edits. */
export class RecordingChat implements ChatPlatform {
  readonly platform: Platform;
  readonly capabilities: PlatformCapabilities;
  readonly messages: PostedMessage[] = [];
  /** When set, sends throw it (a missing permission). */
  failSends: Error | null = null;
  #next = 100;

  constructor(platform: Platform) {
    this.platform = platform;
    this.capabilities = capabilitiesOf[platform];
  }

  async send(target: ChannelTarget, view: MessageView): Promise<MessageRef> {
    if (this.failSends) throw this.failSends;
    const ref = { platform: this.platform, channelId: target.channelId, messageId: String(this.#next++) };
    this.messages.push({ ref, target, views: [view] });
    return ref;
  }

  async edit(ref: MessageRef, view: MessageView): Promise<void> {
    const message = this.messages.find((m) => m.ref.messageId === ref.messageId && m.ref.channelId === ref.channelId);
    if (!message) throw new Error(`no message ${ref.messageId} in ${ref.channelId}`);
    message.views.push(view);
  }

  async sendPrivate(): Promise<MessageRef | null> {
    return null;
  }

  /** Messages posted in a channel, oldest first. */
  inChannel(channelId: string): PostedMessage[] {
    return this.messages.filter((m) => m.ref.channelId === channelId);
  }
}

/** The current view of a posted message. */
export function latest(message: PostedMessage | undefined): MessageView {
  const view = message?.views.at(-1);
  if (!view) throw new Error("no such message");
  return view;
}

/** All the text of a view, one block per line. */
export function textOf(view: MessageView): string {
  const parts = view.title ? [view.title] : [];
  for (const block of view.blocks) {
    if (block.type === "list") parts.push(...block.items);
    else if (block.type === "bars") parts.push(...block.rows.map((r) => r.label));
    else if (block.type === "link") parts.push(block.label);
    else parts.push(block.text);
  }
  return parts.join("\n");
}

/** The button labels of a view, in order. */
export function buttonsOf(view: MessageView): string[] {
  return (view.actions ?? []).flatMap((row) => (row.type === "buttons" ? row.buttons.map((b) => b.label) : []));
}

/** The text a reply shows (a message, an update, a notice, or a form's title). */
export function replyText(reply: Reply): string {
  if (reply.type === "notice") return reply.text;
  if (reply.type === "form") return reply.form.title;
  if (reply.type === "none") return "";
  return textOf(reply.view);
}

/** A Q&A world on one platform: one community (guild / group) with its channels. */
export function qaCore(options: { platform?: Platform; start?: Date } = {}) {
  const platform = options.platform ?? "discord";
  const clock = new FakeClock(options.start ?? new Date("2026-12-01T17:00:00Z"));
  const core = coreHarness({ clock });
  const chat = new RecordingChat(platform);
  core.services.chat.register(chat);
  const communityPlatformId = platform === "telegram" ? "-100555" : "guild-1";
  const sessionChannel = platform === "telegram" ? communityPlatformId : "channel-qa";
  let update = 0;
  let userIds = 0;
  let messageIds = 0;

  /** Someone in the community. */
  const person = (who: { admin?: boolean; locale?: string; community?: string } = {}) => {
    const userId = String(5000 + ++userIds);
    const handle = (request: InboundRequest, channelId = sessionChannel): Promise<PipelineOutcome> => {
      const messageId = ++messageIds;
      return core.pipeline.handle(
        {
          platform,
          updateId: String(++update),
          receivedAt: clock.now(),
          community: { platformId: who.community ?? communityPlatformId, title: "Gelateria" },
          channelId,
          user: { id: userId, languageTag: who.locale ?? "en", isAdmin: who.admin ?? false, roles: [] },
          request,
          // What each adapter makes: Telegram the command's message (to reply to), Discord the person (to mention).
          notifyAddress: platform === "telegram" ? String(messageId) : `u${userId}`,
        },
        chat.capabilities,
      );
    };
    return {
      userId,
      /** Runs a command in a channel (the session's by default). */
      async command(name: string, options: Record<string, unknown> = {}, subcommand?: string, channelId?: string) {
        return (await handle({ type: "command", name, subcommand: subcommand ?? null, options }, channelId)).reply;
      },
      /** Presses the button with this label on a view. */
      async press(view: MessageView, label: string, channelId?: string) {
        const button = findButton(view, label);
        return (await handle({ type: "action", ...button.action }, channelId)).reply;
      },
      /** Submits a form with these fields. */
      async submit(form: FormView, fields: Record<string, string>, channelId?: string) {
        return (await handle({ type: "action", ...form.action, fields }, channelId)).reply;
      },
    };
  };

  const qa = core.qa;
  return {
    ...core,
    clock,
    chat,
    platform,
    communityPlatformId,
    sessionChannel,
    person,
    /** The member row of a person who has acted in the community. */
    async memberOf(who: { userId: string }) {
      const community = await core.repositories.communities.findByPlatformId(platform, communityPlatformId);
      const pseudonym = new Pseudonymizer(harnessSecret).pseudonym(platform, who.userId);
      const member = community && (await core.repositories.members.findByPseudonym(community.id, pseudonym));
      if (!member) throw new Error("that person has not acted in the community yet");
      return member;
    },
    /** Lets background work (board edits, review cards, engagement) finish. */
    settle: async () => {
      await qa.sessions.idle();
      await core.services.engagement.flush();
    },
    /** The board of the session in a channel: the first message posted there. */
    board(channelId = sessionChannel): MessageView {
      return latest(chat.inChannel(channelId)[0]);
    },
    /** Moves the clock and runs what the scheduler finds due. */
    async advance(ms: number) {
      clock.current = new Date(clock.current.getTime() + ms);
      await (core.scheduler as CronScheduler).runDueFires();
      await qa.sessions.idle();
    },
  };
}

/** The button with this label on a view; fails the test when there is none. */
export function findButton(view: MessageView, label: string): ButtonView {
  const button = (view.actions ?? [])
    .flatMap((row) => (row.type === "buttons" ? row.buttons : []))
    .find((b) => b.label === label);
  expect(button, `button “${label}” among ${JSON.stringify(buttonsOf(view))}`).toBeDefined();
  return button!;
}

/** The view of a message-like reply; fails the test otherwise. */
export function viewOf(reply: Reply): MessageView {
  if (reply.type !== "message" && reply.type !== "update")
    throw new Error(`expected a message, got ${JSON.stringify(reply)}`);
  return reply.view;
}

/** The form of a form reply; fails the test otherwise. */
export function formOf(reply: Reply): FormView {
  if (reply.type !== "form") throw new Error(`expected a form, got ${JSON.stringify(reply)}`);
  return reply.form;
}
