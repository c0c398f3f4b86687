import { describe, expect, it } from "vitest";
import { isTransientDatabaseError } from "../../../src/persistence/transient-error.ts";

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("telling a database briefly out of reach from a bug", () => {
  it("takes a locked SQLite file, an unreachable or restarting server and a dropped connection as transient", () => {
    expect(isTransientDatabaseError(coded("database is locked", "SQLITE_BUSY"))).toBe(true);
    expect(isTransientDatabaseError(coded("Can't reach database server", "P1001"))).toBe(true);
    expect(isTransientDatabaseError(coded("terminating connection due to administrator command", "57P01"))).toBe(true);
    expect(
      isTransientDatabaseError(new Error("query failed", { cause: coded("connect ECONNREFUSED", "ECONNREFUSED") })),
    ).toBe(true);
    expect(isTransientDatabaseError(Object.assign(new Error("driver"), { kind: "ConnectionClosed" }))).toBe(true);
  });

  it("takes constraint violations, programming errors and non-errors as not transient", () => {
    expect(isTransientDatabaseError(coded("Unique constraint failed", "P2002"))).toBe(false);
    expect(isTransientDatabaseError(new TypeError("cannot read properties of undefined"))).toBe(false);
    expect(isTransientDatabaseError("database is locked")).toBe(false);
    expect(isTransientDatabaseError(null)).toBe(false);
  });
});
