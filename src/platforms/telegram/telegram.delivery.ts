import { type Api, InputFile } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { AttachmentView } from "../../core/ports/view.ts";
import { callTelegram, TelegramPlatformError } from "./telegram.errors.ts";
import type { RenderedView } from "./telegram.render.ts";

/** A posted message, as the Bot API names it. */
export interface PostedMessage {
  readonly chatId: number;
  readonly messageId: number;
}

/**
 * Sends a rendered view to a chat: its text parts in order (the keyboard on the last one), then its files
 * (an image as a photo, anything else as a document). `replyTo` threads the first part under a message.
 * Returns the message carrying the keyboard (the one later edits target), or null when nothing was sent.
 * Failures arrive as TelegramPlatformError; a 429 never does, since auto-retry waits and tries again.
 */
export async function sendRendered(
  api: Api,
  chatId: number,
  rendered: RenderedView,
  options: { replyTo?: number } = {},
): Promise<PostedMessage | null> {
  let posted: PostedMessage | null = null;
  const lastText = rendered.parts.length - 1;
  for (const [index, html] of rendered.parts.entries()) {
    const keyboard = index === lastText ? rendered.keyboard : undefined;
    const message = await callTelegram(() =>
      api.sendMessage(chatId, html, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(keyboard ? { reply_markup: keyboard } : {}),
        ...(index === 0 && options.replyTo !== undefined
          ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } }
          : {}),
      }),
    );
    posted = { chatId, messageId: message.message_id };
  }
  for (const [index, file] of rendered.attachments.entries()) {
    // A view made only of files carries its keyboard on the last file.
    const keyboard = lastText < 0 && index === rendered.attachments.length - 1 ? rendered.keyboard : undefined;
    const message = await sendFile(api, chatId, file, keyboard);
    if (lastText < 0) posted = { chatId, messageId: message.message_id };
  }
  return posted;
}

/** Replaces the text and keyboard of a posted message; "not modified" (the same view again) is not an error. */
export async function editRendered(
  api: Api,
  message: PostedMessage,
  rendered: { readonly text: string; readonly keyboard: InlineKeyboardMarkup | undefined },
): Promise<void> {
  try {
    await callTelegram(() =>
      api.editMessageText(message.chatId, message.messageId, rendered.text, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        reply_markup: rendered.keyboard ?? { inline_keyboard: [] },
      }),
    );
  } catch (error) {
    if (error instanceof TelegramPlatformError && error.messageNotModified) return;
    throw error;
  }
}

function sendFile(
  api: Api,
  chatId: number,
  file: AttachmentView,
  keyboard: InlineKeyboardMarkup | undefined,
): Promise<{ message_id: number }> {
  const input = new InputFile(file.data, file.filename.replace(/[^\w.-]/g, "_"));
  const extra = keyboard ? { reply_markup: keyboard } : {};
  const photo = /^image\/(png|jpeg)$/.test(file.contentType);
  return callTelegram<{ message_id: number }>(() =>
    photo ? api.sendPhoto(chatId, input, extra) : api.sendDocument(chatId, input, extra),
  );
}
