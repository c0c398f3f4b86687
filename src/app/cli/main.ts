import { Command, Option } from "commander";
import type { Database } from "../../persistence/database.ts";
import type { CronScheduler } from "../../scheduling/cron-scheduler.ts";
import { version } from "../version.ts";
import type { BenchmarkExportOptions } from "./benchmark-cli.ts";
import type { CliReport } from "./community-cli.ts";
import { type DigestCliOptions, digestFormats } from "./digest-options.ts";

// Each command imports what it needs when it runs, so `--help`, `--version` and a command without charts load
// neither Prisma nor Vega: a CLI call is meant to take well under a second.
/** The `circolo` command line; each later capability adds its subcommand here. */
const program = new Command()
  .name("circolo")
  .description("Circolo: engagement for brand micro-communities on Discord and Telegram")
  .version(version, "-V, --version", "print the version")
  .showHelpAfterError();

program
  .command("migrate")
  .description("apply pending database migrations (the bot also does this at start)")
  .action(async () => {
    const [{ databaseUrl, parseConfig, readEnvironment }, { applyMigrations }, { migrationsDir }] = await Promise.all([
      import("../config.ts"),
      import("../../persistence/migrations/migrator.ts"),
      import("../project-root.ts"),
    ]);
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
    const [{ cliConfig, withDatabase }, { applyCampaignFile }] = await Promise.all([
      import("./cli-database.ts"),
      import("./campaign-apply.ts"),
    ]);
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
  .action(async () => {
    const { campaignFileJsonSchema } = await import("../../core/campaigns/campaign-file.schema.ts");
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
    const { runDigestCommand } = await import("./digest-cli.ts");
    process.exitCode = await runDigestCommand(options);
  });

const benchmarkCli = () => import("./benchmark-cli.ts");
const benchmark = program
  .command("benchmark")
  .description("anonymous benchmark snapshots: peers for the digest's verdict, shared between deployments");

benchmark
  .command("export")
  .description("write the anonymous weekly figures of the opted-in communities (no ids, no names, k-anonymous) as JSON")
  .requiredOption("--week <week>", "an ISO week such as 2026-W47")
  .option("--source <name>", "the publisher's name, as importing digests will say it", "Circolo benchmark")
  .option("--epsilon <ε>", "add Laplace noise of scale 1/ε to every count (differential privacy; smaller is noisier)")
  .option("--out <path>", "write to this file instead of stdout")
  .action(async (options: BenchmarkExportOptions) => {
    const { runBenchmarkExport } = await benchmarkCli();
    process.exitCode = await runBenchmarkExport(options);
  });

benchmark
  .command("import")
  .description("validate a snapshot file and add its communities to the peers of the digests of its week")
  .argument("<file>", "the snapshot, as benchmark export wrote it")
  .action(async (file: string) => {
    const { runBenchmarkImport } = await benchmarkCli();
    process.exitCode = await runBenchmarkImport(file);
  });

benchmark
  .command("list")
  .description("the imported snapshots: week, source, communities, k and noise")
  .action(async () => {
    const { runBenchmarkList } = await benchmarkCli();
    process.exitCode = await runBenchmarkList();
  });

benchmark
  .command("remove")
  .description("remove an imported snapshot: its communities stop being peers")
  .requiredOption("--source <name>", "the snapshot's source, as benchmark list shows it")
  .requiredOption("--week <week>", "the snapshot's week, such as 2026-W47")
  .action(async (options: { source: string; week: string }) => {
    const { runBenchmarkRemove } = await benchmarkCli();
    process.exitCode = await runBenchmarkRemove(options);
  });

benchmark
  .command("schema")
  .description("print the JSON Schema of benchmark snapshots")
  .action(async () => {
    const { benchmarkSnapshotJsonSchema } = await import("../../core/digest/benchmark/benchmark-snapshot.schema.ts");
    console.log(JSON.stringify(benchmarkSnapshotJsonSchema(), null, 2));
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
    const { runOfferVerify } = await import("./offer-verify.ts");
    process.exitCode = await runOfferVerify(code, options);
  });

/** The brand and community commands' module. */
const communityCli = () => import("./community-cli.ts");

/** Runs a CLI report against the configured database, prints it and sets the exit code. */
async function report(run: (db: Database, scheduler: CronScheduler) => Promise<CliReport>): Promise<void> {
  const { cliConfig, withDatabase } = await import("./cli-database.ts");
  const result = await withDatabase(cliConfig(), run);
  for (const line of result.lines) console.log(line);
  for (const line of result.errors) console.error(line);
  process.exitCode = result.exitCode;
}

const brand = program.command("brand").description("brands, their communities and their shops' access");

brand
  .command("create")
  .description("create a brand; then move its communities to it with: circolo community set <id> --brand <brand>")
  .requiredOption("--id <id>", "a short id: lower-case letters, digits and hyphens")
  .requiredOption("--name <name>", "the brand's name as marketers read it")
  .action((options: { id: string; name: string }) =>
    report(async (db) => (await communityCli()).createBrand(options, db.repositories)),
  );

brand
  .command("list")
  .description("every brand and how many communities it has")
  .action(() => report(async (db) => (await communityCli()).listBrands(db.repositories)));

const community = program.command("community").description("the Discord servers and Telegram groups the bot serves");

community
  .command("list")
  .description("communities with their brand, time zone and language")
  .option("--brand <id>", "only this brand's")
  .action((options: { brand?: string }) =>
    report(async (db) => (await communityCli()).listCommunities(options.brand, db.repositories)),
  );

community
  .command("set")
  .description("change a community's brand, time zone, language, quiet hours, caps and privacy threshold")
  .argument("<community>", "the community's id (see: circolo community list)")
  .option("--brand <id>", "the brand it belongs to (its digest's peers are other brands' communities)")
  .option("--time-zone <zone>", "an IANA time zone such as Europe/Rome")
  .option("--locale <locale>", "the community's language: en or it")
  .option("--quiet-hours <range>", "HH:MM-HH:MM in local time, or off")
  .option("--weekly-cap <n>", "direct prompts a member may receive per week (0-50)")
  .option("--k-anonymity <k>", "smallest group a report may show (2-100)")
  .option(
    "--benchmark <on|off>",
    "whether its anonymous figures may be compared with peer communities and go into benchmark exports",
  )
  .option("--moderator-roles <ids>", "comma-separated role ids whose holders are moderators (Discord)")
  .action((id: string, options: Record<string, string>) =>
    report(async (db, scheduler) =>
      (await communityCli()).setCommunity(id, options, { repositories: db.repositories, scheduler }),
    ),
  );

brand
  .command("api-key")
  .description("create an API key with which the brand's shops redeem offer codes (POST /offers/redeem)")
  .requiredOption("--brand <id>", "the brand")
  .action(async (options: { brand: string }) => {
    const { runBrandApiKey } = await import("./brand-api-key.ts");
    process.exitCode = await runBrandApiKey(options);
  });

program
  .command("privacy")
  .description("what Circolo keeps about people")
  .command("audit")
  .description("check every table against consent, contact and retention rules; exits 1 on any violation")
  .action(async () => {
    const [{ cliConfig }, { privacyAuditCommand }] = await Promise.all([
      import("./cli-database.ts"),
      import("./privacy-audit.ts"),
    ]);
    process.exitCode = await privacyAuditCommand({ config: cliConfig(), at: new Date(), out: (l) => console.log(l) });
  });

await program.parseAsync();
