import { Command, Option } from "commander";
import { campaignFileJsonSchema } from "../../core/campaigns/campaign-file.schema.ts";
import { applyMigrations } from "../../persistence/migrations/migrator.ts";
import { migrationsDir } from "../app.ts";
import { databaseUrl, parseConfig, readEnvironment } from "../config.ts";
import { runBrandApiKey } from "./brand-api-key.ts";
import { applyCampaignFile } from "./campaign-apply.ts";
import { cliConfig, withDatabase } from "./cli-database.ts";
import { type DigestCliOptions, digestFormats, runDigestCommand } from "./digest-cli.ts";
import { runOfferVerify } from "./offer-verify.ts";
import { privacyAuditCommand } from "./privacy-audit.ts";

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

program
  .command("digest")
  .description("the weekly digest of a brand or a community, as Markdown, JSON, CSV or HTML")
  .option("--brand <id>", "every community of the brand, on both platforms")
  .option("--community <id>", "one community")
  .option("--week <week>", "an ISO week such as 2026-W48 (default: the last full week)")
  .addOption(new Option("--format <format>", "md, json, csv or html").choices(digestFormats).default("md"))
  .option("--out <path>", "write to this file (Markdown charts go beside it as PNG) instead of stdout")
  .action(async (options: DigestCliOptions) => {
    process.exitCode = await runDigestCommand(options);
  });

program
  .command("offer")
  .description("offers with codes a shop can check offline")
  .command("verify")
  .description("check a signed offer code: prints valid, invalid or expired, and the offer")
  .argument("<code>", "the code, as printed or typed (capitals, spaces and hyphens do not matter)")
  .option("--public-key <key>", "check offline against this public key alone (from GET /offers/public-key)")
  .option("--brand <id>", "the brand whose key to use when the code's offer is not in this database")
  .action(async (code: string, options: { publicKey?: string; brand?: string }) => {
    process.exitCode = await runOfferVerify(code, options);
  });

program
  .command("brand")
  .description("brands and their shops' access")
  .command("api-key")
  .description("create an API key with which the brand's shops redeem offer codes (POST /offers/redeem)")
  .requiredOption("--brand <id>", "the brand")
  .action(async (options: { brand: string }) => {
    process.exitCode = await runBrandApiKey(options);
  });

program
  .command("privacy")
  .description("what Circolo keeps about people")
  .command("audit")
  .description("check every table against consent, contact and retention rules; exits 1 on any violation")
  .action(async () => {
    process.exitCode = await privacyAuditCommand({ config: cliConfig(), at: new Date(), out: (l) => console.log(l) });
  });

await program.parseAsync();
