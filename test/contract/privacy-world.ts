// The whole app (composition root, migrations, pipeline, privacy feature) on a fresh SQLite or PostgreSQL
// database, driven as adapters would drive it, with fake chat platforms that keep what they were asked to send.
// The privacy contract tests seed realistic person-linked data through it and look at every table underneath.
import type { Platform } from "../../src/core/domain/platform.ts";
import { Pseudonymizer } from "../../src/core/identity/pseudonym.ts";
import type { Inbound } from "../../src/core/pipeline/inbound.ts";
import type { PipelineOutcome } from "../../src/core/pipeline/update-pipeline.ts";
import type { MessageView } from "../../src/core/ports/view.ts";
import type { PrivacyFeature } from "../../src/core/privacy/privacy-feature.ts";
import type { DatabaseClient } from "../../src/persistence/database-client.ts";
import { FakeClock, testCapabilities } from "../support/core-harness.ts";
import { startTestApp, type TestApp, testSecret } from "../support/test-app.ts";
import { createTestDatabase, type TestProvider } from "../support/test-database.ts";
import { FakeChat } from "../unit/polls/support/fake-chat.ts";

/** Someone acting in one community. */
export interface Person {
  readonly platform: Platform;
  /** The platform's user id: never stored by Circolo (the tests look for it everywhere). */
  readonly userId: string;
  readonly community: { readonly platformId: string; readonly title: string };
  readonly admin?: boolean;
  readonly locale?: string;
}

export interface PrivacyWorld {
  readonly app: TestApp;
  readonly prisma: DatabaseClient;
  readonly provider: TestProvider;
  readonly clock: FakeClock;
  readonly chats: { readonly telegram: FakeChat; readonly discord: FakeChat };
  readonly privacy: PrivacyFeature;
  act(person: Person, request: Inbound["request"]): Promise<PipelineOutcome>;
  /** Presses the button with this label on a reply. */
  press(person: Person, outcome: PipelineOutcome, label: string): Promise<PipelineOutcome>;
  /** The member row id of a person, or null. */
  memberId(person: Person): Promise<string | null>;
  dispose(): Promise<void>;
}

let updates = 0;
const pseudonyms = new Pseudonymizer(testSecret);

/** The reply's view (a message or an update), or throws. */
export function viewOf(outcome: PipelineOutcome): MessageView {
  const reply = outcome.reply;
  if (reply.type !== "message" && reply.type !== "update") throw new Error(`no view in a ${reply.type} reply`);
  return reply.view;
}

/** Starts the app on a fresh database of the provider, at `start` on a fake clock. */
export async function startPrivacyWorld(provider: TestProvider, start: Date): Promise<PrivacyWorld> {
  const database = await createTestDatabase(provider);
  const clock = new FakeClock(start);
  let app: TestApp;
  try {
    app = await startTestApp(provider === "postgresql" ? { DATABASE_URL: database.url } : {}, { clock });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const chats = { telegram: new FakeChat("telegram"), discord: new FakeChat("discord") };
  app.services.chat.register(chats.telegram);
  app.services.chat.register(chats.discord);
  // Each interaction happens a second after the one before, as people act one after another.
  const act = (person: Person, request: Inbound["request"]) => {
    clock.current = new Date(clock.current.getTime() + 1_000);
    return app.pipeline.handle(
      {
        platform: person.platform,
        updateId: `privacy-world-${++updates}`,
        receivedAt: clock.now(),
        community: person.community,
        channelId: person.community.platformId,
        user: { id: person.userId, languageTag: person.locale ?? "en", isAdmin: person.admin ?? false, roles: [] },
        request,
      },
      testCapabilities,
    );
  };
  return {
    app,
    prisma: app.database.prisma,
    provider,
    clock,
    chats,
    privacy: app.services.privacy,
    act,
    press: (person, outcome, label) => {
      const buttons = (viewOf(outcome).actions ?? []).flatMap((row) => (row.type === "buttons" ? row.buttons : []));
      const button = buttons.find((b) => b.label === label);
      if (!button) throw new Error(`no button "${label}" among ${buttons.map((b) => b.label).join(", ")}`);
      return act(person, { type: "action", name: button.action.name, args: button.action.args });
    },
    memberId: async (person) => {
      const { repositories } = app.services;
      const community = await repositories.communities.findByPlatformId(person.platform, person.community.platformId);
      const pseudonym = pseudonyms.pseudonym(person.platform, person.userId);
      return community ? ((await repositories.members.findByPseudonym(community.id, pseudonym))?.id ?? null) : null;
    },
    dispose: async () => {
      await app.dispose();
      await database.drop();
    },
  };
}

/** Every table of the database, as the database itself lists them. */
export async function databaseTables(prisma: DatabaseClient, provider: TestProvider): Promise<string[]> {
  const rows =
    provider === "postgresql"
      ? await prisma.$queryRawUnsafe<{ name: string }[]>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
      : await prisma.$queryRawUnsafe<{ name: string }[]>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        );
  return rows.map((r) => r.name).sort();
}

/** Every row of a table, as JSON text (dates as ISO strings, big integers as digits). */
export async function tableText(prisma: DatabaseClient, table: string): Promise<string> {
  const rows = await prisma.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${table}"`);
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}
