import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapterFactory } from "@prisma/client/runtime/client";
import BetterSqlite3 from "better-sqlite3";
import type { Repositories } from "../core/ports/repositories.port.ts";
import type { DatabaseClient } from "./database-client.ts";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client.ts";
import { AudienceRepositoryPrisma } from "./repositories/audience.repository.ts";
import { BrandRepositoryPrisma } from "./repositories/brand.repository.ts";
import { CommunityRepositoryPrisma } from "./repositories/community.repository.ts";
import { ConsentRepositoryPrisma } from "./repositories/consent.repository.ts";
import { DeliveryRepositoryPrisma } from "./repositories/delivery.repository.ts";
import { DigestRepositoryPrisma } from "./repositories/digest.repository.ts";
import { CampaignMetricsPrisma } from "./repositories/digest-campaigns.repository.ts";
import { DigestRepositorySqlite } from "./repositories/digest-sqlite.repository.ts";
import { EngagementRepositoryPrisma } from "./repositories/engagement.repository.ts";
import { EngagementRepositorySqlite } from "./repositories/engagement-sqlite.repository.ts";
import { HealthCheckPrisma } from "./repositories/health.repository.ts";
import {
  CommunityRepositorySqlite,
  ConsentRepositorySqlite,
  MemberRepositorySqlite,
  PrivacyRepositorySqlite,
  ProcessedUpdateRepositorySqlite,
} from "./repositories/hot-path-sqlite.ts";
import { LimitMarkerRepositoryPrisma } from "./repositories/limit-marker.repository.ts";
import { MemberRepositoryPrisma } from "./repositories/member.repository.ts";
import { OfferRepositoryPrisma } from "./repositories/offer.repository.ts";
import { BrandApiKeyRepositoryPrisma } from "./repositories/offer-api-key.repository.ts";
import { PollRepositoryPrisma } from "./repositories/poll.repository.ts";
import { PrivacyRepositoryPrisma } from "./repositories/privacy.repository.ts";
import { prismaPersonalDataSources } from "./repositories/privacy-sources.ts";
import { ProcessedUpdateRepositoryPrisma } from "./repositories/processed-update.repository.ts";
import { QaRepositoryPrisma } from "./repositories/qa.repository.ts";
import { ScheduleRepositoryPrisma } from "./repositories/schedule.repository.ts";
import { ScheduleRepositorySqlite } from "./repositories/schedule-sqlite.repository.ts";
import { SystemSettingRepositoryPrisma } from "./repositories/system-setting.repository.ts";

/** Which database a url points at. */
export type DatabaseProvider = "sqlite" | "postgresql";

/** An open database: the client, the repositories built on it, and a way to let go of both. */
export interface Database {
  readonly provider: DatabaseProvider;
  readonly prisma: DatabaseClient;
  readonly repositories: Repositories;
  /**
   * Disconnects the client (closing the SQLite file or the PostgreSQL pool). Safe to call twice. Prisma would
   * reconnect on a later query, so nothing may use the repositories after this.
   */
  close(): Promise<void>;
}

/** `postgres://` or `postgresql://` → PostgreSQL; `file:` or a plain path → SQLite. */
export function providerOf(url: string): DatabaseProvider {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}

/** The file behind a SQLite url: `file:` prefix and query string dropped, relative paths resolved from cwd. */
export function sqliteFilePath(url: string): string {
  const path = url.replace(/^file:/, "").replace(/\?.*$/, "");
  if (path === "") throw new Error(`SQLite url names no file: ${url}`);
  return resolve(path);
}

// Per connection, except journal_mode which the file keeps. WAL plus synchronous=NORMAL is an order of
// magnitude faster for the event hot path and still durable across process crashes (see PRISMA.md);
// foreign_keys must be on for erasure to cascade; secure_delete overwrites deleted content with zeros, so an
// erased member's rows do not linger in the file's free pages (the erasure then checkpoints the WAL).
const SQLITE_PRAGMAS = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = NORMAL;
  PRAGMA busy_timeout = 5000;
  PRAGMA foreign_keys = ON;
  PRAGMA secure_delete = ON;
