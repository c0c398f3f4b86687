import { databaseUrl } from "../../../../src/app/config.ts";
import type { Locale } from "../../../../src/core/domain/platform.ts";
import type { Inbound, InboundRequest } from "../../../../src/core/pipeline/inbound.ts";
import type { PipelineOutcome } from "../../../../src/core/pipeline/update-pipeline.ts";
import { telegramCapabilities } from "../../../../src/platforms/telegram/telegram.chat.ts";
import { startTestApp, type TestApp } from "../../../support/test-app.ts";
import { FakeChat } from "../../../unit/polls/support/fake-chat.ts";
import { ChangeLog } from "./change-log.ts";

/** A community of the world and the objects it holds (what forged inputs aim at). */
export interface FixtureCommunity {
  readonly platformId: string;
  readonly id: string;
  readonly pollNumbers: readonly number[];
  readonly offerNumbers: readonly number[];
  readonly qaSessionIds: readonly string[];
  readonly qaQuestionIds: readonly string[];
}

/** Who acts: a plain member or a platform administrator, in a locale. */
export interface Who {
  readonly user?: string;
  readonly moderator?: boolean;
  readonly locale?: Locale;
  readonly community?: string;
}

/**
 * The real app on a fresh SQLite file with no platform connected (messages the core posts go to a fake chat),
 * two communities A and B each with a poll, an offer, an open Q&A session and a question, and a change log
 * on every table. Updates go straight into the pipeline, the path both adapters call.
 */
export class FaultWorld {
  readonly app: TestApp;
  readonly changes: ChangeLog;
  readonly a: FixtureCommunity;
  readonly b: FixtureCommunity;
  #update = 0;

  private constructor(app: TestApp, changes: ChangeLog, a: FixtureCommunity, b: FixtureCommunity) {
    this.app = app;
    this.changes = changes;
    this.a = a;
    this.b = b;
  }

  static async start(): Promise<FaultWorld> {
    const app = await startTestApp();
    app.services.chat.register(new FakeChat("telegram"));
    const send = sender(app, { value: 1_000_000 });
    const a = await populate(app, send, "-1001000000001", 0);
    const b = await populate(app, send, "-1001000000002", 2);
    await app.services.engagement.flush();
    const changes = ChangeLog.install(databaseUrl(app.config));
    return new FaultWorld(app, changes, a, b);
  }

  /** Sends one update into the pipeline as Telegram would, in community A unless told otherwise. */
  send(request: InboundRequest, who: Who = {}): Promise<PipelineOutcome> {
    this.#update += 1;
    return this.app.pipeline.handle(
      inbound(this.#update, request, { community: this.a.platformId, ...who }),
      telegramCapabilities,
    );
  }

  /** Waits for the background work an accepted update started (message edits, engagement events). */
  async settle(): Promise<void> {
    await this.app.services.polls.idle();
    await this.app.services.qa.sessions.idle();
    await this.app.services.offers.offers.idle();
    await this.app.services.engagement.flush();
  }

  async stop(): Promise<void> {
    this.changes.close();
    await this.app.dispose();
  }
}

function inbound(updateId: number, request: InboundRequest, who: Who): Inbound {
  return {
    platform: "telegram",
    updateId: String(updateId),
    receivedAt: new Date(),
    community: { platformId: who.community ?? "-1001000000001", title: "Community" },
    channelId: who.community ?? "-1001000000001",
    user: { id: who.user ?? "7001", languageTag: who.locale ?? "en", isAdmin: who.moderator ?? false, roles: [] },
    request,
  };
}

function sender(app: TestApp, counter: { value: number }) {
  return (request: InboundRequest, who: Who) => {
    counter.value += 1;
    return app.pipeline.handle(inbound(counter.value, request, who), telegramCapabilities);
  };
}

async function populate(
  app: TestApp,
  send: ReturnType<typeof sender>,
  platformId: string,
  extraPolls: number,
): Promise<FixtureCommunity> {
  const mod = { community: platformId, user: "9001", moderator: true };
  const expectOk = async (what: string, outcome: Promise<PipelineOutcome>) => {
    const result = await outcome;
    if (result.outcome !== "ok") throw new Error(`fixture ${what} failed: ${result.outcome}`);
  };
  for (let n = 0; n <= extraPolls; n++) {
    const options = { question: `Gelato or sorbet (${n})?`, option1: "Gelato", option2: "Sorbet" };
    await expectOk("poll", send({ type: "command", name: "poll", options }, mod));
  }
  await expectOk(
    "offer",
    send(
      {
        type: "command",
        name: "offer",
        subcommand: "create",
        options: { title: "Free espresso", quantity: 3, ends: "3d" },
      },
      mod,
    ),
  );
  await expectOk(
    "qa",
    send({ type: "command", name: "qa", subcommand: "open", options: { topic: "New flavours", ends: "2h" } }, mod),
  );
  for (const user of ["7001", "7002"]) {
    await expectOk(
      "ask",
      send(
        { type: "command", name: "ask", options: { question: `When does pistachio come back, asks ${user}?` } },
        { community: platformId, user },
      ),
    );
  }
  // Every user the faults act as, known up front, so that their first sight is not mistaken for a change.
  for (const user of ["7001", "7002", "7003", "9001"])
    for (const locale of ["en", "it"] as const)
      await expectOk(
        "help",
        send({ type: "command", name: "help", options: {} }, { community: platformId, user, locale }),
      );
  const prisma = app.database.prisma;
  const community = await prisma.community.findFirstOrThrow({ where: { platformId } });
  const sessions = await prisma.qaSession.findMany({ where: { communityId: community.id } });
  const questions = await prisma.qaQuestion.findMany({
    where: { sessionId: { in: sessions.map((s) => s.campaignId) } },
  });
  const campaigns = await prisma.campaign.findMany({ where: { communityId: community.id } });
  const numbers = (kind: string) =>
    campaigns.filter((c) => c.kind === kind && c.number !== null).map((c) => c.number as number);
  return {
    platformId,
    id: community.id,
    pollNumbers: numbers("poll"),
    offerNumbers: numbers("offer"),
    qaSessionIds: sessions.map((s) => s.campaignId),
    qaQuestionIds: questions.map((q) => q.id),
  };
}
