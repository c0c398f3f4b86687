import { describe, expect, it } from "vitest";
import { privacyEn } from "../../../src/core/privacy/privacy.catalogue.en.ts";
import { privacyIt } from "../../../src/core/privacy/privacy.catalogue.it.ts";
import { createInMemoryRepositories } from "../../../src/persistence/repositories/in-memory/in-memory-repositories.ts";

describe("the /privacy panel's list of what is kept", () => {
  it("names every kind of personal data in words, in English and Italian", () => {
    const sections = createInMemoryRepositories()
      .personalData.filter((source) => source.exported !== false)
      .map((source) => source.name);
    expect(sections.length).toBeGreaterThan(5);
    const en: Record<string, string> = privacyEn.section;
    const it: Record<string, string> = privacyIt.section;
    for (const section of sections) {
      expect({ section, en: en[section] ?? null }).not.toEqual({ section, en: null });
      expect({ section, it: it[section] ?? null }).not.toEqual({ section, it: null });
      expect(it[section]).not.toBe(en[section]);
    }
  });
});
