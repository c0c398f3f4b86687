// What the poll contract suites receive: the repositories (for communities and members), the poll feature's
// own repositories, and a probe on the vote rows, on in-memory storage, SQLite or PostgreSQL.
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Community } from "../../src/core/domain/community.ts";
import type { NewPoll } from "../../src/core/ports/poll.repository.port.ts";
import type { Repositories } from "../../src/core/ports/repositories.port.ts";
import { openDatabase } from "../../src/persistence/database.ts";
import type { DatabaseClient } from "../../src/persistence/database-client.ts";
import { applyMigrations } from "../../src/persistence/migrations/migrator.ts";
import { AudienceRepositoryPrisma } from "../../src/persistence/repositories/audience.repository.ts";
import { DeliveryRepositoryPrisma } from "../../src/persistence/repositories/delivery.repository.ts";
import { AudienceRepositoryInMemory } from "../../src/persistence/repositories/in-memory/audience.in-memory.ts";
import { DeliveryRepositoryInMemory } from "../../src/persistence/repositories/in-memory/delivery.in-memory.ts";
import { createInMemoryRepositories } from "../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { PollRepositoryInMemory } from "../../src/persistence/repositories/in-memory/poll.in-memory.ts";
import { PollRepositoryPrisma } from "../../src/persistence/repositories/poll.repository.ts";
import { createTestDatabase, type TestProvider } from "../support/test-database.ts";
import type { PollStorage } from "../unit/polls/support/poll-core.ts";

/** A vote row as stored. */
export interface ProbedVote {
  voterKey: string;
  optionIndex: number;
  memberId: string | null;
}

/** One implementation under test. */
export interface PollHarness {
  readonly repositories: Repositories;
  readonly storage: PollStorage;
  /** The Prisma client underneath, on a database (null in memory). */
  readonly prisma: DatabaseClient | null;
  /** The poll's vote rows, by voter key then option. */
  votes(pollId: string): Promise<ProbedVote[]>;
  close(): Promise<void>;
}

export type MakePollHarness = () => Promise<PollHarness>;

/** A new poll in the community, open for two hours from `at`. */
export function newPoll(community: Community, overrides: Partial<NewPoll> = {}): NewPoll {
  const at = overrides.sentAt ?? new Date("2026-11-30T10:00:00Z");
  return {
    id: randomUUID(),
    communityId: community.id,
    question: "Best flavour?",
    options: ["Vanilla", "Pistachio", "Lemon"],
    multi: false,
    results: "live",
    anonymity: "anonymous",
    segment: { kind: "everyone" },
    channelId: "-100777",
    mentionRoleId: null,
    sentAt: at,
    closesAt: new Date(at.getTime() + 2 * 3_600_000),
    reach: 12,
    ...overrides,
  };
}

/** Sorts probed votes into a stable order. */
export function byVoter(rows: readonly ProbedVote[]): ProbedVote[] {
  return [...rows].sort((a, b) =>
    a.voterKey === b.voterKey ? a.optionIndex - b.optionIndex : a.voterKey < b.voterKey ? -1 : 1,
  );
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The poll repositories in memory. */
export const pollsInMemory: MakePollHarness = async () => {
  const repositories = createInMemoryRepositories();
  const polls = new PollRepositoryInMemory(repositories.store);
  return {
    repositories,
    prisma: null,
    storage: {
      polls,
      audience: new AudienceRepositoryInMemory(repositories.store),
      deliveries: new DeliveryRepositoryInMemory(repositories.store),
    },
    votes: async (pollId) =>
      polls.votes
        .filter((v) => v.pollId === pollId)
        .map(({ voterKey, optionIndex, memberId }) => ({ voterKey, optionIndex, memberId })),
    close: async () => {},
  };
};

/** A fresh migrated database of the provider with the poll repositories on it. */
export function pollsOnDatabase(provider: TestProvider): MakePollHarness {
  return async () => {
    const testDatabase = await createTestDatabase(provider);
    const migrationsDir = join(root, "prisma", provider === "sqlite" ? "migrations" : "migrations-postgres");
    await applyMigrations({ provider, url: testDatabase.url, migrationsDir });
    const database = await openDatabase(testDatabase.url);
    return {
      repositories: database.repositories,
      prisma: database.prisma,
      storage: {
        polls: new PollRepositoryPrisma(database.prisma),
        audience: new AudienceRepositoryPrisma(database.prisma),
        deliveries: new DeliveryRepositoryPrisma(database.prisma),
      },
      votes: (pollId) =>
        database.prisma.pollVote.findMany({
          where: { campaignId: pollId },
          select: { voterKey: true, optionIndex: true, memberId: true },
          orderBy: { id: "asc" },
        }),
      close: async () => {
        await database.close();
        await testDatabase.drop();
      },
    };
  };
}
