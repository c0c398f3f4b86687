import { type PrivacyAuditReport, runPrivacyAudit } from "../../core/privacy/privacy-audit.ts";
import type { Config } from "../config.ts";
import { withDatabase } from "./cli-database.ts";

/** The audit as lines for a terminal: the tables, then one line per check, then the verdict. */
export function formatAuditReport(report: PrivacyAuditReport): string[] {
  const { tables } = report;
  const lines = [
    `circolo privacy audit at ${report.at.toISOString()} (retention ${report.retentionDays} days)`,
    `tables: ${tables.total} (${tables.personLinked.length} person-linked, ${tables.personFree.length} person-free, ${tables.unclassified.length} unclassified)`,
  ];
  for (const table of tables.unclassified) {
    lines.push(`  FAIL  ${table}: not declared person-free and no personal-data source answers for it`);
  }
  for (const check of report.checks) {
    lines.push(
      check.violations === 0
        ? `  ok    ${check.table}: ${check.rule}`
        : `  FAIL  ${check.table}: ${check.rule} (${check.violations} violating)`,
    );
  }
  lines.push(
    report.violations === 0
      ? "passed: no violation"
      : `failed: ${report.violations} violation${report.violations === 1 ? "" : "s"}`,
  );
  return lines;
}

/** `circolo privacy audit`: prints the summary; the exit code is 0 when it passed, 1 on any violation. */
export async function privacyAuditCommand(input: {
  config: Config;
  at: Date;
  out: (line: string) => void;
}): Promise<number> {
  const report = await withDatabase(input.config, (db) =>
    runPrivacyAudit({
      sources: db.repositories.personalData,
      privacy: db.repositories.privacy,
      at: input.at,
      retentionDays: input.config.RETENTION_DAYS,
    }),
  );
  for (const line of formatAuditReport(report)) input.out(line);
  return report.violations === 0 ? 0 : 1;
}