`;

/**
 * Opens the database a url names, building the right generated client with its driver adapter and the
 * repositories on top of it. The composition root calls this once; nothing else constructs a Prisma client.
 * The schema must already be migrated (see migrations/migrator.ts).
 */
export async function openDatabase(url: string): Promise<Database> {
  const provider = providerOf(url);
  const sqlite = provider === "sqlite" ? await connectSqlite(url) : null;
  const prisma = sqlite ? sqlite.prisma : await connectPostgres(url);
  const repositories = createPrismaRepositories(prisma);
  let closing: Promise<void> | null = null;
  return {
    provider,
    prisma,
    repositories: sqlite?.connection() ? withSqliteHotPath(repositories, prisma, sqlite.connection) : repositories,
    close: () => {
      closing ??= prisma.$disconnect();
      return closing;
    },
  };
}

/**
 * On SQLite, the engagement writes, the reads and writes every update makes (hot-path-sqlite.ts), the digest's
 * largest reads (digest-sqlite.repository.ts) and start-up's schedule writes (schedule-sqlite.repository.ts) go
 * through better-sqlite3 directly, on Prisma's own connection.
 */
function withSqliteHotPath(
  repositories: Repositories,
  prisma: DatabaseClient,
  connection: () => BetterSqlite3.Database | null,
): Repositories {
  const open = () => {
    const current = connection();
    if (!current) throw new Error("the SQLite connection is gone");
    return current;
  };
  return {
    ...repositories,
    engagement: new EngagementRepositorySqlite(open),
    processedUpdates: new ProcessedUpdateRepositorySqlite(prisma, open),
    communities: new CommunityRepositorySqlite(prisma, open),
    members: new MemberRepositorySqlite(prisma, open),
    consents: new ConsentRepositorySqlite(prisma, open),
    privacy: new PrivacyRepositorySqlite(prisma, open),
    digests: new DigestRepositorySqlite(prisma, open),
    schedules: new ScheduleRepositorySqlite(prisma, open),
  };
}

/** The Prisma-backed implementation of every repository port. */
export function createPrismaRepositories(prisma: DatabaseClient): Repositories {
  return {
    brands: new BrandRepositoryPrisma(prisma),
    communities: new CommunityRepositoryPrisma(prisma),
    members: new MemberRepositoryPrisma(prisma),
    consents: new ConsentRepositoryPrisma(prisma),
    engagement: new EngagementRepositoryPrisma(prisma),
    processedUpdates: new ProcessedUpdateRepositoryPrisma(prisma),
    settings: new SystemSettingRepositoryPrisma(prisma),
    schedules: new ScheduleRepositoryPrisma(prisma),
    polls: new PollRepositoryPrisma(prisma),
    audience: new AudienceRepositoryPrisma(prisma),
    deliveries: new DeliveryRepositoryPrisma(prisma),
    digests: new DigestRepositoryPrisma(prisma),
    campaignMetrics: new CampaignMetricsPrisma(prisma),
    qa: new QaRepositoryPrisma(prisma),
    offers: new OfferRepositoryPrisma(prisma),
    brandApiKeys: new BrandApiKeyRepositoryPrisma(prisma),
    privacy: new PrivacyRepositoryPrisma(prisma),
    limitMarkers: new LimitMarkerRepositoryPrisma(prisma),
    personalData: prismaPersonalDataSources(prisma),
    health: new HealthCheckPrisma(prisma),
  };
}

/** What a driver adapter factory connects (the runtime does not export the type by name). */
type SqlDriverAdapter = Awaited<ReturnType<SqlDriverAdapterFactory["connect"]>>;

/**
 * The SQLite client, and the better-sqlite3 connection under its adapter (null if the adapter stopped exposing
 * it): the engagement hot path writes through that same connection (see EngagementRepositorySqlite).
 */
async function connectSqlite(url: string): Promise<{
  prisma: DatabaseClient;
  connection: () => BetterSqlite3.Database | null;
}> {
  const file = sqliteFilePath(url);
  await mkdir(dirname(file), { recursive: true });
  let current: BetterSqlite3.Database | null = null;
  const prisma = new SqlitePrismaClient({
    adapter: withPragmas(new PrismaBetterSqlite3({ url: file, timeout: 5_000 }), (adapter) => {
      current = underlyingConnection(adapter);
    }),
  });
  try {
    // Opens the file now, so a bad path fails here rather than on the first update.
    await prisma.$queryRaw`SELECT 1`;
  } catch (error) {
    await prisma.$disconnect();
    throw error;
  }
  return { prisma, connection: () => current };
}

/**
 * The better-sqlite3 Database of @prisma/adapter-better-sqlite3's adapter (a public field in 7.10, though not
 * in its types), or null. test/contract checks that SQLite still gets the hot path, so an adapter upgrade that
 * hides it fails a test instead of silently going back to the slower Prisma writes.
 */
function underlyingConnection(adapter: SqlDriverAdapter): BetterSqlite3.Database | null {
  const client = (adapter as { client?: unknown }).client;
  return client instanceof BetterSqlite3 ? client : null;
}

/**
 * Runs the pragmas on every connection the adapter opens (it holds one, but Prisma opens a new one when it
 * reconnects). better-sqlite3's own build defaults happen to match today; this does not rely on them.
 */
function withPragmas(
  factory: SqlDriverAdapterFactory,
  onConnect: (adapter: SqlDriverAdapter) => void,
): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      await adapter.executeScript(SQLITE_PRAGMAS);
      onConnect(adapter);
      return adapter;
    },
  };
}

async function connectPostgres(url: string): Promise<DatabaseClient> {
  // Imported here, so that an instance on SQLite (the default) does not load PostgreSQL's client (about 15 MB).
  const [{ PrismaPg }, { PrismaClient: PostgresPrismaClient }] = await Promise.all([
    import("@prisma/adapter-pg"),
    import("./generated/postgres/client.ts"),
  ]);
  // Without a connection timeout, pg waits forever for an unreachable server (and so would /healthz).
  const adapter = new PrismaPg({ connectionString: url, connectionTimeoutMillis: 10_000 });
  const prisma = new PostgresPrismaClient({ adapter });
  try {
    // The pool connects lazily: one query makes a wrong url fail here rather than on the first update.
    await prisma.$queryRaw`SELECT 1`;
  } catch (error) {
    await prisma.$disconnect();
    throw error;
  }
  // The one cast: the PostgreSQL client differs from the SQLite one only in its provider tag.
  return prisma as unknown as DatabaseClient;
}
