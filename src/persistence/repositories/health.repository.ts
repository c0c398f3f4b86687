import type { HealthCheck } from "../../core/ports/repositories.port.ts";
import type { DatabaseClient } from "../database-client.ts";

/** How long a ping may take before the database counts as down. */
const PING_TIMEOUT_MS = 2_000;

/** Answers /healthz: whether `SELECT 1` comes back quickly. */
export class HealthCheckPrisma implements HealthCheck {
  readonly #prisma: DatabaseClient;
  readonly #timeoutMs: number;

  constructor(prisma: DatabaseClient, timeoutMs = PING_TIMEOUT_MS) {
    this.#prisma = prisma;
    this.#timeoutMs = timeoutMs;
  }

  async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.#timeoutMs);
    });
    const query = this.#prisma.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
