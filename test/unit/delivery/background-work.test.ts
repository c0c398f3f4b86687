import pino from "pino";
import { describe, expect, it } from "vitest";
import { BackgroundWork, Refresher } from "../../../src/core/delivery/background-work.ts";

const quiet = pino({ level: "silent" });

/** A promise and the function that resolves it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("background work", () => {
  it("waits in idle() for work started while it was waiting, and survives a failure", async () => {
    const work = new BackgroundWork(quiet, "failed");
    const done: string[] = [];
    const first = gate();
    work.track(
      first.promise.then(() => {
        done.push("first");
        work.track(Promise.resolve().then(() => done.push("second")));
      }),
    );
    work.track(Promise.reject(new Error("boom")));
    const idle = work.idle();
    first.open();
    await idle;
    expect(done).toEqual(["first", "second"]);
  });
});

describe("a refresher", () => {
  it("never overlaps runs for one key, and many requests during a run make exactly one more run", async () => {
    const work = new BackgroundWork(quiet, "failed");
    const gates = [gate(), gate()];
    let running = 0;
    let most = 0;
    const runs: number[] = [];
    let state = 0;
    const refresher = new Refresher(
      async () => {
        running += 1;
        most = Math.max(most, running);
        const seen = state;
        await gates[runs.length]?.promise;
        runs.push(seen);
        running -= 1;
      },
      work,
      "failed",
    );
    refresher.request("poll-1");
    state = 1;
    refresher.request("poll-1");
    state = 2;
    refresher.request("poll-1");
    gates[0]!.open();
    gates[1]!.open();
    await refresher.settled("poll-1");
    await work.idle();
    expect(runs).toEqual([0, 2]);
    expect(most).toBe(1);
  });

  it("runs different keys side by side", async () => {
    const work = new BackgroundWork(quiet, "failed");
    const seen: string[] = [];
    const hold = gate();
    const refresher = new Refresher(
      async (key) => {
        seen.push(key);
        await hold.promise;
      },
      work,
      "failed",
    );
    refresher.request("a");
    refresher.request("b");
    await Promise.resolve();
    expect(seen).toEqual(["a", "b"]);
    hold.open();
    await work.idle();
  });

  it("lets the next request run again after a failed run", async () => {
    const work = new BackgroundWork(quiet, "failed");
    let calls = 0;
    const refresher = new Refresher(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error("platform down");
      },
      work,
      "failed",
    );
    refresher.request("q");
    await work.idle();
    refresher.request("q");
    await work.idle();
    expect(calls).toBe(2);
  });
});
