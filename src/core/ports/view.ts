/**
 * Platform-neutral views. The core says what to show; each adapter renders it with its own components,
 * escapes every string (all text here is plain text, never markup) and enforces its platform's limits.
 */

/** A block of message content. */
export type ViewBlock =
  | { readonly type: "heading"; readonly text: string }
  | { readonly type: "paragraph"; readonly text: string }
  | { readonly type: "list"; readonly items: readonly string[] }
  /** Result bars: one row per option with a count and a share in percent (0-100). */
  | { readonly type: "bars"; readonly rows: readonly { label: string; count: number; percent: number }[] }
  /** Text the member must copy exactly, such as an offer code. */
  | { readonly type: "code"; readonly text: string }
  /** A link the member can open (for example a deep link into a private chat). */
  | { readonly type: "link"; readonly label: string; readonly url: string };

/** A reference to an action handler, encoded compactly and signed by each adapter. */
export interface ActionRef {
  /** Registered action name, for example "pv_t". */
  readonly name: string;
  /** Short string arguments; adapters must fit them into 64 bytes (Telegram) or 100 characters (Discord). */
  readonly args: readonly string[];
}

export type ButtonStyle = "primary" | "secondary" | "success" | "danger";

export interface ButtonView {
  readonly label: string;
  readonly action: ActionRef;
  readonly style?: ButtonStyle;
}

export interface SelectView {
  readonly placeholder: string;
  readonly action: ActionRef;
  readonly options: readonly { readonly label: string; readonly value: string; readonly description?: string }[];
  readonly minValues?: number;
  readonly maxValues?: number;
}

/** A row of buttons, or one select menu. */
export type ActionRowView =
  | { readonly type: "buttons"; readonly buttons: readonly ButtonView[] }
  | { readonly type: "select"; readonly select: SelectView };

/** A file attached to a message (an export, a chart). */
export interface AttachmentView {
  readonly filename: string;
  readonly contentType: string;
  readonly data: Uint8Array;
}

/** A whole message. */
export interface MessageView {
  readonly title?: string;
  readonly blocks: readonly ViewBlock[];
  readonly actions?: readonly ActionRowView[];
  readonly attachments?: readonly AttachmentView[];
}

/** A single-field form (Discord modal); platforms without modals ask for the text as a command argument. */
export interface FormView {
  readonly title: string;
  readonly action: ActionRef;
  readonly fields: readonly {
    readonly id: string;
    readonly label: string;
    readonly style: "short" | "paragraph";
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly required?: boolean;
  }[];
}

/**
 * What a handler answers with. `private` replies go only to the person who acted (Discord: ephemeral;
 * Telegram: the member's private chat, or a deep link when the bot may not write there).
 */
export type Reply =
  | {
      readonly type: "message";
      readonly visibility: "public" | "private";
      readonly view: MessageView;
      /**
       * For a private reply: a sentence safe for everyone where the person acted, said there when the private
       * reply cannot reach them (on Telegram, someone who never opened the private chat, or an administrator
       * posting anonymously as the group). Without it they are only told how to get the private reply.
       */
      readonly publicNote?: string;
    }
  /** Replace the message the button was on. */
  | { readonly type: "update"; readonly view: MessageView }
  /** Show a form and come back through its action. */
  | { readonly type: "form"; readonly form: FormView }
  /** A short acknowledgement toast (Telegram answerCallbackQuery, Discord ephemeral). */
  | { readonly type: "notice"; readonly text: string }
  | { readonly type: "none" };

/** Builds a message view from plain paragraphs. */
export function textView(...paragraphs: string[]): MessageView {
  return { blocks: paragraphs.map((text) => ({ type: "paragraph", text })) };
}
