/**
 * Polls `check` until it returns a value (not null, undefined or false); rejects after `timeoutMs` naming
 * `what`. Deadlines are generous on purpose: these tests run on loaded CI machines, and only the condition,
 * never the time it took, is asserted.
 */
export async function waitUntil<T>(
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 60_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
