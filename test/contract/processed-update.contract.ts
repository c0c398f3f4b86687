import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MakeRepositories, RepositoryHarness } from "./harness.ts";

/** The ProcessedUpdateRepository contract. */
export function describeProcessedUpdateContract(makeRepos: MakeRepositories): void {
  describe("ProcessedUpdateRepository", () => {
    let harness: RepositoryHarness;
    beforeAll(async () => {
      harness = await makeRepos();
    });
    afterAll(() => harness?.close());
    const now = new Date("2026-03-01T12:00:00Z");

    it("handles a redelivered update at most once", async () => {
      const updateId = randomUUID();
      expect(await harness.repositories.processedUpdates.markProcessed("telegram", updateId, now)).toBe(true);
      expect(await harness.repositories.processedUpdates.markProcessed("telegram", updateId, now)).toBe(false);
      expect(await harness.repositories.processedUpdates.markProcessed("telegram", updateId, new Date())).toBe(false);
    });

    it("treats the same update id on the other platform as a different update", async () => {
      const updateId = randomUUID();
      expect(await harness.repositories.processedUpdates.markProcessed("telegram", updateId, now)).toBe(true);
      expect(await harness.repositories.processedUpdates.markProcessed("discord", updateId, now)).toBe(true);
    });

    it("lets exactly one of several instances receiving the same update at once handle it", async () => {
      const updateId = randomUUID();
      const other = await harness.connectAgain();
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 === 0 ? harness.repositories : other).processedUpdates.markProcessed("discord", updateId, now),
        ),
      );
      expect(answers.filter(Boolean)).toHaveLength(1);
    });

    it("forgets only updates older than the cutoff, which may then be handled again", async () => {
      // Years no other test uses, so the count is this test's alone.
      const old = [randomUUID(), randomUUID()];
      const recent = randomUUID();
      await harness.repositories.processedUpdates.markProcessed("telegram", old[0]!, new Date("2001-01-01T00:00:00Z"));
      await harness.repositories.processedUpdates.markProcessed("discord", old[1]!, new Date("2001-06-01T00:00:00Z"));
      await harness.repositories.processedUpdates.markProcessed("telegram", recent, new Date("2001-06-02T00:00:00Z"));

      expect(await harness.repositories.processedUpdates.prune(new Date("2001-06-02T00:00:00Z"))).toBe(2);
      expect(await harness.repositories.processedUpdates.prune(new Date("2001-06-02T00:00:00Z"))).toBe(0);
      expect(await harness.repositories.processedUpdates.markProcessed("telegram", old[0]!, now)).toBe(true);
      expect(await harness.repositories.processedUpdates.markProcessed("telegram", recent, now)).toBe(false);
    });
  });
}
