import { type APIChannel, type APIMessage, type Client, Routes } from "discord.js";
import type { ActionCodec } from "../../core/actions/action-codec.ts";
import type {
  ChannelTarget,
  ChatPlatform,
  MessageRef,
  PlatformCapabilities,
} from "../../core/ports/chat-platform.port.ts";
import type { MessageView } from "../../core/ports/view.ts";
import { EditCoalescer } from "../shared/edit-coalescer.ts";
import { toPlatformError } from "./discord.errors.ts";
import { actionEncoder, directEncoderFor, type EncodeAction } from "./discord.ids.ts";
import { discordLimits, renderMessage, toRestPayload } from "./discord.render.ts";

/** What Discord offers the core. */
export const discordCapabilities: PlatformCapabilities = {
  ephemeralReplies: true,
  modals: true,
  selectMenus: true,
  nativePolls: false,
  maxMessageLength: discordLimits.content,
  maxButtonsPerRow: discordLimits.buttonsPerRow,
  maxActionRows: discordLimits.rows,
};

interface PendingEdit {
  readonly ref: MessageRef;
  readonly view: MessageView;
}

/**
 * The ChatPlatform port on Discord's REST API. It goes through REST rather than discord.js's caches so
 * that any process (any shard) can post in any channel; discord.js still queues and retries rate-limited
 * calls. Errors reach the caller as DiscordPlatformError.
 */
export class DiscordChat implements ChatPlatform {
  readonly platform = "discord" as const;
  readonly capabilities = discordCapabilities;
  readonly #client: Client;
  readonly #actions: ActionCodec;
  readonly #edits: EditCoalescer<PendingEdit>;

  constructor(client: Client, actions: ActionCodec, options: { editIntervalMs: number }) {
    this.#client = client;
    this.#actions = actions;
    this.#edits = new EditCoalescer((_key, edit) => this.#patch(edit), { intervalMs: options.editIntervalMs });
  }

  /** `target.notify` is a sealed user id (see discord.inbound.ts): the person is mentioned, and only them. */
  async send(target: ChannelTarget, view: MessageView): Promise<MessageRef> {
    const guildId = await this.#guildOf(target.channelId);
    const mentionUserId = target.notify ? this.#actions.open(target.notify) : null;
    return this.#post(target.channelId, guildId, view, {
      ...(target.mentionRoleId ? { mentionRoleId: target.mentionRoleId } : {}),
      ...(mentionUserId ? { mentionUserId } : {}),
    });
  }

  /** Edits are coalesced per message: at most one every few seconds, the newest view winning. */
  edit(ref: MessageRef, view: MessageView): Promise<void> {
    return this.#edits.submit(`${ref.channelId}/${ref.messageId}`, { ref, view });
  }

  /**
   * `contact` is the member's Discord user id, kept with their direct_messages consent. With `actsFor` (a
   * guild id) the message's buttons act in that guild, from the direct message.
   */
  async sendPrivate(contact: string, view: MessageView, actsFor?: string): Promise<MessageRef | null> {
    try {
      const channel = (await this.#client.rest.post(Routes.userChannels(), {
        body: { recipient_id: contact },
      })) as APIChannel;
      if (actsFor === undefined) return await this.#post(channel.id, null, view);
      const ref = await this.#post(channel.id, null, view, {}, directEncoderFor(this.#actions, actsFor));
      return { ...ref, actsFor };
    } catch (error) {
      const platform = toPlatformError(error);
      if (platform?.directMessagesClosed) return null;
      throw platform ?? error;
    }
  }

  /** Sends every coalesced edit still waiting (at shutdown). */
  flush(): Promise<void> {
    return this.#edits.flush();
  }

  async #post(
    channelId: string,
    guildId: string | null,
    view: MessageView,
    mentions: { mentionRoleId?: string; mentionUserId?: string } = {},
    encoder: EncodeAction = actionEncoder(this.#actions, guildId),
  ): Promise<MessageRef> {
    const rendered = renderMessage(view, encoder, mentions);
    const message = (await this.#call(() =>
      this.#client.rest.post(Routes.channelMessages(channelId), toRestPayload(rendered)),
    )) as APIMessage;
    return { platform: "discord", channelId, messageId: message.id };
  }

  async #patch({ ref, view }: PendingEdit): Promise<void> {
    const guildId = await this.#guildOf(ref.channelId);
    const encoder =
      guildId === null && ref.actsFor !== undefined
        ? directEncoderFor(this.#actions, ref.actsFor)
        : actionEncoder(this.#actions, guildId);
    const rendered = renderMessage(view, encoder);
    await this.#call(() =>
      this.#client.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), toRestPayload(rendered)),
    );
  }

  /** The guild a channel belongs to (null for a direct message), from discord.js's cache or one REST look-up. */
  async #guildOf(channelId: string): Promise<string | null> {
    const channel = await this.#call(() => this.#client.channels.fetch(channelId));
    return channel && "guildId" in channel ? channel.guildId : null;
  }

  async #call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toPlatformError(error) ?? error;
    }
  }
}
