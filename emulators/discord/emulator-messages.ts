import type { EmuChannel, EmulatorState, EmuMessage, EmuUser } from "./emulator-state.ts";
import { snowflake } from "./snowflake.ts";

/** Discord's documented limits, enforced so that a renderer exceeding them fails its tests as it would in production. */
export const limits = {
  content: 2_000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4_096,
  embedTotal: 6_000,
  rows: 5,
  buttonsPerRow: 5,
  selectOptions: 25,
  customId: 100,
  buttonLabel: 80,
  modalTitle: 45,
  modalComponents: 5,
} as const;

interface MessageBody {
  content?: string;
  embeds?: { title?: string; description?: string }[];
  components?: { type: number; components?: Component[] }[];
  flags?: number;
  attachments?: { id: number | string; filename?: string }[];
}

interface Component {
  type: number;
  custom_id?: string;
  label?: string;
  url?: string;
  options?: unknown[];
}

/** What is wrong with a message body, or null; `creating` also refuses an empty message (code 50006). */
export function messageProblem(raw: unknown, creating: boolean, fileCount: number): string | null {
  const body = (raw ?? {}) as MessageBody;
  if ((body.content?.length ?? 0) > limits.content) return `content: must be ${limits.content} or fewer in length`;
  const embeds = body.embeds ?? [];
  if (embeds.length > limits.embeds) return "embeds: too many";
  let total = 0;
  for (const embed of embeds) {
    if ((embed.title?.length ?? 0) > limits.embedTitle) return "embeds.title: too long";
    if ((embed.description?.length ?? 0) > limits.embedDescription) return "embeds.description: too long";
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  }
  if (total > limits.embedTotal) return "embeds: total size exceeds 6000";
  const rows = body.components ?? [];
  if (rows.length > limits.rows) return "components: must be 5 or fewer in length";
  const customIds = new Set<string>();
  for (const row of rows) {
    const children = row.components ?? [];
    if (row.type !== 1 || children.length === 0) return "components: each row must be an action row with children";
    const selects = children.filter((c) => c.type === 3).length;
    if (selects > 0 && children.length > 1) return "components: a select menu must be alone in its row";
    if (children.length > limits.buttonsPerRow) return "components: a row holds at most 5 buttons";
    for (const child of children) {
      if (child.type === 2 && !child.url && !child.custom_id) return "components: a button needs a custom_id";
      if ((child.label?.length ?? 0) > limits.buttonLabel) return "components: button label too long";
      if (
        child.type === 3 &&
        ((child.options?.length ?? 0) < 1 || (child.options?.length ?? 0) > limits.selectOptions)
      ) {
        return "components: a select menu needs 1-25 options";
      }
      if (child.custom_id !== undefined) {
        if (child.custom_id.length > limits.customId) return "components: custom_id must be 100 or fewer in length";
        if (customIds.has(child.custom_id)) return "components: custom_id cannot be duplicated";
        customIds.add(child.custom_id);
      }
    }
  }
  if (creating && !body.content && embeds.length === 0 && rows.length === 0 && fileCount === 0) {
    return "Cannot send an empty message";
  }
  return null;
}

/** What is wrong with a modal, or null. */
export function modalProblem(raw: unknown): string | null {
  const modal = (raw ?? {}) as { custom_id?: string; title?: string; components?: unknown[] };
  if (!modal.custom_id || modal.custom_id.length > limits.customId) return "modal: custom_id missing or too long";
  if (!modal.title || modal.title.length > limits.modalTitle) return "modal: title missing or longer than 45";
  const count = modal.components?.length ?? 0;
  if (count < 1 || count > limits.modalComponents) return "modal: needs 1-5 components";
  return null;
}

/** Stores a new message written by the bot. */
export function storeMessage(
  state: EmulatorState,
  channel: EmuChannel,
  raw: unknown,
  files: readonly { name: string; size: number; type: string }[],
  extra: {
    type?: number;
    flags?: number;
    webhook?: boolean;
    interaction?: { id: string; type: number; user: EmuUser };
  } = {},
): EmuMessage {
  const body = (raw ?? {}) as MessageBody;
  const message: EmuMessage = {
    id: snowflake(),
    channel_id: channel.id,
    ...(channel.guild_id ? { guild_id: channel.guild_id } : {}),
    author: state.botUser,
    content: body.content ?? "",
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    attachments: files.map((f) => ({ id: snowflake(), filename: f.name, size: f.size, content_type: f.type })),
    flags: extra.flags ?? body.flags ?? 0,
    type: extra.type ?? 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    ...(extra.webhook ? { webhook_id: state.applicationId, application_id: state.applicationId } : {}),
    ...(extra.interaction
      ? { interaction_metadata: { ...extra.interaction, authorizing_integration_owners: {} } }
      : {}),
    edits: 0,
    loading: false,
    deleted: false,
  };
  state.messages.set(message.id, message);
  return message;
}

/** Applies an edit: only the fields present change, as on Discord. */
export function editMessage(message: EmuMessage, raw: unknown, files: readonly { name: string; size: number }[]): void {
  const body = (raw ?? {}) as MessageBody;
  if (body.content !== undefined) message.content = body.content ?? "";
  if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
  if (body.components !== undefined) message.components = body.components ?? [];
  if (body.attachments !== undefined || files.length > 0) {
    message.attachments = files.map((f) => ({ id: snowflake(), filename: f.name, size: f.size }));
  }
  message.edits += 1;
  message.loading = false;
  message.edited_timestamp = new Date().toISOString();
}
