import { BrandApiKeys } from "../../core/offers/brand-api-keys.ts";
import type { Repositories } from "../../core/ports/repositories.port.ts";
import { cliConfig, withDatabase } from "./cli-database.ts";

/** What `circolo brand api-key` prints, and how it exits. */
export interface ApiKeyReport {
  readonly exitCode: number;
  readonly lines: readonly string[];
  readonly errors: readonly string[];
}

/** Creates an API key for the brand; the key is in the report and is never shown again. */
export async function createBrandApiKey(input: {
  brandId: string;
  at: Date;
  repositories: Pick<Repositories, "brands" | "brandApiKeys">;
}): Promise<ApiKeyReport> {
  const { repositories } = input;
  if (!(await repositories.brands.get(input.brandId))) {
    const known = (await repositories.brands.list()).map((b) => b.id);
    return {
      exitCode: 1,
      lines: [],
      errors: [`no brand "${input.brandId}"; brands here: ${known.length > 0 ? known.join(", ") : "none yet"}`],
    };
  }
  const created = await new BrandApiKeys(repositories.brandApiKeys).create(input.brandId, input.at);
  return {
    exitCode: 0,
    lines: [
      created.key,
      "",
      `This is the API key of brand "${input.brandId}" for POST /offers/redeem. It is shown only now: keep it safe.`,
      "Send it as: Authorization: Bearer <key>",
    ],
    errors: [],
  };
}

/** `circolo brand api-key --brand <id>`: prints a new key, returns the exit code. */
export async function runBrandApiKey(options: { brand: string }): Promise<number> {
  const report = await withDatabase(cliConfig(), (db) =>
    createBrandApiKey({ brandId: options.brand, at: new Date(), repositories: db.repositories }),
  );
  for (const line of report.lines) console.log(line);
  for (const line of report.errors) console.error(line);
  return report.exitCode;
}
