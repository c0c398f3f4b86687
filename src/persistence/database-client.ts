import type { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client.ts";

/**
 * The Prisma client every repository receives. Both providers' generated clients are typed as the SQLite
 * one: they come from the same schema (schema.postgres.prisma is derived from schema.prisma with only the
 * provider and output swapped), so their model APIs are structurally identical. Declared apart from
 * database.ts, which builds the repositories, so that a repository depends on the client and not on its builder.
 */
export type DatabaseClient = SqlitePrismaClient;
