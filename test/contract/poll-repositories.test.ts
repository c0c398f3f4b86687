// Runs the poll feature's repository contracts against each implementation: in memory, SQLite, and
// PostgreSQL when TEST_DATABASE_URL names a server. Each test gets a fresh, migrated database.
import { describe } from "vitest";
import { testProviders } from "../support/test-database.ts";
import { describeDeliveryContract } from "./delivery.contract.ts";
import { describePollContract } from "./poll.contract.ts";
import { type MakePollHarness, pollsInMemory, pollsOnDatabase } from "./poll-harness.ts";

const implementations: [string, MakePollHarness][] = [
  ["in-memory", pollsInMemory],
  ...testProviders().map((provider): [string, MakePollHarness] => [provider, pollsOnDatabase(provider)]),
];

describe.each(implementations)("%s poll repositories", (_name, make) => {
  describePollContract(make);
  describeDeliveryContract(make);
});
