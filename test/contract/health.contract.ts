import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MakeRepositories, RepositoryHarness } from "./harness.ts";

/** The HealthCheck contract (what an unreachable database answers is covered per implementation). */
export function describeHealthContract(makeRepos: MakeRepositories): void {
  describe("HealthCheck", () => {
    let harness: RepositoryHarness;
    beforeAll(async () => {
      harness = await makeRepos();
    });
    afterAll(() => harness?.close());

    it("answers a ping while the storage is up", async () => {
      expect(await harness.repositories.health.ping()).toBe(true);
    });
  });
}
