import { describe, expect, it } from "vitest";
import { databaseUrl, parseConfig } from "../../../src/app/config.ts";

describe("configuration", () => {
  it("starts with no configuration at all on the embedded SQLite default", () => {
    const parsed = parseConfig({});
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.config.PORT).toBe(8080);
    expect(databaseUrl(parsed.config)).toMatch(/^file:\/.*\/data\/circolo\.db$/);
    expect(parsed.config.TELEGRAM_API_ROOT).toBe("https://api.telegram.org");
    expect(parsed.config.DISCORD_API_ROOT).toBe("https://discord.com/api");
  });

  it("accepts PostgreSQL URLs in both spellings", () => {
    for (const url of ["postgres://u@h:5432/db", "postgresql://u@h/db"]) {
      const parsed = parseConfig({ DATABASE_URL: url });
      expect(parsed.ok && databaseUrl(parsed.config)).toBe(url);
    }
  });

  it("reports one line per problem and never echoes a secret's value", () => {
    const parsed = parseConfig({
      DATABASE_URL: "mysql://x",
      CIRCOLO_SECRET: "short-secret-value",
      PORT: "eighty",
      DEFAULT_TIMEZONE: "Mars/Olympus",
      TELEGRAM_WEBHOOK_URL: "https://bot.example.com/telegram",
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const text = parsed.problems.join("\n");
    expect(parsed.problems).toHaveLength(5);
    for (const name of ["DATABASE_URL", "CIRCOLO_SECRET", "PORT", "DEFAULT_TIMEZONE", "TELEGRAM_WEBHOOK_SECRET"]) {
      expect(text).toContain(name);
    }
    expect(text).not.toContain("short-secret-value");
  });

  it("strips a trailing slash from API roots, which grammY would refuse", () => {
    const parsed = parseConfig({
      TELEGRAM_API_ROOT: "http://127.0.0.1:9000/",
      DISCORD_API_ROOT: "http://127.0.0.1:9001/api/",
    });
    expect(parsed.ok && parsed.config.TELEGRAM_API_ROOT).toBe("http://127.0.0.1:9000");
    expect(parsed.ok && parsed.config.DISCORD_API_ROOT).toBe("http://127.0.0.1:9001/api");
  });

  it("reads development guild ids as a list", () => {
    const parsed = parseConfig({ DISCORD_GUILD_IDS: "123456789012345678, 223456789012345678" });
    expect(parsed.ok && parsed.config.DISCORD_GUILD_IDS).toEqual(["123456789012345678", "223456789012345678"]);
    expect(parseConfig({ DISCORD_GUILD_IDS: "my-guild" }).ok).toBe(false);
  });
});
