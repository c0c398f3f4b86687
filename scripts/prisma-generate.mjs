// Generates the two Prisma clients (SQLite and PostgreSQL) without Prisma's native engine download.
// prisma/schema.prisma is the only schema edited by hand; the PostgreSQL schema is derived from it here.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sqliteSchema = join(root, "prisma", "schema.prisma");
const postgresSchema = join(root, "prisma", "schema.postgres.prisma");

/** The PostgreSQL schema: the SQLite one with its provider and client output swapped. */
export function derivePostgresSchema(text) {
  const out = text
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(
      'output       = "../src/persistence/generated/sqlite"',
      'output       = "../src/persistence/generated/postgres"',
    );
  if (out === text || !out.includes("generated/postgres") || !out.includes('"postgresql"')) {
    throw new Error("prisma/schema.prisma no longer has the provider/output lines this script rewrites");
  }
  return `// GENERATED from schema.prisma by scripts/prisma-generate.mjs: do not edit.\n${out}`;
}

/** The prisma CLI downloads a native schema engine unless this points at an existing file; generate only needs WASM. */
export function ensureEngineStub() {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY && existsSync(process.env.PRISMA_SCHEMA_ENGINE_BINARY)) return;
  const stub = join(root, "node_modules", ".cache", "circolo", "schema-engine-stub");
  mkdirSync(dirname(stub), { recursive: true });
  writeFileSync(
    stub,
    "#!/bin/sh\necho 'native schema engine not installed: Circolo migrates with its own migrator' >&2\nexit 1\n",
  );
  chmodSync(stub, 0o755);
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}

function main() {
  const derived = derivePostgresSchema(readFileSync(sqliteSchema, "utf8"));
  if (!existsSync(postgresSchema) || readFileSync(postgresSchema, "utf8") !== derived) {
    writeFileSync(postgresSchema, derived);
  }
  ensureEngineStub();
  const prisma = join(root, "node_modules", ".bin", "prisma");
  for (const schema of [sqliteSchema, postgresSchema]) {
    execFileSync(prisma, ["generate", "--schema", schema], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    });
  }
  console.log("circolo: generated the Prisma clients for SQLite and PostgreSQL");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
