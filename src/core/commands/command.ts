import { z } from "zod";
import type { Community } from "../domain/community.ts";
import type { Member } from "../domain/member.ts";
import type { Locale, Platform } from "../domain/platform.ts";
import type { Interaction } from "../engagement/interaction.ts";
import type { AppError } from "../errors/error-codes.ts";
import type { Result } from "../errors/result.ts";
import type { Features } from "../features.ts";
import type { Translate } from "../i18n/translator.ts";
import type { PlatformCapabilities } from "../ports/chat-platform.port.ts";
import type { Reply } from "../ports/view.ts";
import type { ContactAddress } from "../privacy/contact-address.ts";
import type { SharedServices } from "../services.ts";

/** Text in every supported locale. */
export type LocalizedText = Readonly<Record<Locale, string>>;

const emptyOptions = z.object({});

/** Who may run a command: every member, or only the community's moderators. */
export type Audience = "member" | "moderator";

/** Where a command makes sense: only inside a community, or also in a private chat with the bot. */
export type CommandScope = "community" | "anywhere";

/** Who is acting, as the adapter resolved it. */
export interface Actor {
  readonly platform: Platform;
  readonly pseudonym: string;
  readonly isModerator: boolean;
  readonly locale: Locale;
  /** The member row, when the action happens inside a known community. */
  readonly member: Member | null;
  /**
   * How a later message can notify this person about this interaction (ChannelTarget.notify), when the
   * adapter offers one. Opaque to the core, never a raw platform id in clear; keep it only as long as needed.
   */
  readonly notifyAddress?: string | null;
  /**
   * Where a private message reaches this person, sealed: handlers can pass it to the privacy feature's contact
   * book (stored only with a direct_messages consent) but cannot read or log it.
   */
  readonly contact?: ContactAddress;
}

/** The registry of everything a member can invoke; declared in commands/index.ts. */
export interface CommandRegistry {
  readonly commands: readonly CommandDefinition[];
  readonly actions: readonly ActionDefinition<unknown>[];
}

/**
 * The core's services as buildCore makes them and every handler receives them: the shared ones, the command
 * registry, and each feature by name (`polls`, `offers`, `qa`, `digest`, `privacy`, ...), typed by what its
 * factory returns. Declared here with the context that holds it, since the two refer to each other (the context
 * holds the services, whose registry holds the commands and so their contexts).
 */
export type CoreServices = SharedServices & { readonly registry: CommandRegistry } & Features;

/** What a handler gets besides its parsed input, wherever it runs. */
interface ContextBase {
  /** The channel or chat the interaction came from (null when the platform did not say). */
  readonly channelId: string | null;
  /** The core's services and every feature by name (`ctx.services.polls`, `ctx.services.qa`, ...). */
  readonly services: CoreServices;
  readonly t: Translate;
  readonly capabilities: PlatformCapabilities;
  readonly now: Date;
  /**
   * This interaction's engagement event: a handler (or the service it calls) declares its kind here (a vote, a
   * claim, a consent choice); declaring nothing records a plain `command`. Exactly one event per interaction.
   */
  readonly interaction: Interaction;
}

/** The context of a `scope: "community"` handler: the pipeline already refused anything outside a community. */
export interface CommunityContext extends ContextBase {
  readonly actor: Actor & { readonly member: Member };
  readonly community: Community;
  /** The acting member (the same as `actor.member`). */
  readonly member: Member;
}

/** The context of a `scope: "anywhere"` handler: in a private chat there is no community and no member. */
export interface AnywhereContext extends ContextBase {
  readonly actor: Actor;
  readonly community: Community | null;
  readonly member: Member | null;
}

/**
 * What a handler gets besides its parsed input, by its command's scope: with `scope: "community"` the community
 * and the member are there by type. Without a scope, the wider context every handler's can be used as.
 */
export type CommandContext<S extends CommandScope = "anywhere"> = S extends "community"
  ? CommunityContext
  : AnywhereContext;

/** What a handler returns. */
export type HandlerResult = Result<Reply, AppError>;

/** A group of options under one subcommand name (for example `/mydata export`). */
export interface SubcommandDefinition {
  readonly description: LocalizedText;
  readonly options: z.ZodObject;
}

/**
 * A slash command, declared once in commands/. Discord's application-command JSON, Telegram's
 * setMyCommands lists and its text-argument parser are all derived from this declaration.
 * With subcommands, `options` is ignored and the input is `{ subcommand, ...thatSubcommandsOptions }`.
 */
export interface CommandDefinition<Input = Record<string, unknown>, Scope extends CommandScope = CommandScope> {
  /** 1-32 characters, lowercase letters, digits and underscores: valid on both platforms. */
  readonly name: string;
  readonly description: LocalizedText;
  readonly audience: Audience;
  readonly scope: Scope;
  readonly options: z.ZodObject;
  readonly subcommands?: Readonly<Record<string, SubcommandDefinition>>;
  run(ctx: CommandContext<Scope>, input: Input): Promise<HandlerResult>;
}

/**
 * A button, select or form handler. Its arguments arrive as short strings from a signed custom id or
 * callback data and are validated by `args` before `run` sees them.
 */
export interface ActionDefinition<Args = readonly string[], Scope extends CommandScope = CommandScope> {
  /** Unique and short (it travels in every button), letters, digits, `_` and `-`: for example "pv_t". */
  readonly name: string;
  readonly audience: Audience;
  readonly scope: Scope;
  readonly args: z.ZodType<Args>;
  /** For select menus: the values picked; for forms: the submitted fields. */
  run(ctx: CommandContext<Scope>, args: Args, submitted: ActionSubmission): Promise<HandlerResult>;
}

/** What came with an action besides its arguments. */
export interface ActionSubmission {
  readonly values?: readonly string[];
  readonly fields?: Readonly<Record<string, string>>;
}

/** Declares a command with its input type inferred from its options, and its handler's context from its scope. */
export function defineCommand<S extends z.ZodObject, Scope extends CommandScope>(
  definition: Omit<CommandDefinition<z.infer<S>, Scope>, "options"> & { options: S },
): CommandDefinition<z.infer<S>, Scope> {
  return definition;
}

/** The input of a command with subcommands: which one was chosen, plus that subcommand's options. */
export type SubcommandInput<Subs extends Record<string, SubcommandDefinition>> = {
  [K in keyof Subs & string]: { readonly subcommand: K } & z.infer<Subs[K]["options"]>;
}[keyof Subs & string];

/** Declares a command made of subcommands (`/campaign list`, `/campaign pause <id>`), typed per subcommand. */
export function defineSubcommands<Subs extends Record<string, SubcommandDefinition>, Scope extends CommandScope>(
  definition: Omit<CommandDefinition<SubcommandInput<Subs>, Scope>, "options" | "subcommands"> & { subcommands: Subs },
): CommandDefinition<SubcommandInput<Subs>, Scope> {
  return { ...definition, options: emptyOptions };
}

/** Declares an action with its argument type inferred from its schema, and its handler's context from its scope. */
export function defineAction<A, Scope extends CommandScope>(
  definition: ActionDefinition<A, Scope>,
): ActionDefinition<A, Scope> {
  return definition;
}
