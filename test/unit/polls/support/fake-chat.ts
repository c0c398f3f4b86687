import type { Platform } from "../../../../src/core/domain/platform.ts";
import type {
  ChannelTarget,
  ChatPlatform,
  MessageRef,
  PlatformCapabilities,
} from "../../../../src/core/ports/chat-platform.port.ts";
import type { MessageView } from "../../../../src/core/ports/view.ts";

/** A ChatPlatform that keeps what it was asked to post and edit, for assertions. */
export class FakeChat implements ChatPlatform {
  readonly platform: Platform;
  readonly capabilities: PlatformCapabilities;
  readonly sent: { target: ChannelTarget; view: MessageView; ref: MessageRef }[] = [];
  readonly edits: { ref: MessageRef; view: MessageView }[] = [];
  readonly privates: { contact: string; view: MessageView; ref: MessageRef }[] = [];
  /** Contacts whose private chat refuses the bot. */
  readonly blocked = new Set<string>();
  /** When set, every send throws it (a missing permission, a deleted channel). */
  failSends: Error | null = null;
  #next = 1;

  constructor(platform: Platform = "telegram", capabilities?: Partial<PlatformCapabilities>) {
    this.platform = platform;
    this.capabilities = {
      ephemeralReplies: false,
      modals: false,
      selectMenus: false,
      nativePolls: false,
      maxMessageLength: 4096,
      maxButtonsPerRow: 8,
      maxActionRows: 10,
      ...capabilities,
    };
  }

  async send(target: ChannelTarget, view: MessageView): Promise<MessageRef> {
    if (this.failSends) throw this.failSends;
    const ref = { platform: this.platform, channelId: target.channelId, messageId: String(this.#next++) };
    this.sent.push({ target, view, ref });
    return ref;
  }

  async edit(ref: MessageRef, view: MessageView): Promise<void> {
    this.edits.push({ ref, view });
  }

  async sendPrivate(contact: string, view: MessageView): Promise<MessageRef | null> {
    if (this.blocked.has(contact)) return null;
    const ref = { platform: this.platform, channelId: `dm-${contact}`, messageId: String(this.#next++) };
    this.privates.push({ contact, view, ref });
    return ref;
  }

  /** The latest view of a message: its last edit, or what was posted. */
  current(ref: MessageRef): MessageView | undefined {
    const edits = this.edits.filter((e) => e.ref.messageId === ref.messageId);
    return edits.at(-1)?.view ?? this.sent.find((s) => s.ref.messageId === ref.messageId)?.view;
  }
}

/** All the text a view shows, flattened, for `toContain` assertions. */
export function textOf(view: MessageView | undefined): string {
  if (!view) return "";
  const parts: string[] = view.title ? [view.title] : [];
  for (const block of view.blocks) {
    if (block.type === "list") parts.push(...block.items);
    else if (block.type === "bars")
      parts.push(...block.rows.map((r) => `${r.label}: ${r.count} (${Math.round(r.percent)}%)`));
    else if (block.type === "link") parts.push(block.label);
    else parts.push(block.text);
  }
  return parts.join("\n");
}

/** The labels of a view's buttons, in order. */
export function buttonsOf(view: MessageView | undefined): string[] {
  return (view?.actions ?? []).flatMap((row) => (row.type === "buttons" ? row.buttons.map((b) => b.label) : []));
}
