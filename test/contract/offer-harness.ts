// What the offer contract suites receive: a set of repositories on in-memory storage, SQLite or PostgreSQL,
// and the Prisma client underneath when there is one.
import { randomBytes, randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Community } from "../../src/core/domain/community.ts";
import type { NewOffer } from "../../src/core/offers/offer.repository.port.ts";
import { base32Encode } from "../../src/core/offers/offer-code.ts";
import type { Repositories } from "../../src/core/ports/repositories.port.ts";
import type { PersonalDataSource } from "../../src/core/privacy/personal-data.port.ts";
import { openDatabase } from "../../src/persistence/database.ts";
import type { DatabaseClient } from "../../src/persistence/database-client.ts";
import { applyMigrations } from "../../src/persistence/migrations/migrator.ts";
import { createInMemoryRepositories } from "../../src/persistence/repositories/in-memory/in-memory-repositories.ts";
import { offerClaimSourceInMemory } from "../../src/persistence/repositories/in-memory/offer-privacy.in-memory.ts";
import { offerClaimSource } from "../../src/persistence/repositories/offer-privacy.source.ts";
import { createTestDatabase, type TestProvider } from "../support/test-database.ts";

/** One implementation under test. */
export interface OfferHarness {
  readonly repositories: Repositories;
  /** The Prisma client underneath, on a database (null in memory). */
  readonly prisma: DatabaseClient | null;
  /** The offer claims' personal-data source on the same storage. */
  readonly privacy: PersonalDataSource;
  close(): Promise<void>;
}

export type MakeOfferHarness = () => Promise<OfferHarness>;

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The offer repositories in memory. */
export const offersInMemory: MakeOfferHarness = async () => {
  const repositories = createInMemoryRepositories();
  return { repositories, prisma: null, privacy: offerClaimSourceInMemory(repositories.store), close: async () => {} };
};

/** A fresh migrated database of the provider. */
export function offersOnDatabase(provider: TestProvider): MakeOfferHarness {
  return async () => {
    const testDatabase = await createTestDatabase(provider);
    const migrationsDir = join(root, "prisma", provider === "sqlite" ? "migrations" : "migrations-postgres");
    await applyMigrations({ provider, url: testDatabase.url, migrationsDir });
    const database = await openDatabase(testDatabase.url);
    return {
      repositories: database.repositories,
      prisma: database.prisma,
      privacy: offerClaimSource(database.prisma),
      close: async () => {
        await database.close();
        await testDatabase.drop();
      },
    };
  };
}

/** A new offer of the community, claimable for two days from `at`. */
export function newOffer(community: Community, overrides: Partial<NewOffer> = {}): NewOffer {
  const at = overrides.startsAt ?? new Date("2026-11-30T10:00:00Z");
  return {
    id: randomUUID(),
    communityId: community.id,
    brandId: community.brandId,
    ref: base32Encode(randomBytes(5)),
    title: "Free espresso",
    description: "With any pastry",
    terms: "",
    quantity: 3,
    perMember: 1,
    codeSource: "signed",
    segment: { kind: "everyone" },
    channelId: "-100777",
    startsAt: at,
    endsAt: new Date(at.getTime() + 2 * 86_400_000),
    pool: null,
    ...overrides,
  };
}
