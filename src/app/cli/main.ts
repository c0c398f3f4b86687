import { Command } from "commander";
import { applyMigrations } from "../../persistence/migrations/migrator.ts";
import { migrationsDir } from "../app.ts";
import { databaseUrl, parseConfig, readEnvironment } from "../config.ts";

/** The `circolo` command line; each later capability adds its subcommand here. */
const program = new Command()
  .name("circolo")
  .description("Circolo: engagement for brand micro-communities on Discord and Telegram")
  .showHelpAfterError();

program
  .command("migrate")
  .description("apply pending database migrations (the bot also does this at start)")
  .action(async () => {
    const parsed = parseConfig(readEnvironment());
    if (!parsed.ok) {
      for (const line of parsed.problems) console.error(line);
      process.exit(2);
    }
    const url = databaseUrl(parsed.config);
    const provider = /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
    const applied = await applyMigrations({ provider, url, migrationsDir: migrationsDir(provider) });
    console.log(applied.length > 0 ? `applied: ${applied.join(", ")}` : "database is up to date");
  });

await program.parseAsync();
