import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseDotenv } from "dotenv";
import { z } from "zod";
import { isValidTimeZone } from "../core/time/local-time.ts";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

const urlWithoutTrailingSlash = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) => v.trim().replace(/\/+$/, ""))
    .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }));

/**
 * Every setting Circolo reads from the environment, parsed once at start. Values of secrets are
 * never echoed in error messages (see formatConfigErrors).
 */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    CIRCOLO_DATA_DIR: z.string().default("./data"),
    DATABASE_URL: z
      .string()
      .optional()
      .refine((v) => !v || /^(file:|postgres(ql)?:\/\/)/.test(v), {
        error: "must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL)",
      }),
    CIRCOLO_SECRET: optionalString.refine((v) => !v || v.length >= 32, {
      error: "must be at least 32 characters (generate one with: openssl rand -base64 48)",
    }),
    TELEGRAM_BOT_TOKEN: optionalString.refine((v) => !v || /^\d+:[A-Za-z0-9_-]{20,}$/.test(v), {
      error: "does not look like a BotFather token (<digits>:<letters>)",
    }),
    TELEGRAM_API_ROOT: urlWithoutTrailingSlash("https://api.telegram.org"),
    TELEGRAM_WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    TELEGRAM_WEBHOOK_SECRET: optionalString.refine((v) => !v || /^[A-Za-z0-9_-]{16,256}$/.test(v), {
      error: "must be 16-256 characters of A-Z, a-z, 0-9, _ and -",
    }),
    DISCORD_TOKEN: optionalString,
    DISCORD_API_ROOT: urlWithoutTrailingSlash("https://discord.com/api"),
    DISCORD_GUILD_IDS: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^\d{17,20}$/, "must be a comma-separated list of guild ids (snowflakes)"))),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    HOST: z.string().min(1).default("0.0.0.0"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    DEFAULT_LOCALE: z.enum(["en", "it"]).default("en"),
    DEFAULT_TIMEZONE: z
      .string()
      .default("UTC")
      .refine(isValidTimeZone, { error: "must be an IANA time zone such as Europe/Rome" }),
    DEFAULT_BRAND_NAME: z.string().min(1).max(100).default("My brand"),
    SCHEDULER_GRACE_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(15),
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  })
  // Checked even when other variables are wrong, so one start reports every problem at once.
  .refine((c) => !c.TELEGRAM_WEBHOOK_URL || Boolean(c.TELEGRAM_WEBHOOK_SECRET), {
    path: ["TELEGRAM_WEBHOOK_SECRET"],
    error: "is required when TELEGRAM_WEBHOOK_URL is set",
    when: (payload) => typeof payload.value === "object" && payload.value !== null,
  });

/** The parsed environment. */
export type Config = z.infer<typeof configSchema>;

/** Reads `.env` from the working folder, if present; real environment variables win. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Record<string, string> {
  const file = resolve(cwd, ".env");
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  const merged: Record<string, string> = { ...fromFile };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return merged;
}

/** Parses the environment; on failure returns one line per problem, naming the variable but never its value. */
export function parseConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, problems: formatConfigErrors(parsed.error.issues) };
}

function formatConfigErrors(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map(
    (issue) => `circolo: configuration error: ${issue.path.join(".") || "environment"} ${issue.message}`,
  );
}

/** The SQLite database used when DATABASE_URL is not set. */
export function databaseUrl(config: Config): string {
  return config.DATABASE_URL ?? `file:${resolve(config.CIRCOLO_DATA_DIR, "circolo.db")}`;
}

/** The secret values a log line must never contain. */
export function secretValues(config: Config, secret: string): string[] {
  return [secret, config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_WEBHOOK_SECRET, config.DISCORD_TOKEN].filter(
    (v): v is string => typeof v === "string" && v.length >= 8,
  );
}
