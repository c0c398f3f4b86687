import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
  type RawFile,
  TextInputStyle,
} from "discord.js";
import type { ActionRowView, ButtonView, FormView, MessageView, SelectView, ViewBlock } from "../../core/ports/view.ts";
import type { EncodeAction } from "./discord.ids.ts";

/** Discord's limits for what the renderer produces (developer docs: Message, Embed, Components, Modal). */
export const discordLimits = {
  content: 2_000,
  embedTitle: 256,
  embedDescription: 4_096,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  selectOptions: 25,
  selectPlaceholder: 150,
  optionText: 100,
  modalTitle: 45,
  modalFields: 5,
  fieldLabel: 45,
  textInputLength: 4_000,
} as const;

const embedColour = 0x2f6f73;

type MessageRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** A view rendered for Discord, ready for an interaction response or a REST call. */
export interface RenderedMessage {
  readonly content: string;
  readonly embeds: APIEmbed[];
  readonly components: MessageRow[];
  /** The only role that may be pinged (the one the core asked for); user text never pings anyone. */
  readonly allowedRoleIds: string[];
  /** The only person who may be pinged (the one the core asked to notify). */
  readonly allowedUserIds: string[];
  readonly files: { readonly name: string; readonly data: Buffer; readonly contentType: string }[];
}

/**
 * Renders a view. Short untitled text goes in the message content; anything else in an embed (4,096
 * characters instead of 2,000). Every string from the view is escaped: views carry plain text, and
 * members' words (poll options, questions) must not turn into markdown, links or headings.
 * Rows of more than five buttons are split; rows beyond Discord's five are dropped (the core knows the
 * limits from the platform's capabilities, so this only guards against a bug).
 */
