import pino, { type DestinationStream, type LoggerOptions } from "pino";

/** Field paths whose values are always replaced, wherever they appear in a log line. */
export const redactedPaths = [
  "token",
  "*.token",
  "secret",
  "*.secret",
  "password",
  "*.password",
  "apiKey",
  "*.apiKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  'headers["x-telegram-bot-api-secret-token"]',
  "req.headers.authorization",
  'req.headers["x-telegram-bot-api-secret-token"]',
  "CIRCOLO_SECRET",
  "TELEGRAM_BOT_TOKEN",
  "TELEGRAM_WEBHOOK_SECRET",
  "DISCORD_TOKEN",
  "*.CIRCOLO_SECRET",
  "*.TELEGRAM_BOT_TOKEN",
  "*.TELEGRAM_WEBHOOK_SECRET",
  "*.DISCORD_TOKEN",
];

const CENSOR = "[redacted]";

function scrub(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === "string") {
    let out = value;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(CENSOR);
    return out;
  }
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return scrub(pino.stdSerializers.err(value), secrets, depth + 1);
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, secrets, depth + 1);
  return out;
}

/**
 * The process logger: JSON lines by default, pretty in development. Known secret paths are redacted,
 * and the values of configured secrets are scrubbed from every string (error messages from platform
 * libraries may quote a URL holding the bot token).
 */
export function createLogger(options: {
  level: string;
  pretty: boolean;
  secrets: readonly string[];
  destination?: DestinationStream;
}): pino.Logger {
  const secrets = options.secrets.filter((s) => s.length >= 8);
  const config: LoggerOptions = {
    level: options.level,
    base: { app: "circolo" },
    redact: { paths: redactedPaths, censor: CENSOR },
    serializers: { err: pino.stdSerializers.err },
    formatters: {
      log: (object) => (secrets.length > 0 ? (scrub(object, secrets) as Record<string, unknown>) : object),
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = secrets.length > 0 ? args.map((a) => scrub(a, secrets)) : args;
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  if (options.destination) return pino(config, options.destination);
  if (options.pretty) {
    return pino({
      ...config,
      transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l" } },
    });
  }
  return pino(config);
}
