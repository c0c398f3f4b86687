import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MakeRepositories, RepositoryHarness } from "./harness.ts";

/** The BrandRepository contract. */
export function describeBrandContract(makeRepos: MakeRepositories): void {
  describe("BrandRepository", () => {
    let harness: RepositoryHarness;
    beforeAll(async () => {
      harness = await makeRepos();
    });
    afterAll(() => harness?.close());

    it("creates a brand and finds it by id", async () => {
      const id = `brand-${randomUUID()}`;
      expect(await harness.repositories.brands.create({ id, name: "Acme" })).toEqual({ id, name: "Acme" });
      expect(await harness.repositories.brands.get(id)).toEqual({ id, name: "Acme" });
    });

    it("answers null for a brand it does not know", async () => {
      expect(await harness.repositories.brands.get(`brand-${randomUUID()}`)).toBeNull();
    });

    it("refuses a second brand with the same id and keeps the first", async () => {
      const id = `brand-${randomUUID()}`;
      await harness.repositories.brands.create({ id, name: "First" });
      await expect(harness.repositories.brands.create({ id, name: "Second" })).rejects.toThrow();
      expect(await harness.repositories.brands.get(id)).toEqual({ id, name: "First" });
    });

    it("lists every brand", async () => {
      const ids = [`brand-${randomUUID()}`, `brand-${randomUUID()}`];
      for (const id of ids) await harness.repositories.brands.create({ id, name: id });
      const listed = await harness.repositories.brands.list();
      expect(listed).toEqual(expect.arrayContaining(ids.map((id) => ({ id, name: id }))));
    });
  });
}
