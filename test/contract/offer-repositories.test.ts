// Runs the offer repository contract against each implementation: in memory, SQLite, and PostgreSQL when
// TEST_DATABASE_URL names a server. Each test gets a fresh, migrated database.
import { describe } from "vitest";
import { testProviders } from "../support/test-database.ts";
import { describeOfferContract } from "./offer.contract.ts";
import { type MakeOfferHarness, offersInMemory, offersOnDatabase } from "./offer-harness.ts";

const implementations: [string, MakeOfferHarness][] = [
  ["in-memory", offersInMemory],
  ...testProviders().map((provider): [string, MakeOfferHarness] => [provider, offersOnDatabase(provider)]),
];

describe.each(implementations)("%s offer repositories", (_name, make) => {
  describeOfferContract(make);
});
