import { createBrandApiKey } from "../src/app/cli/brand-api-key.ts";
import type { Clock } from "../src/core/ports/clock.port.ts";
import type { Repositories } from "../src/core/ports/repositories.port.ts";

/** A brand's shop: it checks the codes customers show at the counter over Circolo's HTTP endpoint. */
export class Shop {
  readonly #baseUrl: string;
  readonly #apiKey: string;

  private constructor(baseUrl: string, apiKey: string) {
    this.#baseUrl = baseUrl;
    this.#apiKey = apiKey;
  }

  /** Opens a shop with a new API key for the brand, made as `circolo brand api-key --brand <id>` makes it. */
  static async open(input: { brandId: string; port: number; repositories: Repositories; clock: Clock }): Promise<Shop> {
    const report = await createBrandApiKey({
      brandId: input.brandId,
      at: input.clock.now(),
      repositories: input.repositories,
    });
    const key = report.lines[0];
    if (report.exitCode !== 0 || !key) throw new Error(`no API key for ${input.brandId}: ${report.errors.join("; ")}`);
    return new Shop(`http://127.0.0.1:${input.port}`, key);
  }

  /** Redeems a code as a customer typed it; true when it was accepted (HTTP 200). */
  async redeem(code: string): Promise<boolean> {
    const response = await fetch(`${this.#baseUrl}/offers/redeem`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.#apiKey}`, "content-type": "application/json" },
      // Customers read codes out loud or type them in lower case with spaces: the shop sends them as typed.
      body: JSON.stringify({ code: code.toLowerCase().replaceAll("-", " ") }),
    });
    await response.arrayBuffer();
    if (response.status === 200) return true;
    if (response.status === 409 || response.status === 422) return false;
    throw new Error(`the shop could not redeem a code: HTTP ${response.status}`);
  }
}
