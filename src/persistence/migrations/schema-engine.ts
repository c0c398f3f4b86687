// Prisma's schema engine compiled to WebAssembly, driven through the driver adapters: the offline stand-in
// for `prisma migrate diff` (the native engine cannot be downloaded here). Development-time only: it needs
// the devDependencies @prisma/schema-engine-wasm and @prisma/driver-adapter-utils, whose internal API is
// pinned to the installed versions.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { lockfileContent, type Provider, readMigrationsFolder } from "./migrator.ts";
import { registerMigrationFunctions } from "./sqlite-functions.ts";

/**
 * One side of a diff: nothing, a Prisma schema's text, a migrations folder (replayed on a shadow database),
 * or a live database (introspected; `_prisma_migrations` is ignored).
 */
export type DiffSource = "empty" | { schema: string } | { migrationsDir: string } | { databaseUrl: string };

export interface DiffOptions {
  provider: Provider;
  from: DiffSource;
  to: DiffSource;
  /** A PostgreSQL server where a temporary shadow database may be created; needed for `migrationsDir` sources. */
  shadowDatabaseUrl?: string;
}

/** Prisma's diagnosis of a database's migration history (`history` is null when it matches the folder). */
export type MigrationHistory = bindings.DiagnoseMigrationHistoryOutput;

type SchemaEngine = bindings.SchemaEngine;
type DiffTarget = bindings.DiffTarget;

const FILTERS = { externalTables: [], externalEnums: [] };
const SCHEMA_PATH = "schema.prisma";
// The engine's PostgreSQL connector probes the server when it starts, even when it will not need it.
const POSTGRES_PROBE = "SELECT EXISTS(SELECT 1 FROM pg_namespace";
// adapter-pg knows no column type for PostgreSQL's internal one-byte "char" (found in pg_catalog).
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

// The tsconfig's libs (ES2023, no DOM) do not declare the WebAssembly global that Node provides.
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
interface WebAssemblyApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

let engineModule: Promise<typeof bindings> | undefined;
let lastPanic: string | undefined;

/**
 * The SQL that turns `from` into `to` (a new migration, or the proof of drift), or "" when they are in sync.
 * Schema-to-schema diffs need no database; `migrationsDir` needs a shadow database (in memory for SQLite,
 * `shadowDatabaseUrl` for PostgreSQL); at most one side may be a `databaseUrl`.
 */
export async function diffSql(options: DiffOptions): Promise<string> {
  const { provider, from, to } = options;
  const databases = [from, to].filter((source) => typeof source === "object" && "databaseUrl" in source);
  if (databases.length > 1) throw new Error("diffSql compares at most one live database");
  const databaseUrl = (databases[0] as { databaseUrl: string } | undefined)?.databaseUrl;
  const session = new AdapterSession(provider, databaseUrl, options.shadowDatabaseUrl);
  const result = await withEngine(session, async (engine) =>
    engine.diff({
      from: await diffTarget(provider, from),
      to: await diffTarget(provider, to),
      script: true,
      exitCode: true,
      filters: FILTERS,
    }),
  );
  // Exit code 2 is `--exit-code`'s "there is a difference"; in sync, stdout is an "empty migration" comment.
  return result.exitCode === 2 ? (result.stdout ?? "") : "";
}

/**
 * What Prisma's engine reads from a database's `_prisma_migrations` against a migrations folder (the core
 * of `prisma migrate status`): edited and failed migrations, and whether the histories agree (`history` null).
 */
export async function migrationHistory(options: {
  provider: Provider;
  databaseUrl: string;
  migrationsDir: string;
}): Promise<MigrationHistory> {
  const { provider, databaseUrl, migrationsDir } = options;
  const session = new AdapterSession(provider, databaseUrl, undefined);
  const migrationsList = await migrationList(provider, migrationsDir);
  return withEngine(session, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: FILTERS }),
  );
}

async function withEngine<T>(session: AdapterSession, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  lastPanic = undefined;
  const factory = bindMigrationAwareSqlAdapterFactory(session);
  let engine: SchemaEngine | undefined;
  try {
    const { SchemaEngine } = await loadEngineModule();
    engine = await SchemaEngine.new({ datamodels: [[SCHEMA_PATH, session.datasource]] }, () => {}, factory);
    return await run(engine);
  } catch (error) {
    throw explain(error, factory.errorRegistry);
  } finally {
    engine?.free();
    await session.close();
  }
}

async function diffTarget(provider: Provider, source: DiffSource): Promise<DiffTarget> {
  if (source === "empty") return { tag: "empty" };
  if ("schema" in source) return { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: source.schema }] };
  if ("databaseUrl" in source) {
    const files = [{ path: SCHEMA_PATH, content: datasourceSchema(provider) }];
    return { tag: "schemaDatasource", files, configDir: process.cwd() };
  }
  return { tag: "migrations", ...(await migrationList(provider, source.migrationsDir)) };
}

async function migrationList(provider: Provider, migrationsDir: string): Promise<bindings.MigrationList> {
  const folder = await readMigrationsFolder(migrationsDir);
  return {
    baseDir: migrationsDir,
    shadowDbInitScript: "",
    lockfile: { path: "migration_lock.toml", content: folder.lockfile ?? lockfileContent(provider) },
    migrationDirectories: folder.migrations.map((migration) => ({
      path: migration.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: migration.sql } },
    })),
  };
}

function datasourceSchema(provider: Provider): string {
  return `datasource db {\n  provider = "${provider}"\n}\n`;
}

