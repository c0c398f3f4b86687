// The whole core (pipeline, polls, offers, Q&A, privacy, digest) on in-memory repositories, with one community on a
// Discord-like platform, driven through the pipeline as an adapter would drive it. The interaction-events test runs
// every command, subcommand and action of the registry in it and reads what the recorder wrote for each one.
import type { EngagementKind } from "../../../../src/core/domain/engagement.ts";
import type { Member } from "../../../../src/core/domain/member.ts";
import { Pseudonymizer } from "../../../../src/core/identity/pseudonym.ts";
import type { InboundRequest } from "../../../../src/core/pipeline/inbound.ts";
import type { PipelineOutcome } from "../../../../src/core/pipeline/update-pipeline.ts";
import type { MessageView, Reply } from "../../../../src/core/ports/view.ts";
import type { StoredEvent } from "../../../../src/persistence/repositories/in-memory/in-memory-store.ts";
import { coreHarness, FakeClock } from "../../../support/core-harness.ts";
import { TestContacts } from "../../digest/support/digest-core.ts";
import { RecordingChat } from "../../qa/support/qa-core.ts";

/** Someone acting in the community. */
export interface Person {
  readonly userId: string;
  readonly admin: boolean;
}

/** One interaction sent, and the events the recorder wrote for it. */
export interface Acted {
  readonly who: Person;
  readonly outcome: PipelineOutcome;
  readonly updateId: string;
  readonly at: Date;
  readonly events: readonly StoredEvent[];
}

const secret = "core-harness-secret-0123456789abcdef";
const guild = "guild-1";
const channel = "channel-1";

/** A command request, with its subcommand when it has one. */
export function command(name: string, options: Record<string, unknown> = {}, subcommand?: string): InboundRequest {
  return { type: "command", name, subcommand: subcommand ?? null, options };
}

/** A button or form request. */
export function action(name: string, args: readonly string[], fields?: Record<string, string>): InboundRequest {
  return { type: "action", name, args: [...args], ...(fields ? { fields } : {}) };
}

/** The arguments of the first button of a reply with this action name. */
export function buttonArgs(reply: Reply, name: string): string[] {
  const view: MessageView | null = reply.type === "message" || reply.type === "update" ? reply.view : null;
  const button = (view?.actions ?? [])
    .flatMap((row) => (row.type === "buttons" ? row.buttons : []))
    .find((b) => b.action.name === name);
  if (!button) throw new Error(`no ${name} button in ${JSON.stringify(reply)}`);
  return [...button.action.args];
}

/**
 * A fresh world: the moderator and two members have allowed analytics (through the privacy panel), so an
 * interaction's event names its actor unless it must not.
 */
