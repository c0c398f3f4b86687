import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MakeRepositories, RepositoryHarness } from "./harness.ts";

/** The SystemSettingRepository contract. */
export function describeSystemSettingContract(makeRepos: MakeRepositories): void {
  describe("SystemSettingRepository", () => {
    let harness: RepositoryHarness;
    beforeAll(async () => {
      harness = await makeRepos();
    });
    afterAll(() => harness?.close());

    it("answers null for a key never set", async () => {
      expect(await harness.repositories.settings.get(`key-${randomUUID()}`)).toBeNull();
    });

    it("returns the last value set for a key", async () => {
      const key = `key-${randomUUID()}`;
      await harness.repositories.settings.set(key, "first");
      expect(await harness.repositories.settings.get(key)).toBe("first");
      await harness.repositories.settings.set(key, "second");
      expect(await harness.repositories.settings.get(key)).toBe("second");
    });

    it("lets two instances set a new key at the same moment", async () => {
      const key = `key-${randomUUID()}`;
      const other = await harness.connectAgain();
      await Promise.all([harness.repositories.settings.set(key, "a"), other.settings.set(key, "b")]);
      expect(["a", "b"]).toContain(await harness.repositories.settings.get(key));
    });
  });
}
