// Creates the next migration for both providers: `npx tsx scripts/migration-create.ts <name>`.
// The SQL is Prisma's own diff from "what the migrations folder builds" (replayed on a shadow database) to
// the current schema, computed by the WASM schema engine: the offline equivalent of
// `prisma migrate dev --create-only`. PostgreSQL needs a server where a temporary database may be created:
// SHADOW_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { lockfileContent, type Provider } from "../src/persistence/migrations/migrator.ts";
import { diffSql } from "../src/persistence/migrations/schema-engine.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

interface Target {
  provider: Provider;
  schemaFile: string;
  migrationsDir: string;
}

const targets: Target[] = [
  { provider: "sqlite", schemaFile: "prisma/schema.prisma", migrationsDir: "prisma/migrations" },
  { provider: "postgresql", schemaFile: "prisma/schema.postgres.prisma", migrationsDir: "prisma/migrations-postgres" },
];

/** Prisma's folder timestamp: UTC, YYYYMMDDHHMMSS. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

/** The name part of the folder, as `prisma migrate dev` would accept it: lower-case words joined by "_". */
function folderName(raw: string | undefined): string {
  const name = (raw ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!name) throw new Error("usage: npx tsx scripts/migration-create.ts <name>  (for example add_member_locale)");
  return name;
}

async function ensurePostgresSchemaIsCurrent(): Promise<void> {
  // Not a literal specifier: the generator is plain JavaScript without type declarations.
  const generator = new URL("./prisma-generate.mjs", import.meta.url).href;
  const { derivePostgresSchema } = (await import(generator)) as { derivePostgresSchema(text: string): string };
  const expected = derivePostgresSchema(await readFile(join(root, "prisma/schema.prisma"), "utf8"));
  const actual = await readFile(join(root, "prisma/schema.postgres.prisma"), "utf8").catch(() => "");
  if (actual !== expected) {
    throw new Error("prisma/schema.postgres.prisma is out of date: run `npm run db:generate` first");
  }
}

async function main(): Promise<void> {
  const name = `${timestamp(new Date())}_${folderName(process.argv[2])}`;
  await ensurePostgresSchemaIsCurrent();
  const shadowDatabaseUrl = process.env.SHADOW_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  // Compute every provider's SQL before writing anything, so a failure leaves both folders untouched.
  const planned: { target: Target; sql: string }[] = [];
  for (const target of targets) {
    const sql = await diffSql({
      provider: target.provider,
      from: { migrationsDir: join(root, target.migrationsDir) },
      to: { schema: await readFile(join(root, target.schemaFile), "utf8") },
      shadowDatabaseUrl,
    });
    planned.push({ target, sql });
  }
  for (const { target, sql } of planned) {
    const dir = join(root, target.migrationsDir);
    if (!sql) {
      console.log(`${target.provider}: ${target.migrationsDir} already matches ${target.schemaFile}; nothing written`);
      continue;
    }
    await mkdir(join(dir, name), { recursive: true });
    await writeFile(join(dir, "migration_lock.toml"), lockfileContent(target.provider), { flag: "wx" }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      },
    );
    const file = join(dir, name, "migration.sql");
    await writeFile(file, sql);
    console.log(`${target.provider}: wrote ${relative(root, file)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