export async function interactionWorld() {
  const clock = new FakeClock(new Date("2026-12-01T10:00:00Z"));
  const core = coreHarness({ clock, contacts: new TestContacts() });
  const chat = new RecordingChat("discord");
  core.services.chat.register(chat);
  const store = core.repositories.store;
  let updates = 0;
  let acts = 0;

  const settle = async () => {
    await core.qa.sessions.idle();
    await core.services.polls.idle();
    await core.services.engagement.flush();
  };
  // Each interaction happens a second after the one before, as people act one after another.
  const handle = async (request: InboundRequest, who: Person) => {
    clock.current = new Date(clock.current.getTime() + 1_000);
    const updateId = String(++updates);
    const at = clock.now();
    const outcome = await core.pipeline.handle(
      {
        platform: "discord",
        updateId,
        receivedAt: at,
        community: { platformId: guild, title: "Gelateria" },
        channelId: channel,
        user: { id: who.userId, languageTag: "en", isAdmin: who.admin, roles: [] },
        request,
      },
      chat.capabilities,
    );
    await settle();
    return { outcome, updateId, at };
  };
  const send = async (request: InboundRequest, who: Person): Promise<PipelineOutcome> => {
    const { outcome } = await handle(request, who);
    if (outcome.outcome !== "ok") throw new Error(`setup step ${outcome.target} failed: ${outcome.outcome}`);
    return outcome;
  };

  const moderator: Person = { userId: "9001", admin: true };
  const ada: Person = { userId: "1001", admin: false };
  const bea: Person = { userId: "1002", admin: false };
  for (const who of [moderator, ada, bea]) await send(action("pv_t", ["analytics", "1"]), who);
  const pseudonyms = new Pseudonymizer(secret);
  const community = await core.repositories.communities.findByPlatformId("discord", guild);
  if (!community) throw new Error("no community");

  return {
    core,
    store,
    chat,
    community,
    moderator,
    ada,
    bea,
    /** A setup step: it must succeed. */
    send,
    /** How many interactions the test measured. */
    get acts() {
      return acts;
    },
    /** The interaction under test: sent, settled, and the events written for it. */
    async act(request: InboundRequest, who: Person): Promise<Acted> {
      acts += 1;
      const before = store.events.length;
      const sent = await handle(request, who);
      return { ...sent, who, events: store.events.slice(before) };
    },
    /** The member row of a person (null once erased). */
    async memberOf(who: Person): Promise<Member | null> {
      return core.repositories.members.findByPseudonym(community.id, pseudonyms.pseudonym("discord", who.userId));
    },
    /** Posts a poll as the moderator; returns its number. */
    async poll(options: Record<string, unknown> = {}): Promise<string> {
      await send(
        command("poll", { question: "Best flavour?", option1: "Vanilla", option2: "Pistachio", ...options }),
        moderator,
      );
      return String((await core.services.polls.listOpen(community.id)).length);
    },
    /** Posts an offer with five codes as the moderator; it is number 1. */
    async offer(): Promise<string> {
      await send(command("offer", { title: "Free espresso", quantity: 5 }, "create"), moderator);
      return "1";
    },
    /** Opens a Q&A session in the channel (questions queued for review with `queue`); returns its id. */
    async session(queue = false): Promise<string> {
      await send(command("qa", { topic: "New flavours", queue }, "open"), moderator);
      const board = chat.inChannel(channel)[0]?.views.at(-1);
      const askButton = (board?.actions ?? [])
        .flatMap((row) => (row.type === "buttons" ? row.buttons : []))
        .find((b) => b.action.name === "qa_ask");
      if (!askButton?.action.args[0]) throw new Error("no Q&A board");
      return askButton.action.args[0];
    },
    /**
     * A queued session where Q1 (bea's) is approved and Q2 (ada's, much the same question) waits for review;
     * returns their ids.
     */
    async duplicate(): Promise<{ first: string; waiting: string }> {
      const session = await this.session(true);
      const first = await this.question(session, bea, "Will there be a vegan option?");
      await send(action("qa_ok", [first, "p"]), moderator);
      return { first, waiting: await this.question(session, ada, "Is there a vegan option this winter?") };
    },
    /** Asks a question in the open session; returns the question's id. */
    async question(sessionId: string, who: Person, text = "When does pistachio come back?"): Promise<string> {
      await send(command("ask", { question: text }), who);
      const asked = (await core.qa.sessions.questions(sessionId)).find((q) => q.text === text);
      if (!asked) throw new Error("the question was not stored");
      return asked.id;
    },
  };
}

/** A world, as the tests use it. */
export type InteractionWorld = Awaited<ReturnType<typeof interactionWorld>>;

/** An interaction and the one event it must record. */
export interface Scenario {
  /** The registry entry it drives: "/help", "/polls close", "action:pl_v". */
  readonly entry: string;
  /** What the interaction is, for the test's name. */
  readonly does: string;
  readonly kind: EngagementKind;
  /** Whom the event names: its actor (who allowed analytics), or nobody. */
  readonly names: "actor" | "nobody";
  /** An anonymous poll's event: nothing may link it to the member, not even a shared key. */
  readonly unlinkable?: boolean;
  /** Sets the world up, then sends the interaction with `w.act`. */
  readonly run: (w: InteractionWorld) => Promise<Acted>;
}

type Spec = Omit<Scenario, "names"> & { readonly names?: Scenario["names"] };

/** A scenario; its event names its actor unless it says otherwise. */
export const scenario = (spec: Spec): Scenario => ({ names: "actor", ...spec });
