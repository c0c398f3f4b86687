import { randomUUID } from "node:crypto";
import { z } from "zod";
import type {
  ActionDefinition,
  Actor,
  CommandContext,
  CommandDefinition,
  CommandScope,
  CoreServices,
  HandlerResult,
} from "../commands/command.ts";
import type { CommunityDirectory } from "../community/community-directory.ts";
import type { Community } from "../domain/community.ts";
import type { EngagementSubject } from "../domain/engagement.ts";
import type { Member } from "../domain/member.ts";
import { type Locale, pickLocale } from "../domain/platform.ts";
import { InteractionRecord } from "../engagement/interaction.ts";
import type { AppError } from "../errors/error-codes.ts";
import type { Translate, Translator } from "../i18n/translator.ts";
import type { Pseudonymizer } from "../identity/pseudonym.ts";
import type { PlatformCapabilities } from "../ports/chat-platform.port.ts";
import type { Reply } from "../ports/view.ts";
import type { ConsentPrompt } from "../privacy/consent-prompt.ts";
import { ContactAddress } from "../privacy/contact-address.ts";
import type { Inbound } from "./inbound.ts";
import type { PipelineMetrics } from "./pipeline-metrics.ts";
import { describeIssues } from "./validation-message.ts";

/** What the pipeline hands back to the adapter. */
export interface PipelineOutcome {
  readonly reply: Reply;
  readonly locale: Locale;
  /** "ok", "duplicate", "failure", "unavailable" (try again), or "error:<CODE>". */
  readonly outcome: string;
  /** The command or action name, for the adapter's own logs. */
  readonly target: string;
}

interface Resolved {
  readonly community: Community | null;
  readonly member: Member | null;
  readonly actor: Actor;
  readonly t: Translate;
}

/** zod's error messages per language, made once: `z.locales.en()` builds its message tables anew on every call. */
const zodLocaleErrors = new Map<Locale, z.core.$ZodErrorMap>();
function localeErrors(locale: Locale): z.core.$ZodErrorMap {
  let found = zodLocaleErrors.get(locale);
  if (!found) {
    found = (locale === "it" ? z.locales.it() : z.locales.en()).localeError;
    zodLocaleErrors.set(locale, found);
  }
  return found;
}

/**
 * The row of small named stages every update goes through:
 * dedupe → community → member → resolve → scope → permission → validate → run → record (one event per
 * interaction: see CommandContext.interaction).
 * Expected failures come back as localized replies; anything else is logged once and answered politely.
 */
export class UpdatePipeline {
  readonly #services: CoreServices;
  readonly #directory: CommunityDirectory;
  readonly #pseudonyms: Pseudonymizer;
  readonly #translator: Translator;
  readonly #metrics: PipelineMetrics;
  readonly #consentPrompt: ConsentPrompt | null;
  readonly #isTransient: (error: unknown) => boolean;
  readonly #commands: Map<string, CommandDefinition>;
  readonly #actions: Map<string, ActionDefinition<unknown>>;

  constructor(deps: {
    services: CoreServices;
    directory: CommunityDirectory;
    pseudonyms: Pseudonymizer;
    translator: Translator;
    metrics: PipelineMetrics;
    /** Asks each new member once for consent, on their first personal reply (the privacy feature). */
    consentPrompt?: ConsentPrompt;
    /**
     * Whether a failure is a dependency briefly out of reach (the database restarting, its file locked):
     * the member is then asked to try again in a moment instead of being told something broke.
     */
    isTransient?: (error: unknown) => boolean;
  }) {
    this.#services = deps.services;
    this.#directory = deps.directory;
    this.#pseudonyms = deps.pseudonyms;
    this.#translator = deps.translator;
    this.#metrics = deps.metrics;
    this.#consentPrompt = deps.consentPrompt ?? null;
    this.#isTransient = deps.isTransient ?? (() => false);
    this.#commands = new Map(deps.services.registry.commands.map((c) => [c.name, c]));
    this.#actions = new Map(deps.services.registry.actions.map((a) => [a.name, a]));
  }