/** Loads the WASM engine once per process, the way its own (bundler-only) entry point would. */
function loadEngineModule(): Promise<typeof bindings> {
  engineModule ??= (async () => {
    const wasmPath = createRequire(import.meta.url)
      .resolve("@prisma/schema-engine-wasm/schema_engine_bg")
      .replace(/\.js$/, ".wasm");
    const imports: Record<string, unknown> = { ...bindings };
    // Its advisory-lock timeout is a 10 s timer it never clears: unref it so it cannot hold the process open.
    for (const name of Object.keys(imports).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
      imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
    }
    // The engine reports a Rust panic through this global before aborting.
    const global = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    global.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => (lastPanic = message) };
    const { instance } = await webAssembly.instantiate(await readFile(wasmPath), { "./schema_engine_bg.js": imports });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return engineModule;
}

/** Turns the engine's "External error id#N" into the adapter error it stands for. */
function explain(error: unknown, registry: ErrorRegistry): Error {
  const message = error instanceof Error ? error.message : String(error);
  const id = /External error id#(\d+)/.exec(message)?.[1];
  const cause = id === undefined ? undefined : registry.consumeError(Number(id))?.error;
  const detail = cause instanceof Error ? cause.message : cause === undefined ? lastPanic : JSON.stringify(cause);
  return new Error(`Prisma schema engine: ${message}${detail ? `\n  caused by: ${detail}` : ""}`, {
    cause: cause ?? error,
  });
}

/** The adapter factory the engine connects through; it remembers every connection so all can be closed. */
class AdapterSession implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider: "sqlite" | "postgres";
  readonly adapterName = "circolo-schema-engine";
  /** The schema the engine starts with: only the datasource matters to it. */
  readonly datasource: string;
  readonly #closers: (() => Promise<void>)[] = [];

  constructor(
    private readonly target: Provider,
    private readonly databaseUrl: string | undefined,
    private readonly shadowDatabaseUrl: string | undefined,
  ) {
    this.provider = target === "sqlite" ? "sqlite" : "postgres";
    this.datasource = datasourceSchema(target);
  }

  async connect(): Promise<SqlDriverAdapter> {
    if (this.target === "sqlite") return this.#track(await sqliteAdapter(this.databaseUrl ?? ":memory:"));
    if (this.databaseUrl) return this.#track(charAsText(await new PrismaPg(this.databaseUrl).connect()));
    return probeOnlyPostgres();
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    if (this.target === "sqlite") {
      const adapter = await sqliteAdapter(":memory:");
      const executeRaw = adapter.executeRaw.bind(adapter);
      // better-sqlite3 prepares one statement at a time; the engine replays a whole migration.sql at once.
      adapter.executeRaw = async (query: SqlQuery) => {
        if (query.args.length > 0) return executeRaw(query);
        await adapter.executeScript(query.sql);
        return 0;
      };
      return this.#track(adapter);
    }
    if (!this.shadowDatabaseUrl) throw new Error("a PostgreSQL migrations diff needs shadowDatabaseUrl");
    // adapter-pg's own connectToShadowDb lets the url's database win over the shadow one, drops the
    // database before closing its pool and never closes its admin pool: manage the shadow database here.
    const admin = new pg.Client({ connectionString: this.shadowDatabaseUrl });
    await admin.connect();
    this.#closers.push(() => admin.end());
    const name = `circolo_shadow_${randomBytes(6).toString("hex")}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    this.#closers.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
    const url = new URL(this.shadowDatabaseUrl);
    url.pathname = `/${name}`;
    const adapter = charAsText(await new PrismaPg(url.toString()).connect());
    return this.#track(adapter);
  }

  /**
   * Closes the connections the engine left open (it does not dispose them), then drops shadow databases;
   * every step runs even if an earlier one failed.
   */
  async close(): Promise<void> {
    const failures: unknown[] = [];
    for (const closer of this.#closers.splice(0).reverse()) await closer().catch((error) => failures.push(error));
    if (failures.length > 0) throw new AggregateError(failures, "could not close the schema engine's connections");
  }

  #track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    let open = true;
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (open) await dispose();
      open = false;
    };
    this.#closers.push(adapter.dispose);
    return adapter;
  }
}

/** A SQLite connection for the engine, with the functions Circolo's migrations use (replayed on shadow databases). */
async function sqliteAdapter(url: string): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaBetterSqlite3({ url }).connect();
  // The adapter keeps its better-sqlite3 connection as `client`.
  const client = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
  if (!client) throw new Error("the SQLite driver adapter no longer exposes its connection: cannot register functions");
  registerMigrationFunctions(client);
  return adapter;
}

/** Reports PostgreSQL's "char" columns as text: adapter-pg rejects them, and the engine reads pg_catalog. */
function charAsText(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const queryable = adapter as unknown as { performIO(query: SqlQuery): Promise<pg.QueryResult> };
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  return adapter;
}

/** A connection that answers only the engine's start-up probe, so schema-to-schema diffs need no server. */
function probeOnlyPostgres(): SqlDriverAdapter {
  const refuse = () => Promise.reject(new Error("this diff has no PostgreSQL database to query"));
  return {
    provider: "postgres",
    adapterName: "circolo-no-database",
    queryRaw: async (query) => {
      if (!query.sql.startsWith(POSTGRES_PROBE)) return refuse();
      return {
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, "PostgreSQL 16.0", 160000]],
      };
    },
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: refuse,
    dispose: async () => {},
  };
}
