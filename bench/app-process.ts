// The real app (startTestApp: composition root, migrations, HTTP server, adapters for the tokens in its
// environment) in a process of its own, as in production: the emulators and the load run in the bench's process,
// so they neither share the app's event loop nor count in its memory. Driven over IPC:
//   parent → child: { type: "memory" } | { type: "stop" }
//   child → parent: { type: "ready", port } | { type: "memory", ... } | { type: "stopped" } | { type: "failed", error }
// BENCH_APP_LOG=info (or another pino level) shows the app's own logs on stderr, to see what it is doing.
import { readFileSync } from "node:fs";
import pino from "pino";
import { startTestApp } from "../test/support/test-app.ts";

/** Memory of the app's process. */
export interface AppMemory {
  /** Resident set size now, bytes. */
  readonly rss: number;
  /** The highest resident set size so far (VmHWM), bytes; null where /proc is not available. */
  readonly peakRss: number | null;
  readonly heapUsed: number;
}

export type ChildMessage =
  | { readonly type: "ready"; readonly port: number }
  | ({ readonly type: "memory" } & AppMemory)
  | { readonly type: "stopped" }
  | { readonly type: "failed"; readonly error: string };

export type ParentMessage = { readonly type: "memory" } | { readonly type: "stop" };

function send(message: ChildMessage): void {
  process.send?.(message);
}

function memory(): AppMemory {
  let peakRss: number | null = null;
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    peakRss = match ? Number(match[1]) * 1024 : null;
  } catch {
    peakRss = null;
  }
  const usage = process.memoryUsage();
  return { rss: usage.rss, peakRss, heapUsed: usage.heapUsed };
}

if (process.send) {
  const env = JSON.parse(process.argv[2] ?? "{}") as Record<string, string>;
  try {
    const level = process.env.BENCH_APP_LOG;
    const app = await startTestApp(env, level ? { logger: pino({ level }, process.stderr) } : {});
    process.on("message", (message: ParentMessage) => {
      if (message.type === "memory") send({ type: "memory", ...memory() });
      else if (message.type === "stop") {
        void app.dispose().then(
          () => {
            send({ type: "stopped" });
            process.disconnect();
          },
          (error: unknown) => {
            send({ type: "failed", error: String(error) });
            process.disconnect();
          },
        );
      }
    });
    // The parent going away (a crash, Ctrl-C) must not leave the app running.
    process.on("disconnect", () => {
      void app.dispose().finally(() => process.exit(0));
    });
    send({ type: "ready", port: app.port });
  } catch (error) {
    send({ type: "failed", error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.disconnect();
  }
}