  /** Handles one interaction end to end. Never throws. */
  async handle(inbound: Inbound, capabilities: PlatformCapabilities): Promise<PipelineOutcome> {
    const started = performance.now();
    const target = inbound.request.type === "command" ? `/${inbound.request.name}` : `action:${inbound.request.name}`;
    // The update's fields go into each line rather than into a child logger: pino builds (and redacts) a child's
    // bindings when it is made, which per update was the largest allocation of a /help burst even with nothing logged.
    const context = { platform: inbound.platform, updateId: inbound.updateId, command: target };
    const log = this.#services.logger;
    let locale: Locale = pickLocale(inbound.user.languageTag);
    const finish = (reply: Reply, outcome: string): PipelineOutcome => {
      const seconds = (performance.now() - started) / 1000;
      this.#metrics.updateHandled(inbound.platform, target, outcome, seconds);
      log.info({ ...context, outcome, durationMs: Math.round(seconds * 1000) }, "update handled");
      return { reply, locale, outcome, target };
    };
    try {
      const fresh = await this.#services.repositories.processedUpdates.markProcessed(
        inbound.platform,
        inbound.updateId,
        inbound.receivedAt,
      );
      if (!fresh) return finish({ type: "none" }, "duplicate");
      const resolved = await this.#resolve(inbound);
      locale = resolved.actor.locale;
      const interaction = new InteractionRecord();
      const result = await this.#dispatch(inbound, resolved, capabilities, interaction);
      if (!result.ok) return finish(this.#errorReply(result.error, resolved.t, inbound), `error:${result.error.code}`);
      await this.#record(inbound, resolved, interaction);
      const reply = this.#consentPrompt
        ? await this.#consentPrompt.decorate({
            member: resolved.member,
            reply: result.value,
            t: resolved.t,
            capabilities,
            at: inbound.receivedAt,
          })
        : result.value;
      return finish(reply, "ok");
    } catch (error) {
      this.#metrics.updateFailed(inbound.platform, target);
      const transient = this.#isTransient(error);
      if (transient) log.warn({ ...context, err: error }, "update refused: a dependency is briefly unavailable");
      else log.error({ ...context, err: error }, "update failed");
      const text = this.#translator.for(locale)(transient ? "generic.tryAgain" : "generic.failure");
      // A button press is answered where it was pressed (a toast), as its expected failures are.
      const reply: Reply =
        inbound.request.type === "action"
          ? { type: "notice", text }
          : { type: "message", visibility: "private", view: { blocks: [{ type: "paragraph", text }] } };
      return finish(reply, transient ? "unavailable" : "failure");
    }
  }

  async #resolve(inbound: Inbound): Promise<Resolved> {
    const community = inbound.community
      ? await this.#directory.ensure(inbound.platform, inbound.community.platformId, inbound.community.title)
      : null;
    const pseudonym = this.#pseudonyms.pseudonym(inbound.platform, inbound.user.id);
    const member = community
      ? await this.#services.repositories.members.touch({
          id: randomUUID(),
          communityId: community.id,
          pseudonym,
          at: inbound.receivedAt,
          roles: inbound.user.roles,
          locale: inbound.user.languageTag,
        })
      : null;
    const moderatorRoles = community?.settings.moderatorRoleIds ?? [];
    const isModerator = inbound.user.isAdmin || inbound.user.roles.some((r) => moderatorRoles.includes(r));
    const locale = pickLocale(inbound.user.languageTag, community?.locale);
    const actor: Actor = {
      platform: inbound.platform,
      pseudonym,
      isModerator,
      locale,
      member,
      notifyAddress: inbound.notifyAddress ?? null,
      contact: ContactAddress.of(inbound.platform, inbound.user.id),
    };
    return { community, member, actor, t: this.#translator.for(locale) };
  }

  async #dispatch(
    inbound: Inbound,
    resolved: Resolved,
    capabilities: PlatformCapabilities,
    interaction: InteractionRecord,
  ): Promise<HandlerResult> {
    const request = inbound.request;
    const definition = request.type === "command" ? this.#commands.get(request.name) : this.#actions.get(request.name);
    if (!definition) {
      return { ok: false, error: { code: request.type === "command" ? "UNKNOWN_COMMAND" : "STALE_OR_FORGED_ACTION" } };
    }
    const { community, member, actor } = resolved;
    if (definition.scope === "community" && !(community && member))
      return { ok: false, error: { code: "COMMUNITY_ONLY" } };
    if (definition.audience === "moderator" && !actor.isModerator) {
      return { ok: false, error: { code: "NOT_A_MODERATOR" } };
    }
    const base = {
      channelId: inbound.channelId ?? null,
      services: this.#services,
      t: resolved.t,
      capabilities,
      now: inbound.receivedAt,
      interaction,
    };
    // Inside a community the member is always known (#resolve touches them), so both contexts fit a handler of
    // either scope; a community-only one gets them by type.
    const ctx: CommandContext<CommandScope> =
      community && member
        ? { ...base, actor: { ...actor, member }, community, member }
        : { ...base, actor, community, member };
    const localeError = localeErrors(resolved.actor.locale);
    if (request.type === "command") {
      const command = definition as CommandDefinition;
      const schema = commandSchema(command, request.subcommand ?? null);
      if (!schema)
        return { ok: false, error: { code: "INVALID_INPUT", details: { problem: request.subcommand ?? "" } } };
      const parsed = schema.safeParse(request.options, { error: localeError });
      if (!parsed.success) {
        return {
          ok: false,
          error: { code: "INVALID_INPUT", details: { problem: describeIssues(parsed.error.issues) } },
        };
      }
      const input = command.subcommands ? { subcommand: request.subcommand, ...parsed.data } : parsed.data;
      return command.run(ctx, input);
    }
    const action = definition as ActionDefinition<unknown>;
    const args = action.args.safeParse(request.args);
    if (!args.success) return { ok: false, error: { code: "STALE_OR_FORGED_ACTION" } };
    return action.run(ctx, args.data, {
      ...(request.values ? { values: request.values } : {}),
      ...(request.fields ? { fields: request.fields } : {}),
    });
  }

  /**
   * Writes the interaction's one event: the kind its handler declared, or `command`. An interaction names its member
   * under an analytics grant and is keyed by `platform:updateId` (ProcessedUpdate holds the same id, and nothing
   * there names anyone), so a batch written again records it once. An unlinkable event (an anonymous poll's) names
   * nobody and is keyed by a keyed one-way hash of the update instead, which appears nowhere else: it cannot be
   * joined with any row, or any log line or platform record of the update, that could tell who it was.
   */
  async #record(inbound: Inbound, resolved: Resolved, interaction: InteractionRecord): Promise<void> {
    if (!resolved.community) return;
    const event = interaction.event;
    const subject: EngagementSubject = event.unlinkable
      ? { kind: "anonymous" }
      : await this.#services.consent.subjectFor(resolved.member?.id ?? null);
    const dedupeKey = event.unlinkable
      ? this.#pseudonyms.unlinkableEventKey(inbound.platform, inbound.updateId)
      : `${inbound.platform}:${inbound.updateId}`;
    // Awaited: the adapter acknowledges the interaction to the platform when handle() returns, and an
    // event still in memory then would be lost to a crash while the platform never delivers it again.
    await this.#services.engagement.record(
      {
        communityId: resolved.community.id,
        timeZone: resolved.community.timeZone,
        campaignId: event.campaignId,
        kind: event.kind,
        at: inbound.receivedAt,
        subject,
        dedupeKey,
      },
      { urgent: true },
    );
  }

  #errorReply(error: AppError, t: Translate, inbound: Inbound): Reply {
    const text = t(`errors.${error.code}`, error.details);
    const usage =
      error.code === "INVALID_INPUT" && error.details?.usage
        ? `\n${t("usage.label", { usage: error.details.usage })}`
        : "";
    if (inbound.request.type === "action") return { type: "notice", text };
    return { type: "message", visibility: "private", view: { blocks: [{ type: "paragraph", text: text + usage }] } };
  }
}

/** The schema a command's input is validated with (the subcommand's, when it has subcommands). */
export function commandSchema(command: CommandDefinition, subcommand: string | null): z.ZodObject | null {
  if (!command.subcommands) return command.options;
  if (!subcommand) return null;
  return command.subcommands[subcommand]?.options ?? null;
}
