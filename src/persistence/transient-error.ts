/**
 * Prisma's codes for a database out of reach for a while: cannot reach or timed out reaching the server
 * (P1001, P1002), operation timed out (P1008), server closed the connection (P1017), no pooled connection
 * in time (P2024), write conflict or deadlock (P2034).
 */
const TRANSIENT_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2034"]);

/** Driver codes of the same: SQLite busy or locked; sockets refused, reset or timed out. */
const TRANSIENT_DRIVER_CODES = new Set([
  "SQLITE_BUSY",
  "SQLITE_BUSY_SNAPSHOT",
  "SQLITE_BUSY_RECOVERY",
  "SQLITE_LOCKED",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
]);

/** Driver adapter error kinds (Prisma 7) that mean "briefly unavailable". */
const TRANSIENT_ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TransactionWriteConflict",
]);

/** Messages of errors that carry no code (pg's own, and Prisma's wrapping of them). */
const TRANSIENT_MESSAGE =
  /database is locked|database is busy|Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection|ECONNREFUSED|ECONNRESET|Transaction API error: Transaction already closed|Unable to start a transaction in the given time/i;

/**
 * Whether an error means the database is briefly unavailable (PostgreSQL restarting or unreachable, the
 * SQLite file locked by another process) rather than a bug: the update pipeline then asks the member to
 * try again. Follows `cause` chains, since Prisma wraps the driver's error.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === "object" && current !== null && !seen.has(current)) {
    seen.add(current);
    const candidate = current as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown };
    if (typeof candidate.code === "string") {
      if (TRANSIENT_PRISMA_CODES.has(candidate.code) || TRANSIENT_DRIVER_CODES.has(candidate.code)) return true;
    }
    if (typeof candidate.kind === "string" && TRANSIENT_ADAPTER_KINDS.has(candidate.kind)) return true;
    if (typeof candidate.message === "string" && TRANSIENT_MESSAGE.test(candidate.message)) return true;
    current = candidate.cause;
  }
  return false;
}
