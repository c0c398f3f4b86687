import { type ChildProcess, fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppMemory, ChildMessage, ParentMessage } from "./app-process.ts";

const here = dirname(fileURLToPath(import.meta.url));

/** The app running in a child process (bench/app-process.ts). */
export interface AppProcess {
  readonly port: number;
  readonly pid: number;
  memory(): Promise<AppMemory>;
  /** Stops the app gracefully (or kills it after `timeoutMs`) and waits for the process to end. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts the app in its own process with this environment; resolves once it is up. BENCH_APP_NODE_ARGS adds Node
 * options to that process (for example "--cpu-prof --cpu-prof-dir=/tmp/profiles" to see where its time goes).
 */
export async function startAppProcess(env: Record<string, string>, startTimeoutMs = 60_000): Promise<AppProcess> {
  const child = fork(join(here, "app-process.ts"), [JSON.stringify(env)], {
    execArgv: ["--import", "tsx", ...(process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? [])],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const ready = await nextMessage(child, startTimeoutMs);
    if (ready.type !== "ready")
      throw new Error(`the app did not start: ${ready.type === "failed" ? ready.error : ready.type}`);
    return {
      port: ready.port,
      pid: child.pid!,
      async memory() {
        const answer = nextMessage(child, 60_000);
        child.send({ type: "memory" } satisfies ParentMessage);
        const message = await answer;
        if (message.type !== "memory") throw new Error(`expected memory figures, got ${message.type}`);
        return { rss: message.rss, peakRss: message.peakRss, heapUsed: message.heapUsed };
      },
      async stop(timeoutMs = 30_000) {
        if (child.connected) child.send({ type: "stop" } satisfies ParentMessage);
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    throw error;
  }
}

function nextMessage(child: ChildProcess, timeoutMs: number): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(() => reject(new Error(`no answer from the app within ${timeoutMs} ms`))),
      timeoutMs,
    );
    const onMessage = (message: ChildMessage) => finish(() => resolve(message));
    const onExit = (code: number | null) => finish(() => reject(new Error(`the app's process exited (${code})`)));
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      settle();
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}