export function renderMessage(
  view: MessageView,
  encode: EncodeAction,
  options: { mentionRoleId?: string; mentionUserId?: string } = {},
): RenderedMessage {
  const mention = [
    options.mentionRoleId ? `<@&${options.mentionRoleId}>` : "",
    options.mentionUserId ? `<@${options.mentionUserId}>` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const body = view.blocks.map(renderBlock).join("\n\n");
  const room = discordLimits.content - (mention ? mention.length + 1 : 0);
  const plain = !view.title && view.blocks.every((b) => b.type === "paragraph") && body.length <= room;
  const embeds: APIEmbed[] = plain
    ? []
    : [
        {
          ...(view.title ? { title: truncate(escapeText(view.title), discordLimits.embedTitle) } : {}),
          ...(body ? { description: truncate(body, discordLimits.embedDescription) } : {}),
          color: embedColour,
        },
      ];
  return {
    content: [mention, plain ? body : ""].filter(Boolean).join("\n"),
    embeds,
    components: renderRows(view.actions ?? [], encode),
    allowedRoleIds: options.mentionRoleId ? [options.mentionRoleId] : [],
    allowedUserIds: options.mentionUserId ? [options.mentionUserId] : [],
    files: (view.attachments ?? []).map((a) => ({
      name: a.filename.replace(/[^\w.-]/g, "_"),
      data: Buffer.from(a.data),
      contentType: a.contentType,
    })),
  };
}

/** The message options discord.js interaction methods take (reply, update, editReply, followUp). */
export function toInteractionPayload(rendered: RenderedMessage) {
  return {
    content: rendered.content,
    embeds: rendered.embeds,
    components: rendered.components,
    allowedMentions: {
      parse: [],
      roles: rendered.allowedRoleIds,
      ...(rendered.allowedUserIds.length > 0 ? { users: rendered.allowedUserIds } : {}),
      repliedUser: false,
    },
    files: rendered.files.map((f) => ({ attachment: f.data, name: f.name })),
  };
}

/** The body and files of a REST message create or edit (POST/PATCH /channels/{id}/messages). */
export function toRestPayload(rendered: RenderedMessage): { body: object; files: RawFile[] } {
  return {
    body: {
      content: rendered.content,
      embeds: rendered.embeds,
      components: rendered.components,
      allowed_mentions: {
        parse: [],
        roles: rendered.allowedRoleIds,
        ...(rendered.allowedUserIds.length > 0 ? { users: rendered.allowedUserIds } : {}),
      },
      ...(rendered.files.length > 0 ? { attachments: rendered.files.map((f, id) => ({ id, filename: f.name })) } : {}),
    },
    files: rendered.files.map((f, index) => ({
      key: `files[${index}]`,
      name: f.name,
      data: f.data,
      contentType: f.contentType,
    })),
  };
}

/** A short acknowledgement (an error, "saved") as plain message content. */
export function renderNotice(text: string): RenderedMessage {
  return {
    content: truncate(escapeText(text), discordLimits.content),
    embeds: [],
    components: [],
    allowedRoleIds: [],
    allowedUserIds: [],
    files: [],
  };
}

/** Renders a form as a modal: one labelled text input per field (at most five). */
export function renderModal(form: FormView, encode: EncodeAction): APIModalInteractionResponseCallbackData {
  return {
    custom_id: encode(form.action),
    title: truncate(form.title, discordLimits.modalTitle),
    components: form.fields.slice(0, discordLimits.modalFields).map(
      (field): APILabelComponent => ({
        type: ComponentType.Label,
        label: truncate(field.label, discordLimits.fieldLabel),
        component: {
          type: ComponentType.TextInput,
          custom_id: field.id,
          style: field.style === "paragraph" ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: field.required ?? true,
          ...(field.minLength !== undefined
            ? { min_length: Math.min(field.minLength, discordLimits.textInputLength) }
            : {}),
          max_length: Math.min(field.maxLength ?? discordLimits.textInputLength, discordLimits.textInputLength),
        },
      }),
    ),
  };
}

/** Characters that start markdown anywhere in a line, plus `<` (mentions, channels, timestamps) and `\\`. */
const inlineMarkdown = /[\\*_~`|[\]<>#]/g;
/** List markers that only count at the start of a line: "- item", "+ item", "1. item". */
const lineStartMarker = /^(\s*)(-|\+|\d+\.)(?=\s)/gm;

/**
 * Escapes Discord markdown in plain text so it shows literally: emphasis, code, spoilers, masked links,
 * headings, quotes, lists, subtext, and mention or timestamp syntax. Discord drops a backslash before any
 * punctuation, so escaping more than strictly needed is harmless; this is also linear in the text's length
 * (discord.js's escapeMarkdown is quadratic on long runs, which member text must not be able to trigger).
 */
export function escapeText(text: string): string {
  return text
    .replace(inlineMarkdown, "\\$&")
    .replace(
      lineStartMarker,
      (_all, space: string, marker: string) => `${space}${marker.slice(0, -1)}\\${marker.slice(-1)}`,
    );
}

/** Cuts text to a length, ending with "…", without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function renderBlock(block: ViewBlock): string {
  switch (block.type) {
    case "heading":
      return `**${escapeText(block.text)}**`;
    case "paragraph":
      return escapeText(block.text);
    case "list":
      return block.items.map((item) => `• ${escapeText(item)}`).join("\n");
    case "bars":
      return block.rows
        .map((row) => `${escapeText(row.label)}\n${bar(row.percent)} ${Math.round(row.percent)}% · ${row.count}`)
        .join("\n");
    case "code":
      return inlineCode(block.text);
    case "link":
      return link(block.label, block.url);
  }
}

function bar(percent: number): string {
  const filled = Math.round(Math.min(100, Math.max(0, percent)) / 10);
  return "█".repeat(filled) + "░".repeat(10 - filled);
}

/** Code the member must copy exactly: inline code keeps it verbatim, so it is wrapped rather than escaped. */
function inlineCode(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, " ");
  if (!oneLine.includes("`")) return `\`${oneLine}\``;
  if (!oneLine.includes("``")) return `\`\` ${oneLine} \`\``;
  return escapeText(oneLine);
}

/** A masked link for http(s) URLs; anything else is shown as plain text and never made clickable. */
function link(label: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return escapeText(`${label}: ${url}`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return escapeText(`${label}: ${url}`);
  const href = parsed.href.replace(/\(/g, "%28").replace(/\)/g, "%29");
  return `[${escapeText(label)}](${href})`;
}

function renderRows(actions: readonly ActionRowView[], encode: EncodeAction): MessageRow[] {
  const rows: MessageRow[] = [];
  for (const row of actions) {
    if (row.type === "select") {
      rows.push({ type: ComponentType.ActionRow, components: [renderSelect(row.select, encode)] });
      continue;
    }
    for (let i = 0; i < row.buttons.length; i += discordLimits.buttonsPerRow) {
      const buttons = row.buttons.slice(i, i + discordLimits.buttonsPerRow).map((b) => renderButton(b, encode));
      rows.push({ type: ComponentType.ActionRow, components: buttons });
    }
  }
  return rows.slice(0, discordLimits.rows);
}

const buttonStyles = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
} as const;

function renderButton(button: ButtonView, encode: EncodeAction): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: buttonStyles[button.style ?? "secondary"],
    label: truncate(button.label, discordLimits.buttonLabel) || "…",
    custom_id: encode(button.action),
  };
}

function renderSelect(select: SelectView, encode: EncodeAction): APIStringSelectComponent {
  const options = select.options.slice(0, discordLimits.selectOptions);
  const min = clamp(select.minValues ?? 1, 0, options.length);
  const max = clamp(select.maxValues ?? 1, Math.max(min, 1), options.length);
  return {
    type: ComponentType.StringSelect,
    custom_id: encode(select.action),
    placeholder: truncate(select.placeholder, discordLimits.selectPlaceholder),
    min_values: min,
    max_values: max,
    options: options.map((o) => ({
      label: truncate(o.label, discordLimits.optionText) || "…",
      value: o.value.slice(0, discordLimits.optionText),
      ...(o.description ? { description: truncate(o.description, discordLimits.optionText) } : {}),
    })),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
