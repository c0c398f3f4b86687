import { Command } from "commander";
import { campaignFileJsonSchema } from "../../core/campaigns/campaign-file.schema.ts";
import { applyMigrations } from "../../persistence/migrations/migrator.ts";
import { migrationsDir } from "../app.ts";
import { databaseUrl, parseConfig, readEnvironment } from "../config.ts";
import { applyCampaignFile } from "./campaign-apply.ts";
import { cliConfig, withDatabase } from "./cli-database.ts";

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

const campaign = program.command("campaign").description("brand campaign plans kept as files");

campaign
  .command("apply")
  .description("validate a YAML or JSON campaign file, show what would change and the next runs, then apply it")
  .argument("<file>", "the campaign file")
  .option("--dry-run", "show what would change without applying anything")
  .action(async (file: string, options: { dryRun?: boolean }) => {
    const config = cliConfig();
    const code = await withDatabase(config, (db, scheduler) =>
      applyCampaignFile({
        path: file,
        dryRun: options.dryRun ?? false,
        repositories: db.repositories,
        scheduler,
        now: new Date(),
        out: { line: (text) => console.log(text), error: (text) => console.error(text) },
      }),
    );
    process.exitCode = code;
  });

campaign
  .command("schema")
  .description("print the JSON Schema of campaign files (for editor completion)")
  .action(() => {
    console.log(JSON.stringify(campaignFileJsonSchema(), null, 2));
  });

await program.parseAsync();
